package dev.tradewind.model.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.indicators.CandleSeries;
import dev.tradewind.shared.indicators.Indicators;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.Repository;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureSetTest {

    private static final BundledHistory HISTORY = BundledHistory.load(Repository.path("data/market"));

    private static List<Candle> btc(int from, int count) {
        return HISTORY.candles("BTCUSDT").subList(from, from + count);
    }

    private static float feature(FeatureSet set, float[] vector, String name) {
        return vector[set.names().indexOf(name)];
    }

    @Test
    void names_areUniqueAndPerInterval() {
        assertEquals(15, FeatureSet.HOURLY.size());
        assertEquals(13, FeatureSet.DAILY.size());
        assertEquals(FeatureSet.HOURLY.size(), new HashSet<>(FeatureSet.HOURLY.names()).size());
        assertTrue(FeatureSet.HOURLY.names().contains("hour_sin"));
        assertTrue(!FeatureSet.DAILY.names().contains("hour_sin"));
        assertEquals(FeatureSet.HOURLY, FeatureSet.forInterval(Interval.H1));
        assertEquals(FeatureSet.DAILY, FeatureSet.forInterval(Interval.D1));
        assertEquals("tradewind-features-v1-1h", FeatureSet.HOURLY.id());
    }

    @Test
    void compute_matchesTheIndicatorsOnTheLastBar() {
        List<Candle> window = btc(5000, 100);
        float[] vector = FeatureSet.HOURLY.compute(window);
        double[] close = CandleSeries.closes(window);
        double last = close[99];
        FeatureSet set = FeatureSet.HOURLY;
        assertEquals((float) Math.log(last / close[98]), feature(set, vector, "log_return_1"), 1e-7);
        assertEquals((float) Math.log(last / close[75]), feature(set, vector, "log_return_24"), 1e-7);
        assertEquals((float) Indicators.rsi(close, 14)[99], feature(set, vector, "rsi_14"));
        assertEquals((float) (Indicators.macd(close, 12, 26, 9).histogram()[99] / last),
                feature(set, vector, "macd_histogram_rel"));
        assertEquals((float) (last / Indicators.sma(close, 50)[99] - 1), feature(set, vector, "sma_50_distance"));
        Candle now = window.getLast();
        double hour = now.openTime().atZone(ZoneOffset.UTC).getHour();
        assertEquals((float) Math.sin(2 * Math.PI * hour / 24), feature(set, vector, "hour_sin"), 1e-6);
        for (float value : vector) {
            assertTrue(Float.isFinite(value), "real bars define every feature");
        }
    }

    @Test
    void compute_usesOnlyTheLastWindowLengthCandles() {
        assertArrayEquals(FeatureSet.HOURLY.compute(btc(400, 100)), FeatureSet.HOURLY.compute(btc(300, 200)));
    }

    @Test
    void compute_tooFewCandles_saysHowManyAreMissing() {
        InsufficientHistoryException error = assertThrows(InsufficientHistoryException.class,
                () -> FeatureSet.HOURLY.compute(btc(0, 60)));
        assertEquals(40, error.missing());
        assertEquals(100, error.required());
    }

    @Test
    void compute_rejectsMixedSeriesAndDisorder() {
        List<Candle> mixed = new ArrayList<>(btc(0, 99));
        mixed.add(HISTORY.candles("ETHUSDT").get(99));
        assertThrows(IllegalArgumentException.class, () -> FeatureSet.HOURLY.compute(mixed));
        List<Candle> reversed = new ArrayList<>(btc(0, 100));
        java.util.Collections.reverse(reversed);
        assertThrows(IllegalArgumentException.class, () -> FeatureSet.HOURLY.compute(reversed));
        assertThrows(IllegalArgumentException.class, () -> FeatureSet.DAILY.compute(btc(0, 100)));
    }

    @Test
    void compute_undefinedValues_areNaNNeverZero() {
        List<Candle> flatVolume = new ArrayList<>();
        for (Candle c : btc(0, 100)) {
            flatVolume.add(new Candle(c.symbol(), c.interval(), c.openTime(), c.open(), c.high(), c.low(), c.close(),
                    BigDecimal.TEN));
        }
        float[] vector = FeatureSet.HOURLY.compute(flatVolume);
        assertTrue(Float.isNaN(feature(FeatureSet.HOURLY, vector, "volume_zscore_24")));
        List<Candle> zeroPrice = new ArrayList<>(btc(0, 99));
        Candle c = btc(99, 1).getFirst();
        zeroPrice.add(new Candle(c.symbol(), c.interval(), c.openTime(), c.open(), c.high(), BigDecimal.ZERO,
                BigDecimal.ZERO, c.volume()));
        float[] broken = FeatureSet.HOURLY.compute(zeroPrice);
        assertTrue(Float.isNaN(feature(FeatureSet.HOURLY, broken, "range_rel")), "division by a zero close");
        assertTrue(Float.isNaN(feature(FeatureSet.HOURLY, broken, "log_return_1")));
    }

    @Test
    void compute_dailyBarsUseTheNewYorkTradingDay() {
        List<Candle> aapl = HISTORY.candles("AAPL").subList(200, 300);
        float[] vector = FeatureSet.DAILY.compute(aapl);
        Candle last = aapl.getLast();
        DayOfWeek actual = last.openTime().atZone(java.time.ZoneId.of("America/New_York")).getDayOfWeek();
        double angle = 2 * Math.PI * (actual.getValue() - 1) / 7;
        assertEquals((float) Math.sin(angle), feature(FeatureSet.DAILY, vector, "day_of_week_sin"), 1e-6);
        assertEquals((float) Math.cos(angle), feature(FeatureSet.DAILY, vector, "day_of_week_cos"), 1e-6);
    }
}
