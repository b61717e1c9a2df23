package dev.tradewind.predict.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.predict.domain.Horizon;
import dev.tradewind.predict.domain.Prediction;
import dev.tradewind.predict.domain.PredictionKey;
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
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionResolverTest {

    private static final Instrument AAPL = new Instrument("AAPL", "Apple", AssetClass.STOCK, "NASDAQ", "USD",
            Interval.D1);

    private static Candle day(LocalDate date, String close) {
        BigDecimal c = new BigDecimal(close);
        return new Candle("AAPL", Interval.D1, NyseCalendar.sessionOpen(date), c, c, c, c, BigDecimal.ONE);
    }

    private static Prediction prediction(Instant asOf, String close) {
        Instant due = Horizon.due(MarketCalendar.of(AssetClass.STOCK), Interval.D1, asOf, 1);
        return new Prediction(new PredictionKey("AAPL", Interval.D1, asOf, "stocks-1d-test"), AssetClass.STOCK,
                asOf, 0.6f, null, new BigDecimal(close), new BigDecimal(close), 1, due, Signal.BUY, 0.05, true,
                false, due, null, 0);
    }

    @Test
    void fridaysPrediction_resolvesOnMondaysClose_aFlatMoveIsNotUp() {
        LocalDate friday = LocalDate.of(2022, 1, 14);
        LocalDate tuesday = LocalDate.of(2022, 1, 18); // Monday the 17th is Martin Luther King Jr. Day
        InMemoryMarketData market = new InMemoryMarketData().add(AAPL, List.of(day(friday, "170"),
                day(tuesday, "170")));
        InMemoryPredictionStore store = new InMemoryPredictionStore();
        Prediction p = store.putIfAbsent(prediction(NyseCalendar.sessionOpen(friday), "170"));
        assertEquals(Instant.parse("2022-01-18T21:00:00Z"), p.dueAt());

        Instant now = Instant.parse("2022-01-18T21:30:00Z");
        var resolver = new PredictionResolver(market, store, Clock.fixed(now, ZoneOffset.UTC));
        PredictionResolver.Summary summary = resolver.resolveDue(10, () -> true);

        assertEquals(1, summary.resolved());
        assertEquals(Duration.ofMinutes(30), summary.maxLag(), "resolved half an hour after it was due");
        Prediction resolved = store.find(p.key()).orElseThrow();
        assertFalse(resolved.isPending());
        assertFalse(resolved.outcome().up(), "close[t+1] > close[t] is the label: equal is not up");
        assertEquals(0.0, resolved.outcome().realisedReturn());
        assertEquals(NyseCalendar.sessionOpen(tuesday), resolved.outcome().barOpen());
    }

    @Test
    void notDueYet_isNotLookedAt_andADeadlineStopsTheRun() {
        LocalDate day = LocalDate.of(2022, 1, 3);
        InMemoryMarketData market = new InMemoryMarketData().add(AAPL, List.of(day(day, "180")));
        InMemoryPredictionStore store = new InMemoryPredictionStore();
        List<Prediction> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add(store.putIfAbsent(prediction(NyseCalendar.sessionOpen(day).minus(Duration.ofDays(7L * i)),
                    "180")));
        }
        var early = new PredictionResolver(market, store, Clock.fixed(Instant.parse("2021-11-01T00:00:00Z"),
                ZoneOffset.UTC));
        assertEquals(0, early.resolveDue(10, () -> true).examined());

        var late = new PredictionResolver(market, store, Clock.fixed(Instant.parse("2022-01-10T00:00:00Z"),
                ZoneOffset.UTC));
        PredictionResolver.Summary stopped = late.resolveDue(10, () -> false);
        assertEquals(0, stopped.examined());
        assertTrue(stopped.more());
    }

    @Test
    void resolveDue_exactlyTheLimitDue_handlesThemAll_andReportsNoBacklog() {
        LocalDate day = LocalDate.of(2022, 1, 3);
        InMemoryMarketData market = new InMemoryMarketData().add(AAPL, List.of(day(day, "180")));
        InMemoryPredictionStore store = new InMemoryPredictionStore();
        for (int i = 0; i < 4; i++) {
            store.putIfAbsent(prediction(NyseCalendar.sessionOpen(day).minus(Duration.ofDays(7L * i)), "180"));
        }
        var resolver = new PredictionResolver(market, store, Clock.fixed(Instant.parse("2022-01-10T00:00:00Z"),
                ZoneOffset.UTC));

        PredictionResolver.Summary first = resolver.resolveDue(3, () -> true);
        PredictionResolver.Summary second = resolver.resolveDue(1, () -> true);

        assertEquals(3, first.examined());
        assertTrue(first.more(), "a fourth was due");
        assertEquals(1, second.examined());
        assertFalse(second.more(), "the last one due was handled: nothing left for the next run");
    }

    @Test
    void retryDelay_isAQuarterOfABar() {
        assertEquals(Duration.ofMinutes(15), PredictionResolver.retryDelay(Interval.H1));
        assertEquals(Duration.ofHours(6), PredictionResolver.retryDelay(Interval.D1));
    }

    private static Prediction withVolatility(Instant asOf, String close) {
        MarketCalendar calendar = MarketCalendar.of(AssetClass.STOCK);
        Instant due = Horizon.due(calendar, Interval.D1, asOf, 1);
        VolatilityPrediction v = new VolatilityPrediction(3, 0.0004, 0.0005, 0.2, Horizon.due(calendar,
                Interval.D1, asOf, 3), 1, due, List.of(new VolatilityPrediction.Band(0.8, new BigDecimal("98"),
                new BigDecimal("102"))), null, null);
        return new Prediction(new PredictionKey("AAPL", Interval.D1, asOf, "stocks-1d-test"), AssetClass.STOCK,
                asOf, 0.6f, null, new BigDecimal(close), new BigDecimal(close), 1, due, Signal.BUY, 0.05, true,
                false, due, null, 0, v);
    }

    @Test
    void volatilityPart_staysPendingAfterTheDirection_thenResolvesWithTheSumOfSquaredLogReturns() {
        LocalDate monday = LocalDate.of(2022, 1, 3);
        InMemoryMarketData market = new InMemoryMarketData().add(AAPL, List.of(day(monday, "100"),
                day(monday.plusDays(1), "101"), day(monday.plusDays(2), "99"), day(monday.plusDays(3), "103")));
        InMemoryPredictionStore store = new InMemoryPredictionStore();
        Prediction p = store.putIfAbsent(withVolatility(NyseCalendar.sessionOpen(monday), "100"));

        var resolver = new PredictionResolver(market, store, Clock.fixed(Instant.parse("2022-01-04T21:30:00Z"),
                ZoneOffset.UTC));
        assertEquals(1, resolver.resolveDue(10, () -> true).resolved());
        Prediction staged = store.find(p.key()).orElseThrow();
        assertTrue(staged.outcome().isResolved());
        assertTrue(staged.volatility().range().isResolved());
        assertEquals(new BigDecimal("101"), staged.volatility().range().close());
        assertTrue(staged.isPending(), "its volatility waits for 3 sessions");
        assertFalse(staged.isDirectionPending());
        assertEquals(Instant.parse("2022-01-06T21:00:00Z"), staged.nextCheckAt());

        var later = new PredictionResolver(market, store, Clock.fixed(Instant.parse("2022-01-06T21:30:00Z"),
                ZoneOffset.UTC));
        assertEquals(1, later.resolveDue(10, () -> true).resolved());
        Prediction done = store.find(p.key()).orElseThrow();
        assertFalse(done.isPending());
        // ln(101/100)² + ln(99/101)² + ln(103/99)² = 0.00009901 + 0.00040003 + 0.00156888 = 0.00206792
        double rv = Math.pow(Math.log(1.01), 2) + Math.pow(Math.log(99.0 / 101), 2) + Math.pow(Math.log(103.0 / 99), 2);
        assertEquals(rv, done.volatility().outcome().realisedVariance(), 1e-15);
        assertEquals(0.0020679, done.volatility().outcome().realisedVariance(), 1e-7);
    }

    @Test
    void volatilityPart_withAGapIngestionRefillsLater_waitsForTheBar_thenResolvesOnTheConsecutiveBars() {
        LocalDate monday = LocalDate.of(2022, 1, 3);
        // Wednesday is missing when the third session after Monday has closed; ingestion refills it a run later.
        List<Candle> withGap = List.of(day(monday, "100"), day(monday.plusDays(1), "101"),
                day(monday.plusDays(3), "99"), day(monday.plusDays(4), "103"));
        InMemoryMarketData market = new InMemoryMarketData().add(AAPL, withGap);
        InMemoryPredictionStore store = new InMemoryPredictionStore();
        Prediction p = store.putIfAbsent(withVolatility(NyseCalendar.sessionOpen(monday), "100"));
        Instant thursdayClose = Instant.parse("2022-01-06T21:30:00Z");

        new PredictionResolver(market, store, Clock.fixed(thursdayClose, ZoneOffset.UTC)).resolveDue(10, () -> true);
        Prediction waiting = store.find(p.key()).orElseThrow();
        assertTrue(waiting.outcome().isResolved());
        assertTrue(waiting.isPending(), "a missing bar may still arrive: the volatility part waits for it");
        assertEquals(null, waiting.volatility().outcome());
        assertEquals(thursdayClose.plus(PredictionResolver.retryDelay(Interval.D1)), waiting.nextCheckAt());

        market.add(AAPL, List.of(day(monday, "100"), day(monday.plusDays(1), "101"), day(monday.plusDays(2), "98"),
                day(monday.plusDays(3), "99"), day(monday.plusDays(4), "103")));
        Instant refilled = waiting.nextCheckAt();
        assertEquals(1, new PredictionResolver(market, store, Clock.fixed(refilled, ZoneOffset.UTC))
                .resolveDue(10, () -> true).resolved());
        Prediction done = store.find(p.key()).orElseThrow();
        assertFalse(done.isPending());
        double rv = Math.pow(Math.log(1.01), 2) + Math.pow(Math.log(98.0 / 101), 2) + Math.pow(Math.log(99.0 / 98), 2);
        assertEquals(rv, done.volatility().outcome().realisedVariance(), 1e-15);
    }

    @Test
    void volatilityPart_withAGapThatIsNeverRefilled_isUnresolvableAfterTheGrace_notStretched() {
        LocalDate monday = LocalDate.of(2022, 1, 3);
        InMemoryMarketData market = new InMemoryMarketData().add(AAPL, List.of(day(monday, "100"),
                day(monday.plusDays(1), "101"), day(monday.plusDays(3), "99"), day(monday.plusDays(4), "103")));
        InMemoryPredictionStore store = new InMemoryPredictionStore();
        Prediction p = store.putIfAbsent(withVolatility(NyseCalendar.sessionOpen(monday), "100"));

        Instant afterGrace = p.volatility().dueAt().plus(Duration.ofDays(PredictionResolver.GRACE_DAYS))
                .plusSeconds(60);
        new PredictionResolver(market, store, Clock.fixed(afterGrace, ZoneOffset.UTC)).resolveDue(10, () -> true);

        Prediction done = store.find(p.key()).orElseThrow();
        assertFalse(done.isPending());
        assertTrue(done.outcome().isResolved());
        assertFalse(done.volatility().outcome().isResolved());
        assertEquals(null, done.volatility().outcome().realisedVariance());
    }

    private static final Instrument BTC = new Instrument("BTCUSDT", "Bitcoin", AssetClass.CRYPTO, "BINANCE", "USDT",
            Interval.H1);
    private static final Instant T = Instant.parse("2022-01-03T00:00:00Z");

    private static Candle hour(int k, String close) {
        BigDecimal c = new BigDecimal(close);
        return new Candle("BTCUSDT", Interval.H1, T.plus(Duration.ofHours(k)), c, c, c, c, BigDecimal.ONE);
    }

    /** A crypto-1h prediction of 4 bars from T at 100, with an 80% range at the same horizon and 24-bar volatility. */
    private static Prediction hourly() {
        MarketCalendar calendar = MarketCalendar.of(AssetClass.CRYPTO);
        Instant due = Horizon.due(calendar, Interval.H1, T, 4);
        VolatilityPrediction v = new VolatilityPrediction(24, 0.0004, 0.0005, 0.5,
                Horizon.due(calendar, Interval.H1, T, 24), 4, due,
                List.of(new VolatilityPrediction.Band(0.8, new BigDecimal("95"), new BigDecimal("105"))), null, null);
        return new Prediction(new PredictionKey("BTCUSDT", Interval.H1, T, "crypto-1h-test"), AssetClass.CRYPTO, T,
                0.6f, null, new BigDecimal("100"), new BigDecimal("100"), 4, due, Signal.BUY, 0.2, false, false, due,
                null, 0, v);
    }

    @Test
    void resolve_missingBarInsideTheHorizon_decidesOnTheCalendarBar_notTheHthStoredOne() {
        // T+2h is missing; T+4h, the bar 4 hours after the candle, closes at 99 (down). T+5h (110, up) is the 4th
        // stored bar after T.
        InMemoryMarketData market = new InMemoryMarketData().add(BTC, List.of(hour(0, "100"), hour(1, "101"),
                hour(3, "102"), hour(4, "99"), hour(5, "110")));
        InMemoryPredictionStore store = new InMemoryPredictionStore();
        Prediction p = store.putIfAbsent(hourly());

        Instant now = T.plus(Duration.ofHours(6)).plusSeconds(60);
        new PredictionResolver(market, store, Clock.fixed(now, ZoneOffset.UTC)).resolveDue(10, () -> true);

        Prediction done = store.find(p.key()).orElseThrow();
        assertEquals(T.plus(Duration.ofHours(4)), done.outcome().barOpen());
        assertFalse(done.outcome().up(), "close[t+4] = 99 < 100: down");
        assertEquals(new BigDecimal("99"), done.volatility().range().close(), "the range closes on the same bar");
    }

    @Test
    void resolve_missingDecidingBar_waits_thenIsUnresolvableAfterTheGrace_neverDecidedByTheNextBar() {
        // T+4h never arrives; T+5h does. The trainer has no label for this candle, and neither may the resolver.
        InMemoryMarketData market = new InMemoryMarketData().add(BTC, List.of(hour(0, "100"), hour(1, "101"),
                hour(2, "102"), hour(3, "103"), hour(5, "110")));
        InMemoryPredictionStore store = new InMemoryPredictionStore();
        Prediction p = store.putIfAbsent(hourly());

        Instant now = T.plus(Duration.ofHours(6)).plusSeconds(60);
        PredictionResolver.Summary first = new PredictionResolver(market, store, Clock.fixed(now, ZoneOffset.UTC))
                .resolveDue(10, () -> true);
        assertEquals(1, first.waiting());
        Prediction waiting = store.find(p.key()).orElseThrow();
        assertTrue(waiting.isDirectionPending());
        assertEquals(null, waiting.volatility().range());
        assertEquals(now.plus(PredictionResolver.retryDelay(Interval.H1)), waiting.nextCheckAt());

        Instant afterGrace = p.volatility().dueAt().plus(Duration.ofDays(PredictionResolver.GRACE_DAYS))
                .plusSeconds(60);
        new PredictionResolver(market, store, Clock.fixed(afterGrace, ZoneOffset.UTC)).resolveDue(10, () -> true);
        Prediction closed = store.find(p.key()).orElseThrow();
        assertFalse(closed.isPending());
        assertFalse(closed.outcome().isResolved());
        assertFalse(closed.volatility().range().isResolved());
        assertFalse(closed.volatility().outcome().isResolved());
    }

    @Test
    void resolve_directionResolved_volatilityBarsNotIngestedYet_isCheckedAgainAtTheVolatilitysDueTime() {
        // Live: the direction's bar has arrived, the 24th bar after the candle has not even closed yet.
        InMemoryMarketData market = new InMemoryMarketData().add(BTC, List.of(hour(0, "100"), hour(1, "101"),
                hour(2, "102"), hour(3, "103"), hour(4, "104")));
        InMemoryPredictionStore store = new InMemoryPredictionStore();
        Prediction p = store.putIfAbsent(hourly());

        Instant now = p.dueAt().plusSeconds(60);
        assertEquals(1, new PredictionResolver(market, store, Clock.fixed(now, ZoneOffset.UTC))
                .resolveDue(10, () -> true).resolved());

        Prediction staged = store.find(p.key()).orElseThrow();
        assertFalse(staged.isDirectionPending());
        assertEquals(p.volatility().dueAt(), staged.nextCheckAt(), "the next part's due time, not a quarter bar later");
    }

    @Test
    void resolveDue_lagOfALaterPart_isMeasuredFromThatPartsDueTime() {
        List<Candle> bars = new ArrayList<>();
        for (int k = 0; k <= 24; k++) {
            bars.add(hour(k, k % 2 == 0 ? "100" : "101"));
        }
        InMemoryMarketData market = new InMemoryMarketData().add(BTC, bars);
        InMemoryPredictionStore store = new InMemoryPredictionStore();
        Prediction p = store.putIfAbsent(hourly());

        PredictionResolver.Summary direction = new PredictionResolver(market, store,
                Clock.fixed(p.dueAt().plus(Duration.ofMinutes(30)), ZoneOffset.UTC)).resolveDue(10, () -> true);
        assertEquals(Duration.ofMinutes(30), direction.maxLag());

        // The volatility part is due 20 hours after the direction; it resolves half an hour after its own due time.
        PredictionResolver.Summary volatility = new PredictionResolver(market, store,
                Clock.fixed(p.volatility().dueAt().plus(Duration.ofMinutes(30)), ZoneOffset.UTC))
                .resolveDue(10, () -> true);
        assertEquals(1, volatility.resolved());
        assertFalse(store.find(p.key()).orElseThrow().isPending());
        assertEquals(Duration.ofMinutes(30), volatility.maxLag());
    }
}
