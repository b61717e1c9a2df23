package dev.tradewind.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationSlopeTest {

    /** Outcomes drawn from sigmoid(slope · logit(p)): a forecast that is calibrated when slope is 1. */
    private static int[] outcomes(double[] p, double slope, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] y = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            double logit = Math.log(p[i] / (1 - p[i]));
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-slope * logit)) ? 1 : 0;
        }
        return y;
    }

    private static double[] forecasts(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = 0.2 + 0.6 * random.nextDouble();
        }
        return p;
    }

    @Test
    void calibratedForecast_hasSlopeNearOne_withinTarget() {
        double[] p = forecasts(100_000, 1);
        CalibrationSlope fit = CalibrationSlope.of(p, outcomes(p, 1.0, 2));
        assertEquals(1.0, fit.slope(), 0.05);
        assertEquals(0.0, fit.intercept(), 0.02);
        assertTrue(fit.slopeStandardError() > 0 && fit.slopeStandardError() < 0.05, fit.toString());
        assertTrue(fit.withinTarget());
    }

    @Test
    void overconfidentForecast_hasSlopeBelowOne_andMissesTheTarget() {
        double[] p = forecasts(100_000, 3);
        CalibrationSlope fit = CalibrationSlope.of(p, outcomes(p, 0.5, 4));
        assertEquals(0.5, fit.slope(), 0.05);
        assertFalse(fit.withinTarget());
    }

    @Test
    void constantForecast_hasNoSlope_andIsJudgedOnLogLossAlone() {
        double[] p = new double[1_000];
        Arrays.fill(p, 0.5347);
        CalibrationSlope fit = CalibrationSlope.of(p, outcomes(p, 1.0, 5));
        assertTrue(Double.isNaN(fit.slope()));
        assertTrue(fit.nearConstant());
        assertNull(fit.slopeInterval());
        assertFalse(fit.withinTarget());
    }

    /**
     * Rows that repeat in runs (as overlapping labels and instruments moving together make them) carry less than
     * their count says: the inverse-Hessian standard error takes every row as new and shrinks with the repeats,
     * while the block bootstrap's interval stays as wide as the distinct rows allow.
     */
    @Test
    void rowsRepeatedInRuns_blockBootstrapIntervalStaysWide_standardErrorShrinks() {
        int distinct = 2_000;
        int run = 24;
        double[] p = forecasts(distinct, 6);
        int[] y = outcomes(p, 1.0, 7);
        double[] repeatedP = new double[distinct * run];
        int[] repeatedY = new int[distinct * run];
        for (int i = 0; i < repeatedP.length; i++) {
            repeatedP[i] = p[i / run];
            repeatedY[i] = y[i / run];
        }

        CalibrationSlope alone = CalibrationSlope.withInterval(p, y, 1);
        CalibrationSlope repeated = CalibrationSlope.withInterval(repeatedP, repeatedY, run);

        assertEquals(alone.slope(), repeated.slope(), 1e-6);
        double aloneWidth = alone.slopeInterval().high() - alone.slopeInterval().low();
        double repeatedWidth = repeated.slopeInterval().high() - repeated.slopeInterval().low();
        assertEquals(aloneWidth, repeatedWidth, 0.25 * aloneWidth, "the distinct rows' spread");
        assertTrue(repeatedWidth > 3 * 2 * 1.96 * repeated.slopeStandardError(),
                repeated + ": the standard error of independent rows is about 1/sqrt(24) of it");
        assertTrue(repeated.slopeInterval().low() < repeated.slope()
                && repeated.slope() < repeated.slopeInterval().high());
    }
}
