package dev.tradewind.market.domain.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.market.domain.provider.RawBar;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandleValidatorTest {

    private static final Instrument BTC = new Instrument("BTCUSDT", "Bitcoin", AssetClass.CRYPTO, "BINANCE", "USDT", Interval.H1);
    private static final Instrument AAPL = new Instrument("AAPL", "Apple", AssetClass.STOCK, "NASDAQ", "USD", Interval.D1);
    private static final Instant NOW = Instant.parse("2022-01-03T10:30:00Z");

    private static RawBar bar(String open, String o, String h, String l, String c, String v) {
        return new RawBar(Instant.parse(open), RawBar.decimal(o), RawBar.decimal(h), RawBar.decimal(l), RawBar.decimal(c),
                RawBar.decimal(v));
    }

    private static RawBar good(String open) {
        return bar(open, "100", "110", "90", "105", "12.5");
    }

    private static Map<RejectReason, Integer> rejections(Instrument instrument, RawBar... bars) {
        CandleValidator validator = new CandleValidator(instrument, NOW);
        validator.accept(List.of(bars));
        return validator.rejected();
    }

    @Test
    void wellFormedClosedBars_areAcceptedInOrder() {
        CandleValidator validator = new CandleValidator(BTC, NOW);
        List<Candle> accepted = validator.accept(List.of(good("2022-01-03T08:00:00Z"), good("2022-01-03T09:00:00Z")));
        assertEquals(2, accepted.size());
        assertEquals(new BigDecimal("12.5"), accepted.getFirst().volume());
        assertEquals(Map.of(), validator.rejected());
    }

    @Test
    void eachKindOfBadBar_isRejectedAndCountedByReason() {
        assertEquals(Map.of(RejectReason.MISSING_VALUE, 1), rejections(BTC, bar("2022-01-03T08:00:00Z", "100", "110", "90", "NaN", "1")));
        assertEquals(Map.of(RejectReason.MISSING_VALUE, 1), rejections(BTC, bar("2022-01-03T08:00:00Z", "100", null, "90", "95", "1")));
        assertEquals(Map.of(RejectReason.NON_POSITIVE, 1), rejections(BTC, bar("2022-01-03T08:00:00Z", "100", "110", "-90", "95", "1")));
        assertEquals(Map.of(RejectReason.NON_POSITIVE, 1), rejections(BTC, bar("2022-01-03T08:00:00Z", "100", "110", "90", "95", "-1")));
        assertEquals(Map.of(RejectReason.HIGH_BELOW_LOW, 1), rejections(BTC, bar("2022-01-03T08:00:00Z", "100", "80", "90", "85", "1")));
        assertEquals(Map.of(RejectReason.OUTSIDE_RANGE, 1), rejections(BTC, bar("2022-01-03T08:00:00Z", "100", "110", "90", "111", "1")));
        assertEquals(Map.of(RejectReason.OUTSIDE_RANGE, 1), rejections(BTC, bar("2022-01-03T08:00:00Z", "89", "110", "90", "100", "1")));
        assertEquals(Map.of(RejectReason.OFF_CALENDAR, 1), rejections(BTC, good("2022-01-03T08:30:00Z")));
        assertEquals(Map.of(RejectReason.NOT_CLOSED, 1), rejections(BTC, good("2022-01-03T10:00:00Z")));
    }

    @Test
    void aNumberDynamoDbCannotStore_isRejectedAsUnstorable() {
        Map<RejectReason, Integer> unstorable = Map.of(RejectReason.UNSTORABLE, 1);
        assertEquals(unstorable, rejections(BTC, bar("2022-01-03T08:00:00Z", "100", "1E+200", "90", "95", "1")));
        assertEquals(unstorable, rejections(BTC, bar("2022-01-03T08:00:00Z", "100", "110", "90", "95", "1E-200")));
        assertEquals(unstorable, rejections(BTC, bar("2022-01-03T08:00:00Z", "100", "110", "90",
                "95.0000000000000000000000000000000000001", "1")));
        assertEquals(Map.of(), rejections(BTC, bar("2022-01-03T08:00:00Z", "100", "9.9E+125", "90",
                "95.000000000000000000000000000000000001", "1E-130")), "38 digits and the extremes fit");
    }

    @Test
    void duplicateAndOutOfOrderTimestamps_areRejected() {
        assertEquals(Map.of(RejectReason.DUPLICATE, 1), rejections(BTC, good("2022-01-03T08:00:00Z"), good("2022-01-03T08:00:00Z")));
        assertEquals(Map.of(RejectReason.OUT_OF_ORDER, 1), rejections(BTC, good("2022-01-03T08:00:00Z"), good("2022-01-03T07:00:00Z")));
    }

    @Test
    void dailyStockBars_mustBeKeyedBySessionOpenAndClosedAtFourPm() {
        Instant fridayOpen = Instant.parse("2021-12-31T14:30:00Z");
        CandleValidator validator = new CandleValidator(AAPL, NOW);
        assertEquals(1, validator.accept(List.of(good(fridayOpen.toString()))).size());
        assertEquals(Map.of(RejectReason.OFF_CALENDAR, 1), rejections(AAPL, good("2021-12-31T00:00:00Z")));
        // Monday 2022-01-03's session opened at 14:30Z but closes at 21:00Z, after NOW.
        CandleValidator beforeClose = new CandleValidator(AAPL, Instant.parse("2022-01-03T20:59:59Z"));
        beforeClose.accept(List.of(good("2022-01-03T14:30:00Z")));
        assertEquals(Map.of(RejectReason.NOT_CLOSED, 1), beforeClose.rejected());
        CandleValidator atClose = new CandleValidator(AAPL, Instant.parse("2022-01-03T21:00:00Z"));
        assertEquals(1, atClose.accept(List.of(good("2022-01-03T14:30:00Z"))).size());
    }

    @Test
    void firstOpenAtOrAfter_roundsUpToTheNextBarThatMayOpen() {
        assertEquals(Instant.parse("2022-01-03T08:00:00Z"), firstOpen(BTC, "2022-01-03T08:00:00Z"));
        assertEquals(Instant.parse("2022-01-03T09:00:00Z"), firstOpen(BTC, "2022-01-03T08:12:00Z"));
        assertEquals(Instant.parse("2022-01-03T09:00:00Z"), firstOpen(BTC, "2022-01-03T08:00:00.001Z"));
        assertEquals(Instant.parse("2022-01-03T14:30:00Z"), firstOpen(AAPL, "2022-01-03T14:30:00Z"));
        assertEquals(Instant.parse("2022-01-03T14:30:00Z"), firstOpen(AAPL, "2022-01-03T05:00:00Z"));
        // Friday after the close: the next session is Tuesday, Monday being Martin Luther King Jr. Day.
        assertEquals(Instant.parse("2022-01-18T14:30:00Z"), firstOpen(AAPL, "2022-01-14T21:30:00Z"));
    }

    private static Instant firstOpen(Instrument instrument, String t) {
        return CandleValidator.firstOpenAtOrAfter(instrument, Instant.parse(t));
    }

    @Test
    void dailyStockBarsOnAWeekendOrAHoliday_areRejectedAsOffCalendar() {
        CandleValidator validator = new CandleValidator(AAPL, Instant.parse("2022-01-20T00:00:00Z"));
        List<Candle> accepted = validator.accept(List.of(
                good("2022-01-01T14:30:00Z"),   // Saturday, 09:30 New York
                good("2022-01-14T14:30:00Z"),   // Friday
                good("2022-01-17T14:30:00Z"))); // Martin Luther King Jr. Day: NYSE closed
        assertEquals(List.of(Instant.parse("2022-01-14T14:30:00Z")), accepted.stream().map(Candle::openTime).toList());
        assertEquals(Map.of(RejectReason.OFF_CALENDAR, 2), validator.rejected());
    }
}
