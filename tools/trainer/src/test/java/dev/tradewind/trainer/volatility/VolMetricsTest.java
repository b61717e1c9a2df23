package dev.tradewind.trainer.volatility;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.trainer.eval.Bootstrap;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VolMetricsTest {

    @Test
    void qlike_isZeroAtThePerfectForecast_andPenalisesUnderForecastsMore() {
        assertEquals(0, VolMetrics.qlike(2e-4, 2e-4), 1e-15);
        assertEquals(2 - Math.log(2) - 1, VolMetrics.qlike(1e-4, 2e-4), 1e-12);
        assertTrue(VolMetrics.qlike(0.5, 1) > VolMetrics.qlike(2, 1));
    }

    @Test
    void intervalScore_isWidthPlusScaledMisses() {
        assertEquals(2, VolMetrics.intervalScore(-1, 1, 0.5, 0.2), 1e-15);
        assertEquals(2 + 2 / 0.2 * 0.5, VolMetrics.intervalScore(-1, 1, 1.5, 0.2), 1e-12);
        assertEquals(2 + 2 / 0.05 * 1, VolMetrics.intervalScore(-1, 1, -2, 0.05), 1e-12);
    }

    @Test
    void conformal_takesTheFiniteSampleOrderStatistics() {
        double[] sorted = new double[99];
        for (int i = 0; i < 99; i++) {
            sorted[i] = i + 1;
        }
        // n = 99, alpha = 0.2: lower floor(100 * 0.1) = 10th, upper ceil(100 * 0.9) = 90th
        assertArrayEquals(new double[] {10, 90}, VolMetrics.conformal(sorted, 0.2));
        assertArrayEquals(new double[] {2, 98}, VolMetrics.conformal(sorted, 0.05));
    }

    /**
     * The level comes as 1 − 0.8 = 0.19999999999999996: (n + 1)·α/2 for the crypto family's 18,459 calibration rows
     * is 1845.9999999999995 in doubles, whose floor took the 1,845th instead of the 1,846th.
     */
    @Test
    void conformal_levelOneMinusEightTenths_ranksAsTheExactFormula() {
        for (int n : new int[] {19, 499, 18_459}) {
            double[] sorted = new double[n];
            for (int i = 0; i < n; i++) {
                sorted[i] = i + 1;
            }
            double[] bounds = VolMetrics.conformal(sorted, 1 - 0.8);
            // floor((n + 1) · 0.1) and ceil((n + 1) · 0.9) in integers
            assertArrayEquals(new double[] {(n + 1) / 10, ((n + 1) * 9 + 9) / 10}, bounds, "n = " + n);
        }
    }

    @Test
    void mincerZarnowitz_recoversALinearRelation() {
        double[] f = {1, 2, 3, 4, 5};
        double[] y = {2.5, 4.5, 6.5, 8.5, 10.5};
        VolMetrics.MincerZarnowitz mz = VolMetrics.mincerZarnowitz(f, y);
        assertEquals(0.5, mz.a(), 1e-12);
        assertEquals(2, mz.b(), 1e-12);
        assertEquals(1, mz.r2(), 1e-12);
    }

    @Test
    void bootstrap_coversTheMean_andIsDeterministic() {
        Random random = new Random(3);
        double[] d = new double[2000];
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.1 + random.nextGaussian();
        }
        Bootstrap a = Bootstrap.ofMean(d, 10);
        assertTrue(a.low() < a.mean() && a.mean() < a.high());
        assertTrue(a.low() < 0.1 && 0.1 < a.high());
        assertEquals(a, Bootstrap.ofMean(d, 10));
    }

    @Test
    void leastSquares_recoversCoefficients_andTheResidualVariance() {
        Random random = new Random(11);
        double[] stats = LeastSquares.newStatistics(2);
        for (int i = 0; i < 5000; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian()};
            LeastSquares.accumulate(stats, x, 1 + 2 * x[0] - 0.5 * x[1] + 0.1 * random.nextGaussian());
        }
        LeastSquares.Fit fit = LeastSquares.fit(stats, 2);
        assertEquals(1, fit.intercept(), 0.01);
        assertEquals(2, fit.beta()[0], 0.01);
        assertEquals(-0.5, fit.beta()[1], 0.01);
        assertEquals(0.01, fit.residualVariance(), 0.001);
    }
}
