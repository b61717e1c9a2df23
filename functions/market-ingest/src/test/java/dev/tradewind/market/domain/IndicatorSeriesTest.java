package dev.tradewind.market.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.indicators.CandleSeries;
import dev.tradewind.shared.indicators.Indicators;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class IndicatorSeriesTest {

    private static final Instant START = Instant.parse("2022-01-01T00:00:00Z");

    /** A zig-zag with a drift, so that RSI, ATR and the bands all move. */
    private static List<Candle> bars(int count) {
        List<Candle> bars = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double close = 100 + i * 0.3 + (i % 3 == 0 ? 2 : -1.5);
            bars.add(new Candle("TEST", Interval.H1, START.plus(Duration.ofHours(i)), BigDecimal.valueOf(close - 0.5),
                    BigDecimal.valueOf(close + 1), BigDecimal.valueOf(close - 1), BigDecimal.valueOf(close),
                    BigDecimal.ONE));
        }
        return bars;
    }

    /** The shared indicators over the {@code window} bars that end at bar {@code i}. */
    private static double[] closes(List<Candle> bars, int i, int window) {
        return CandleSeries.closes(bars.subList(i + 1 - window, i + 1));
    }

    @Test
    void values_areTheSharedIndicatorsOverTheHundredBarsEndingAtTheirBar() {
        List<Candle> bars = bars(300);
        IndicatorSeries series = IndicatorSeries.compute(bars, EnumSet.allOf(IndicatorSeries.Name.class), null, null,
                50);
        assertEquals(50, series.points().size());
        assertEquals(100, series.windowBars());
        assertTrue(series.truncated(), "300 bars, 50 answered");
        IndicatorSeries.Point last = series.points().get(49);
        assertEquals(bars.get(299).openTime(), last.openTime());
        double[] close = closes(bars, 299, 100);
        double[] high = CandleSeries.highs(bars.subList(200, 300));
        double[] low = CandleSeries.lows(bars.subList(200, 300));
        assertTenDigits(Indicators.rsi(close, 14)[99], last.values().get("rsi"));
        assertTenDigits(Indicators.ema(close, 20)[99], last.values().get("ema"));
        assertTenDigits(Indicators.atr(high, low, close, 14)[99], last.values().get("atr"));
        assertTenDigits(Indicators.macd(close, 12, 26, 9).signal()[99],
                ((Map<?, ?>) last.values().get("macd")).get("signal"));
        assertTenDigits(Indicators.bollinger(closes(bars, 250, 100), 20, 2).upper()[99],
                ((Map<?, ?>) series.points().getFirst().values().get("bollinger")).get("upper"));
    }

    @Test
    void aBarsValue_doesNotDependOnTheRangeAsked() {
        List<Candle> bars = bars(400);
        IndicatorSeries wide = IndicatorSeries.compute(bars, EnumSet.of(IndicatorSeries.Name.RSI,
                IndicatorSeries.Name.MACD), null, null, 300);
        IndicatorSeries narrow = IndicatorSeries.compute(bars.subList(150, 400), EnumSet.of(IndicatorSeries.Name.RSI,
                IndicatorSeries.Name.MACD), null, bars.get(390).openTime(), 5);
        IndicatorSeries.Point fromWide = wide.points().get(wide.points().size() - 5);
        IndicatorSeries.Point fromNarrow = narrow.points().getFirst();
        assertEquals(fromWide.openTime(), fromNarrow.openTime());
        assertEquals(fromWide.values(), fromNarrow.values());
    }

    @Test
    void aLongerPeriod_getsFiveOfItsPeriods() {
        assertEquals(100, IndicatorSeries.window(null));
        assertEquals(100, IndicatorSeries.window(20));
        assertEquals(500, IndicatorSeries.window(100));
        IndicatorSeries series = IndicatorSeries.compute(bars(600), EnumSet.of(IndicatorSeries.Name.EMA), 60, null, 1);
        assertEquals(300, series.windowBars());
        assertTenDigits(Indicators.ema(closes(bars(600), 599, 300), 60)[299],
                series.points().getFirst().values().get("ema"));
    }

    @Test
    void macd_isOverTheHundredBars_whateverThePeriod() {
        List<Candle> bars = bars(600);
        IndicatorSeries withPeriod = IndicatorSeries.compute(bars, EnumSet.of(IndicatorSeries.Name.MACD,
                IndicatorSeries.Name.EMA), 50, null, 1);
        IndicatorSeries plain = IndicatorSeries.compute(bars, EnumSet.of(IndicatorSeries.Name.MACD), null, null, 1);
        assertEquals(250, withPeriod.windowBars(), "ema 50 gets its five periods");
        Map<?, ?> macd = (Map<?, ?>) withPeriod.points().getFirst().values().get("macd");
        assertEquals(plain.points().getFirst().values().get("macd"), macd);
        assertTenDigits(Indicators.macd(closes(bars, 599, 100), 12, 26, 9).histogram()[99], macd.get("histogram"));
    }

    /** The shared indicator's value, to the ten significant digits the series answers with. */
    public static void assertTenDigits(double expected, Object actual) {
        assertEquals(expected, (Double) actual, Math.abs(expected) * 1e-9);
        assertTrue(new BigDecimal((Double) actual).round(new MathContext(10)).doubleValue() == (Double) actual,
                "at most ten significant digits: " + actual);
    }

    @Test
    void barsWithLessHistoryThanTheWindow_areNull_notZero() {
        IndicatorSeries series = IndicatorSeries.compute(bars(120), EnumSet.of(IndicatorSeries.Name.SMA,
                IndicatorSeries.Name.MACD), 15, null, 30);
        Map<String, Object> first = series.points().getFirst().values();
        assertTrue(first.containsKey("sma"));
        assertNull(first.get("sma"), "bar 90 has 91 bars of history, the window is 100");
        assertNull(((Map<?, ?>) first.get("macd")).get("signal"));
        assertTrue(((Map<?, ?>) first.get("macd")).containsKey("histogram"));
        assertTrue(series.points().get(29).values().get("sma") instanceof Double, "bar 119 has its 100");
        assertEquals(Map.of("period", 15), series.parameters().get(IndicatorSeries.Name.SMA));
    }

    @Test
    void barsUpToToBeyondTheLimit_withoutFrom_areTruncated() {
        IndicatorSeries series = IndicatorSeries.compute(bars(150), EnumSet.of(IndicatorSeries.Name.RSI), null, null,
                20);
        assertTrue(series.truncated(), "150 bars up to to, 20 answered");
        assertEquals(20, series.points().size());
        IndicatorSeries whole = IndicatorSeries.compute(bars(20), EnumSet.of(IndicatorSeries.Name.RSI), null, null,
                20);
        assertFalse(whole.truncated(), "all 20 bars answered");
    }

    @Test
    void aRangeLongerThanTheLimit_isTruncatedToItsNewestBars() {
        List<Candle> bars = bars(100);
        IndicatorSeries series = IndicatorSeries.compute(bars, EnumSet.of(IndicatorSeries.Name.RSI), null,
                bars.get(40).openTime(), 20);
        assertTrue(series.truncated());
        assertEquals(bars.get(80).openTime(), series.points().getFirst().openTime());
        assertEquals(20, series.points().size());
        IndicatorSeries whole = IndicatorSeries.compute(bars, EnumSet.of(IndicatorSeries.Name.RSI), null,
                bars.get(90).openTime(), 20);
        assertFalse(whole.truncated());
        assertEquals(10, whole.points().size());
    }

}
