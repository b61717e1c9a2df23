package dev.tradewind.shared.indicators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IndicatorsTest {

    private static final double NAN = Double.NaN;

    /** StockCharts' "Moving Averages" worked example: 10-day EMA of these closes. */
    private static final double[] EMA_EXAMPLE_CLOSES = {22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24,
        22.29, 22.15, 22.39, 22.38, 22.61, 23.36, 24.05, 23.75, 23.83, 23.95, 23.63, 23.82, 23.87, 23.65, 23.19, 23.10,
        23.33, 22.68, 23.10, 22.40, 22.17};
    private static final double[] EMA_EXAMPLE_PUBLISHED = {22.22, 22.21, 22.24, 22.27, 22.33, 22.52, 22.80, 22.97,
        23.13, 23.28, 23.34, 23.43, 23.51, 23.54, 23.47, 23.40, 23.39, 23.26, 23.23, 23.08, 22.92};

    /** StockCharts' "RSI" worked example (14 periods); its sheet rounds the averages to cents at every step. */
    private static final double[] RSI_EXAMPLE_CLOSES = {44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.10, 45.42, 45.84,
        46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.00, 46.03, 46.41, 46.22, 45.64, 46.21, 46.25, 45.71, 46.45, 45.78,
        45.35, 44.03, 44.18, 44.22, 44.57, 43.42, 42.66, 43.13};
    private static final double[] RSI_EXAMPLE_PUBLISHED = {70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26,
        56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87, 45.46, 37.30, 33.08, 37.77};

    @Test
    void sma_windowsAndWarmUp() {
        assertArrayEquals(new double[] {NAN, NAN, 2, 3, 4}, Indicators.sma(new double[] {1, 2, 3, 4, 5}, 3), 1e-12);
    }

    @Test
    void sma_restartsAfterAMissingValue() {
        assertArrayEquals(new double[] {NAN, 1.5, NAN, NAN, 3.5}, Indicators.sma(new double[] {1, 2, NAN, 3, 4}, 2), 1e-12);
    }

    @Test
    void ema_matchesThePublishedWorkedExample() {
        double[] ema = Indicators.ema(EMA_EXAMPLE_CLOSES, 10);
        for (int i = 0; i < 9; i++) {
            assertTrue(Double.isNaN(ema[i]));
        }
        for (int i = 0; i < EMA_EXAMPLE_PUBLISHED.length; i++) {
            assertEquals(EMA_EXAMPLE_PUBLISHED[i], ema[i + 9], 0.011, "EMA at index " + (i + 9));
        }
    }

    @Test
    void rsi_matchesThePublishedWorkedExample() {
        double[] rsi = Indicators.rsi(RSI_EXAMPLE_CLOSES, 14);
        for (int i = 0; i < 14; i++) {
            assertTrue(Double.isNaN(rsi[i]));
        }
        for (int i = 0; i < RSI_EXAMPLE_PUBLISHED.length; i++) {
            assertEquals(RSI_EXAMPLE_PUBLISHED[i], rsi[i + 14], 0.1, "RSI at index " + (i + 14));
        }
    }

    @Test
    void rsi_byHand_withWildersSmoothing() {
        // Changes +1, +1, -1 with period 2: first averages gain 1, loss 0 → 100; then gain 0.5, loss 0.5 → 50.
        assertArrayEquals(new double[] {NAN, NAN, 100, 50}, Indicators.rsi(new double[] {1, 2, 3, 2}, 2), 1e-12);
        assertArrayEquals(new double[] {NAN, NAN, 50}, Indicators.rsi(new double[] {5, 5, 5}, 2), 1e-12);
    }

    @Test
    void macd_ofALinearSeriesIsConstant() {
        // EMA(2) runs one step ahead of EMA(3) on 1..6, so the MACD line is 0.5 and the histogram 0.
        Indicators.Macd macd = Indicators.macd(new double[] {1, 2, 3, 4, 5, 6}, 2, 3, 2);
        assertArrayEquals(new double[] {NAN, NAN, 0.5, 0.5, 0.5, 0.5}, macd.macd(), 1e-12);
        assertArrayEquals(new double[] {NAN, NAN, NAN, 0.5, 0.5, 0.5}, macd.signal(), 1e-12);
        assertArrayEquals(new double[] {NAN, NAN, NAN, 0, 0, 0}, macd.histogram(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Indicators.macd(new double[] {1}, 26, 12, 9));
    }

    @Test
    void bollinger_byHand() {
        // 1..5: mean 3, population σ = √2; bands 3 ± 2√2; %B of 5 = (5 − (3 − 2√2)) / 4√2.
        Indicators.Bollinger bands = Indicators.bollinger(new double[] {1, 2, 3, 4, 5}, 5, 2);
        double sigma = Math.sqrt(2);
        assertEquals(3, bands.middle()[4], 1e-12);
        assertEquals(3 + 2 * sigma, bands.upper()[4], 1e-12);
        assertEquals(3 - 2 * sigma, bands.lower()[4], 1e-12);
        assertEquals((5 - (3 - 2 * sigma)) / (4 * sigma), bands.percentB()[4], 1e-12);
        assertTrue(Double.isNaN(bands.percentB()[3]));
    }

    @Test
    void atr_byHand_includesGapsAcrossTheClose() {
        // TR: 1 (first bar: high − low), 2.5 (high 12 vs prior close 9.5), 3.5 (low 8 vs prior close 11.5).
        double[] high = {10, 12, 11};
        double[] low = {9, 11, 8};
        double[] close = {9.5, 11.5, 9};
        assertArrayEquals(new double[] {1, 2.5, 3.5}, Indicators.trueRange(high, low, close), 1e-12);
        assertArrayEquals(new double[] {NAN, 1.75, 2.625}, Indicators.atr(high, low, close, 2), 1e-12);
    }

    @Test
    void rollingVolatility_isTheSampleDeviationOfLogReturns() {
        // Reference computed independently with Python's statistics.stdev over ln(110/100), ln(99/110), ln(108.9/99).
        double[] volatility = Indicators.rollingVolatility(new double[] {100, 110, 99, 108.9}, 3);
        assertTrue(Double.isNaN(volatility[2]));
        assertEquals(0.11585728004354241, volatility[3], 1e-12);
    }

    @Test
    void invalidPeriods_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> Indicators.sma(new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Indicators.rollingStdDev(new double[] {1}, 1, true));
    }
}
