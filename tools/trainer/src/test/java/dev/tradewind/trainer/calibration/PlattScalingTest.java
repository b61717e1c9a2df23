package dev.tradewind.trainer.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlattScalingTest {

    @Test
    void recoversTheSlopeAndInterceptThatGeneratedTheLabels() {
        double trueA = 0.6;
        double trueB = -0.4;
        SplittableRandom random = new SplittableRandom(5);
        int n = 200_000;
        double[] margins = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            margins[i] = 3 * random.nextGaussian();
            labels[i] = random.nextDouble() < new PlattScaling(trueA, trueB).probability(margins[i]) ? 1 : 0;
        }
        PlattScaling fitted = PlattScaling.fit(margins, labels);
        assertEquals(trueA, fitted.a(), 0.02);
        assertEquals(trueB, fitted.b(), 0.02);
    }

    @Test
    void fitMaximumLikelihood_isTheStationaryPointOfTheUnsmoothedLikelihood() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 5_000;
        double[] margins = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            margins[i] = random.nextGaussian() * 2;
            labels[i] = random.nextDouble() < 1 / (1 + Math.exp(-0.8 * margins[i] + 0.2)) ? 1 : 0;
        }
        PlattScaling fitted = PlattScaling.fitMaximumLikelihood(margins, labels);
        // The score equations of logistic regression with the raw 0/1 outcomes: Σ (y - q) = 0 and Σ (y - q) x = 0.
        double gradientB = 0;
        double gradientA = 0;
        for (int i = 0; i < n; i++) {
            double residual = labels[i] - fitted.probability(margins[i]);
            gradientB += residual;
            gradientA += residual * margins[i];
        }
        assertEquals(0, gradientB, 1e-6);
        assertEquals(0, gradientA, 1e-6);
        assertEquals(0.8, fitted.a(), 0.1);
        assertEquals(-0.2, fitted.b(), 0.1);
    }

    @Test
    void solutionIsTheStationaryPointOfTheSmoothedLikelihood() {
        SplittableRandom random = new SplittableRandom(9);
        int n = 5_000;
        double[] margins = new double[n];
        int[] labels = new int[n];
        int positives = 0;
        for (int i = 0; i < n; i++) {
            margins[i] = random.nextGaussian() * 2;
            labels[i] = random.nextDouble() < 1 / (1 + Math.exp(-1.7 * margins[i] - 0.3)) ? 1 : 0;
            positives += labels[i];
        }
        PlattScaling fitted = PlattScaling.fit(margins, labels);
        double positiveTarget = (positives + 1.0) / (positives + 2.0);
        double negativeTarget = 1.0 / (n - positives + 2.0);
        double gradA = 0;
        double gradB = 0;
        for (int i = 0; i < n; i++) {
            double residual = fitted.probability(margins[i])
                    - (labels[i] == 1 ? positiveTarget : negativeTarget);
            gradA += residual * margins[i];
            gradB += residual;
        }
        // Loss is ~1.6e3 here; a gradient of 1e-4 corresponds to a parameter error below 1e-6.
        assertEquals(0, gradA, 1e-4);
        assertEquals(0, gradB, 1e-4);
    }

    @Test
    void isDeterministic() {
        double[] margins = {-2.1, -0.3, 0.4, 1.9, 0.0, 3.3, -1.1, 0.8};
        int[] labels = {0, 0, 1, 1, 0, 1, 0, 0};
        assertEquals(PlattScaling.fit(margins, labels), PlattScaling.fit(margins, labels));
    }

    @Test
    void staysFiniteOnPerfectlySeparableData() {
        double[] margins = {-3, -2, -1, 1, 2, 3};
        int[] labels = {0, 0, 0, 1, 1, 1};
        PlattScaling fitted = PlattScaling.fit(margins, labels);
        assertTrue(fitted.a() > 0 && fitted.a() < 50, "a = " + fitted.a());
        // With smoothing the fit never claims certainty: targets are 4/5 and 1/5.
        assertTrue(fitted.probability(3) < 0.99);
        assertTrue(fitted.probability(-3) > 0.01);
    }

    @Test
    void singleClassFallsBackToTheSmoothedPrior() {
        PlattScaling fitted = PlattScaling.fit(new double[] {-1, 0, 1, 2}, new int[] {0, 0, 0, 0});
        assertEquals(1.0 / 6.0, fitted.probability(0.5), 1e-6);
    }

    @Test
    void identityLeavesProbabilitiesUnchanged() {
        assertTrue(PlattScaling.IDENTITY.isIdentity());
        assertEquals(1 / (1 + Math.exp(-0.7)), PlattScaling.IDENTITY.probability(0.7), 1e-15);
    }

    @Test
    void rejectsInvalidInput() {
        assertThrows(IllegalArgumentException.class, () -> PlattScaling.fit(new double[0], new int[0]));
        assertThrows(IllegalArgumentException.class,
                () -> PlattScaling.fit(new double[] {1}, new int[] {1, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> PlattScaling.fit(new double[] {Double.NaN}, new int[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> PlattScaling.fit(new double[] {1}, new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> new PlattScaling(Double.NaN, 0));
    }
}
