package dev.tradewind.predict.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.predict.domain.Accuracy;
import dev.tradewind.predict.domain.Horizon;
import dev.tradewind.predict.domain.Outcome;
import dev.tradewind.predict.domain.Prediction;
import dev.tradewind.predict.domain.PredictionKey;
import dev.tradewind.predict.domain.PredictionStore;
import dev.tradewind.predict.domain.Signal;
import dev.tradewind.predict.domain.VolatilityPrediction;
import dev.tradewind.predict.store.InMemoryMarketData;
import dev.tradewind.predict.store.InMemoryPredictionStore;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.shared.market.NyseCalendar;
import dev.tradewind.testing.Repository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccuracyServiceTest {

    private static final Instrument AAPL = new Instrument("AAPL", "Apple", AssetClass.STOCK, "NASDAQ", "USD",
            Interval.D1);
    private static final LocalDate MONDAY = LocalDate.of(2022, 1, 3);
    private static final Clock NOW = Clock.fixed(Instant.parse("2022-01-04T22:00:00Z"), ZoneOffset.UTC);

    private static Candle day(LocalDate date, String close) {
        BigDecimal c = new BigDecimal(close);
        return new Candle("AAPL", Interval.D1, NyseCalendar.sessionOpen(date), c, c, c, c, BigDecimal.ONE);
    }

    /** A store on which the scheduled resolver runs right after the accuracy route has read the log. */
    private static final class ScheduleRacesTheRoute implements PredictionStore {
        private final InMemoryPredictionStore stored = new InMemoryPredictionStore();
        private final PredictionResolver schedule;
        private boolean raced;

        ScheduleRacesTheRoute(InMemoryMarketData market) {
            schedule = new PredictionResolver(market, stored, NOW);
        }

        @Override
        public Optional<Prediction> find(PredictionKey key) {
            return stored.find(key);
        }

        @Override
        public Prediction putIfAbsent(Prediction prediction) {
            return stored.putIfAbsent(prediction);
        }

        @Override
        public List<Prediction> series(String symbol, Interval interval, Instant from, Instant to,
                                       boolean withFeatures) {
            List<Prediction> read = stored.series(symbol, interval, from, to, withFeatures);
            if (!raced) {
                raced = true;
                assertEquals(1, schedule.resolveDue(10, () -> true).resolved());
            }
            return read;
        }

        @Override
        public List<Prediction> pendingDue(Interval interval, Instant now, int limit) {
            return stored.pendingDue(interval, now, limit);
        }

        @Override
        public boolean updatePending(Prediction before, Prediction updated) {
            return stored.updatePending(before, updated);
        }
    }

    @Test
    void aPredictionTheScheduleResolvesMeanwhile_isReportedResolved() {
        InMemoryMarketData market = new InMemoryMarketData().add(AAPL, List.of(day(MONDAY, "180"),
                day(MONDAY.plusDays(1), "182")));
        ScheduleRacesTheRoute store = new ScheduleRacesTheRoute(market);
        Instant asOf = NyseCalendar.sessionOpen(MONDAY);
        Instant due = Horizon.due(MarketCalendar.of(AssetClass.STOCK), Interval.D1, asOf, 1);
        store.putIfAbsent(new Prediction(new PredictionKey("AAPL", Interval.D1, asOf, "stocks-1d-test"),
                AssetClass.STOCK, asOf, 0.6f, null, new BigDecimal("180"), new BigDecimal("179"), 1, due, Signal.BUY,
                0.05, true, false, due, null, 0));
        AccuracyService service = new AccuracyService(store, new PredictionResolver(market, store, NOW),
                ModelRegistry.load(Optional.of(Repository.path("models"))), NOW);

        Accuracy accuracy = service.accuracy(AAPL, Interval.D1, Duration.ofDays(7), "7d");

        assertEquals(0, accuracy.resolvedNow());
        assertEquals(1, accuracy.resolved());
        assertEquals(0, accuracy.pending());
    }

    private static final Instrument BTC = new Instrument("BTCUSDT", "Bitcoin", AssetClass.CRYPTO, "BINANCE", "USDT",
            Interval.H1);
    private static final Instant T = Instant.parse("2022-01-03T00:00:00Z");

    /** A crypto-1h prediction from the candle opened {@code k} hours after T: direction and range in 4 bars, vol 24. */
    private static Prediction hourly(int k, boolean directionResolved) {
        MarketCalendar calendar = MarketCalendar.of(AssetClass.CRYPTO);
        Instant asOf = T.plus(Duration.ofHours(k));
        Instant due = Horizon.due(calendar, Interval.H1, asOf, 4);
        Instant bar = asOf.plus(Duration.ofHours(4));
        VolatilityPrediction v = new VolatilityPrediction(24, 0.0004, 0.0005, 0.5,
                Horizon.due(calendar, Interval.H1, asOf, 24), 4, due,
                List.of(new VolatilityPrediction.Band(0.8, new BigDecimal("95"), new BigDecimal("105"))),
                directionResolved ? new VolatilityPrediction.RangeOutcome(Outcome.Status.RESOLVED, due, bar,
                        new BigDecimal("100")) : null, null);
        Outcome outcome = directionResolved ? Outcome.resolved(due, bar, new BigDecimal("100"),
                new BigDecimal("100")) : null;
        return new Prediction(new PredictionKey("BTCUSDT", Interval.H1, asOf, "crypto-1h-test"), AssetClass.CRYPTO,
                asOf, 0.6f, null, new BigDecimal("100"), new BigDecimal("100"), 4, due, Signal.BUY, 0.2, false,
                false, directionResolved ? v.dueAt() : due, outcome, 0, v);
    }

    @Test
    void accuracy_resolvesTheNewestDuePredictions_whenOlderOnesWaitForABarIngestionHasNotRefilled() {
        // Bar T+24h has not arrived: the volatility parts of the 24 predictions before it wait for it (one's
        // direction too). The 6 made after it are past their horizon and their bars are stored.
        List<Candle> bars = new ArrayList<>();
        for (int k = 0; k <= 60; k++) {
            if (k != 24) {
                BigDecimal c = new BigDecimal("100");
                bars.add(new Candle("BTCUSDT", Interval.H1, T.plus(Duration.ofHours(k)), c, c, c, c, BigDecimal.ONE));
            }
        }
        InMemoryMarketData market = new InMemoryMarketData().add(BTC, bars);
        InMemoryPredictionStore store = new InMemoryPredictionStore();
        for (int k = 0; k < 24; k++) {
            store.putIfAbsent(hourly(k, k + 4 != 24));
        }
        for (int k = 30; k < 36; k++) {
            store.putIfAbsent(hourly(k, false));
        }
        Clock now = Clock.fixed(T.plus(Duration.ofHours(50)), ZoneOffset.UTC);
        AccuracyService service = new AccuracyService(store, new PredictionResolver(market, store, now),
                ModelRegistry.load(Optional.of(Repository.path("models"))), now);

        Accuracy accuracy = service.accuracy(BTC, Interval.H1, Duration.ofDays(7), "7d");

        assertEquals(6, accuracy.resolvedNow(), "the route's budget is not spent on predictions still waiting");
        assertEquals(29, accuracy.resolved());
        assertEquals(1, accuracy.pending(), "the one decided by the missing bar");
    }
}
