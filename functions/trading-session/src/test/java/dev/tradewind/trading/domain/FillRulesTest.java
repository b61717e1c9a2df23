package dev.tradewind.trading.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.trading.domain.FillRules.AtPlacement;
import dev.tradewind.trading.domain.FillRules.FillNow;
import dev.tradewind.trading.domain.FillRules.OnCandle;
import dev.tradewind.trading.domain.FillRules.Rest;
import dev.tradewind.trading.domain.FillRules.Terms;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FillRulesTest {

    private static final BigDecimal SLIP = new BigDecimal("5");
    private static final BigDecimal PCT = new BigDecimal("0.1");
    private static final BigDecimal REF = new BigDecimal("100");

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static Terms terms(Side side, OrderType type, String limit, String stop) {
        return new Terms(side, type, limit == null ? null : d(limit), stop == null ? null : d(stop));
    }

    private static Candle candle(String open, String high, String low, String close) {
        return new Candle("TEST", Interval.H1, Instant.parse("2022-01-04T15:00:00Z"), d(open), d(high), d(low),
                d(close), BigDecimal.ONE);
    }

    private static void assertFill(String price, AtPlacement outcome) {
        FillNow fill = (FillNow) outcome;
        assertEquals(0, d(price).compareTo(fill.price()), "fill at " + fill.price());
    }

    private static void assertFill(String price, OnCandle outcome) {
        assertEquals(0, d(price).compareTo(outcome.fillPrice()), "fill at " + outcome.fillPrice());
    }

    @Test
    void market_fillsAtTheReferencePlusSlippageAgainstTheTrader() {
        assertFill("100.05", FillRules.atPlacement(terms(Side.BUY, OrderType.MARKET, null, null), REF, SLIP, PCT));
        assertFill("99.95", FillRules.atPlacement(terms(Side.SELL, OrderType.MARKET, null, null), REF, SLIP, PCT));
    }

    @Test
    void limitCrossingByMoreThanThePercentage_isMarketableAndNeverFillsWorseThanItsLimit() {
        assertFill("100.05", FillRules.atPlacement(terms(Side.BUY, OrderType.LIMIT, "100.2", null), REF, SLIP, PCT));
        // Slippage would take it to 100.10; the limit 100.11 crosses 100.10 (0.1%) by more, and caps nothing.
        assertFill("100.1", FillRules.atPlacement(terms(Side.BUY, OrderType.LIMIT, "100.11", null), REF,
                d("10"), PCT));
        // Slippage 50 bps would take it to 100.50, above the limit: it fills at the limit.
        assertFill("100.2", FillRules.atPlacement(terms(Side.BUY, OrderType.LIMIT, "100.2", null), REF, d("50"), PCT));
        assertFill("99.95", FillRules.atPlacement(terms(Side.SELL, OrderType.LIMIT, "99.8", null), REF, SLIP, PCT));
    }

    @Test
    void limitCrossingByLessThanThePercentage_orNotAtAll_rests() {
        assertEquals(new Rest(false), FillRules.atPlacement(terms(Side.BUY, OrderType.LIMIT, "100.1", null), REF,
                SLIP, PCT));
        assertEquals(new Rest(false), FillRules.atPlacement(terms(Side.BUY, OrderType.LIMIT, "99", null), REF, SLIP,
                PCT));
        assertEquals(new Rest(false), FillRules.atPlacement(terms(Side.SELL, OrderType.LIMIT, "99.9", null), REF,
                SLIP, PCT));
    }

    @Test
    void stopAlreadyThroughTheReference_firesAsAMarketOrder() {
        FillNow fill = (FillNow) FillRules.atPlacement(terms(Side.BUY, OrderType.STOP, null, "99"), REF, SLIP, PCT);
        assertEquals(0, d("100.05").compareTo(fill.price()));
        assertTrue(fill.triggered());
        assertEquals(new Rest(false), FillRules.atPlacement(terms(Side.BUY, OrderType.STOP, null, "101"), REF, SLIP,
                PCT));
        assertFill("99.95", FillRules.atPlacement(terms(Side.SELL, OrderType.STOP, null, "100"), REF, SLIP, PCT));
    }

    @Test
    void stopLimitTriggeredAtPlacement_becomesALimitOrder() {
        assertEquals(new Rest(true), FillRules.atPlacement(terms(Side.BUY, OrderType.STOP_LIMIT, "99.5", "99"), REF,
                SLIP, PCT));
        FillNow fill = (FillNow) FillRules.atPlacement(terms(Side.BUY, OrderType.STOP_LIMIT, "101", "99"), REF,
                SLIP, PCT);
        assertTrue(fill.triggered());
        assertEquals(0, d("100.05").compareTo(fill.price()));
        assertEquals(new Rest(false), FillRules.atPlacement(terms(Side.BUY, OrderType.STOP_LIMIT, "106", "105"),
                REF, SLIP, PCT));
    }

    @Test
    void restingLimit_fillsAtItsLimitWhenTheRangeReachesIt() {
        assertFill("100", FillRules.onCandle(terms(Side.BUY, OrderType.LIMIT, "100", null), false,
                candle("105", "106", "99", "101"), SLIP));
        assertFill("100", FillRules.onCandle(terms(Side.BUY, OrderType.LIMIT, "100", null), false,
                candle("105", "106", "100", "101"), SLIP));
        assertNull(FillRules.onCandle(terms(Side.BUY, OrderType.LIMIT, "100", null), false,
                candle("105", "106", "100.01", "101"), SLIP).fillPrice());
        assertFill("105", FillRules.onCandle(terms(Side.SELL, OrderType.LIMIT, "105", null), false,
                candle("101", "106", "99", "101"), SLIP));
    }

    @Test
    void restingLimit_gapThroughItsPrice_fillsAtTheOpen() {
        assertFill("98", FillRules.onCandle(terms(Side.BUY, OrderType.LIMIT, "100", null), false,
                candle("98", "99", "97", "98.5"), SLIP));
        assertFill("110", FillRules.onCandle(terms(Side.SELL, OrderType.LIMIT, "105", null), false,
                candle("110", "112", "109", "111"), SLIP));
    }

    @Test
    void restingStop_firesAtItsStopOrAGappingOpen_withSlippage() {
        assertFill("105.0525", FillRules.onCandle(terms(Side.BUY, OrderType.STOP, null, "105"), false,
                candle("101", "106", "100", "104"), SLIP));
        assertFill("107.0535", FillRules.onCandle(terms(Side.BUY, OrderType.STOP, null, "105"), false,
                candle("107", "108", "106", "107"), SLIP));
        assertFill("94.9525", FillRules.onCandle(terms(Side.SELL, OrderType.STOP, null, "95"), false,
                candle("99", "100", "94", "96"), SLIP));
        assertFill("89.955", FillRules.onCandle(terms(Side.SELL, OrderType.STOP, null, "95"), false,
                candle("90", "91", "88", "90"), SLIP));
        assertNull(FillRules.onCandle(terms(Side.SELL, OrderType.STOP, null, "95"), false,
                candle("99", "100", "95.01", "96"), SLIP).fillPrice());
    }

    @Test
    void restingStopLimit_fillsAtTheTriggerWithinItsLimit_elseRestsAsALimitFromTheNextCandle() {
        Terms buy = terms(Side.BUY, OrderType.STOP_LIMIT, "106", "105");
        OnCandle within = FillRules.onCandle(buy, false, candle("104", "108", "103", "107"), SLIP);
        assertTrue(within.triggered());
        assertFill("105", within);

        OnCandle gapped = FillRules.onCandle(buy, false, candle("107", "109", "106.5", "108"), SLIP);
        assertTrue(gapped.triggered());
        assertNull(gapped.fillPrice(), "the open 107 is beyond the limit 106");
        assertFill("106", FillRules.onCandle(buy, true, candle("107", "108", "105.5", "106"), SLIP));
        assertFill("105.9", FillRules.onCandle(buy, true, candle("105.9", "106.5", "105.5", "106"), SLIP));

        OnCandle untouched = FillRules.onCandle(buy, false, candle("100", "104.99", "99", "104"), SLIP);
        assertFalse(untouched.triggered());
        assertNull(untouched.fillPrice());

        Terms sell = terms(Side.SELL, OrderType.STOP_LIMIT, "94", "95");
        assertFill("95", FillRules.onCandle(sell, false, candle("96", "97", "93", "94"), SLIP));
        assertNull(FillRules.onCandle(sell, false, candle("93", "94", "92", "93"), SLIP).fillPrice());
    }

    @Test
    void fillPrices_haveAtMostEightDecimals() {
        OnCandle gap = FillRules.onCandle(terms(Side.BUY, OrderType.LIMIT, "174", null), false,
                candle("172.6999969482422", "175.3000030517578", "171.63999938964844", "172"), SLIP);
        assertEquals(d("172.69999695"), gap.fillPrice());
    }
}
