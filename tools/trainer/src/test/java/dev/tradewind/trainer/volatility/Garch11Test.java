package dev.tradewind.trainer.volatility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Garch11Test {

    /** Simulated GARCH(1,1) returns with Gaussian innovations, fixed seed. */
    static double[] simulate(double omega, double alpha, double beta, int n, long seed) {
        Random random = new Random(seed);
        double[] r = new double[n + 1];
        double variance = omega / (1 - alpha - beta);
        for (int t = 1; t <= n; t++) {
            r[t] = Math.sqrt(variance) * random.nextGaussian();
            variance = omega + alpha * r[t] * r[t] + beta * variance;
        }
        return r;
    }

    @Test
    void fit_recoversTheParametersOfSimulatedData() {
        double[] r = simulate(2e-6, 0.08, 0.90, 20_000, 7);
        Garch11 g = Garch11.fit(r, 1, r.length);
        assertEquals(0.08, g.alpha(), 0.02, g.toString());
        assertEquals(0.90, g.beta(), 0.03, g.toString());
        assertEquals(2e-6 / 0.02, g.unconditionalVariance(), 2e-5, g.toString());
        assertTrue(g.alpha() >= 0 && g.beta() >= 0 && g.persistence() < 1 && g.omega() > 0);
        // the fit is a maximum: nudging a parameter lowers the likelihood
        double best = Garch11.negativeLogLikelihood(g, r, 1, r.length);
        Garch11 nudged = new Garch11(g.omega(), g.alpha() + 0.01, g.beta() - 0.01, g.start());
        assertTrue(Garch11.negativeLogLikelihood(nudged, r, 1, r.length) > best);
        assertEquals(g, Garch11.fit(r, 1, r.length), "deterministic");
    }

    @Test
    void forecast_isTheSumOfTheMeanRevertingStepVariances() {
        Garch11 g = new Garch11(1e-5, 0.1, 0.8, 1e-4);
        double bar = 1e-5 / 0.1;
        double next = 3e-4;
        double expected = 0;
        for (int k = 1; k <= 5; k++) {
            expected += bar + Math.pow(0.9, k - 1) * (next - bar);
        }
        assertEquals(expected, g.forecast(next, 5), 1e-15);
        assertEquals(next, g.forecast(next, 1), 1e-18);
    }
}
