package dev.tradewind.predict.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.predict.domain.Accuracy;
import dev.tradewind.predict.domain.Horizon;
import dev.tradewind.predict.domain.Prediction;
import dev.tradewind.predict.domain.PredictionKey;
import dev.tradewind.predict.domain.PredictionStore;
import dev.tradewind.predict.domain.Signal;
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
}
