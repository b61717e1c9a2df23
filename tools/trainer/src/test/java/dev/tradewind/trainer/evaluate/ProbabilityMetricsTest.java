package dev.tradewind.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.trainer.eval.Metrics;
import dev.tradewind.trainer.eval.Reliability;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProbabilityMetricsTest {

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Outcomes drawn with P(y = 1) = sigmoid(a + b · logit(p)): the regression must find a and b. */
    @Test
    void calibrationSlopeRecoversAKnownSlope() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 200_000;
        double[] p = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            p[i] = sigmoid(x);
            y[i] = random.nextDouble() < sigmoid(0.2 + 0.5 * x) ? 1 : 0;
        }
        ProbabilityMetrics.Calibration c = ProbabilityMetrics.calibration(p, y).orElseThrow();
        assertEquals(0.5, c.slope(), 0.02);
        assertEquals(0.2, c.intercept(), 0.02);
        // calibrated forecasts: slope 1, intercept 0
        for (int i = 0; i < n; i++) {
            y[i] = random.nextDouble() < p[i] ? 1 : 0;
        }
        ProbabilityMetrics.Calibration calibrated = ProbabilityMetrics.calibration(p, y).orElseThrow();
        assertEquals(1.0, calibrated.slope(), 0.03);
        assertEquals(0.0, calibrated.intercept(), 0.02);
    }

    @Test
    void constantForecastsHaveNoSlope() {
        double[] p = new double[100];
        Arrays.fill(p, 0.53);
        int[] y = new int[100];
        for (int i = 0; i < 100; i += 2) {
            y[i] = 1;
        }
        assertTrue(ProbabilityMetrics.calibration(p, y).isEmpty());
        p[0] = 0.5300001;   // still (near) constant
        assertTrue(ProbabilityMetrics.calibration(p, y).isEmpty());
    }

    @Test
    void constantLogLossIsTheBaseRateFormula() {
        int[] y = {1, 1, 1, 0};
        assertEquals(-(0.75 * Math.log(0.6) + 0.25 * Math.log(0.4)), ProbabilityMetrics.constantLogLoss(0.6, y), 1e-15);
        // the series' own up-share is the best constant
        assertTrue(ProbabilityMetrics.constantLogLoss(0.75, y) < ProbabilityMetrics.constantLogLoss(0.6, y));
    }

    @Test
    void weightedAucWithUnitWeightsIsTheAuc() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 500;
        double[] p = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.round(random.nextDouble() * 20) / 20.0;   // ties
            y[i] = random.nextDouble() < p[i] ? 1 : 0;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Double.compare(p[a], p[b]));
        int[] order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        assertEquals(Metrics.auc(p, y), ProbabilityMetrics.weightedAuc(order, p, y, ones), 1e-12);
        // doubling every weight changes nothing
        Arrays.fill(ones, 2);
        assertEquals(Metrics.auc(p, y), ProbabilityMetrics.weightedAuc(order, p, y, ones), 1e-12);
    }

    @Test
    void aucBootstrapIsSeededAndBracketsTheEstimate() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 2000;
        double[] p = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = random.nextDouble();
            y[i] = random.nextDouble() < p[i] ? 1 : 0;
        }
        ProbabilityMetrics.Interval a = ProbabilityMetrics.aucBootstrap(p, y, 20);
        ProbabilityMetrics.Interval b = ProbabilityMetrics.aucBootstrap(p, y, 20);
        assertEquals(a, b);
        double auc = Metrics.auc(p, y);
        assertTrue(a.low() < auc && auc < a.high(), a + " vs " + auc);
        assertEquals(20, a.blockRows());
        assertEquals(null, ProbabilityMetrics.aucBootstrap(p, new int[n], 20));
    }

    /** ECE with equal-count bins: forecasts 0.2 (half the rows) and 0.8, observed 0.3 and 0.8. */
    @Test
    void expectedCalibrationErrorWithEqualCountBins() {
        double[] p = new double[20];
        int[] y = new int[20];
        for (int i = 0; i < 10; i++) {
            p[i] = 0.2;
            y[i] = i < 3 ? 1 : 0;
            p[10 + i] = 0.8;
            y[10 + i] = i < 8 ? 1 : 0;
        }
        assertEquals(0.5 * 0.1 + 0.5 * 0.0, Reliability.of(p, y, 2).expectedCalibrationError(), 1e-12);
    }
}
