package dev.tradewind.trading.domain.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OverfittingTest {

    @Test
    void normal_matchesReferenceValues() {
        // Python's statistics.NormalDist: inv_cdf(0.975), cdf(1.0).
        assertEquals(1.9599639845400536, Overfitting.Normal.inverse(0.975), 1e-8);
        assertEquals(0.8413447460685429, Overfitting.Normal.cdf(1.0), 1e-7);
        assertEquals(-2.3263478740408408, Overfitting.Normal.inverse(0.01), 1e-8);
    }

    @Test
    void deflatedSharpe_formula_matchesAnIndependentComputation() {
        // Reference values computed with Python's statistics.NormalDist from the same formula.
        Overfitting.Deflated many = Overfitting.deflatedSharpe(0.1, 0.0025, 50, 252, -0.5, 5);
        assertEquals(0.1138151546710174, many.expectedMaxSharpe(), 1e-7);
        assertEquals(0.41582398783954677, many.probability(), 1e-6);
        Overfitting.Deflated few = Overfitting.deflatedSharpe(0.2, 0.0025, 10, 1000, 0, 3);
        assertEquals(0.0787299150672875, few.expectedMaxSharpe(), 1e-7);
        assertEquals(0.9999262421036201, few.probability(), 1e-6);
    }

    @Test
    void pureNoise_bestOfManyTrials_isNotSignificant_andOverfitsHalfTheTime() {
        Random random = new Random(42);
        int t = 1600;
        int n = 40;
        double[][] returns = new double[t][n];
        for (double[] row : returns) {
            for (int j = 0; j < n; j++) {
                row[j] = 0.01 * random.nextGaussian();
            }
        }
        double[] sharpes = new double[n];
        int best = 0;
        for (int j = 0; j < n; j++) {
            sharpes[j] = Overfitting.sharpe(column(returns, j));
            if (sharpes[j] > sharpes[best]) {
                best = j;
            }
        }
        Overfitting.Deflated dsr = Overfitting.deflatedSharpe(column(returns, best), sharpes);
        assertTrue(dsr.probability() < 0.95, "the best of 40 noise trials is no discovery: " + dsr);
        Overfitting.Pbo pbo = Overfitting.probabilityOfOverfitting(returns, 16);
        assertEquals(12870, pbo.splits(), "C(16, 8)");
        assertTrue(pbo.probability() > 0.3, "noise: the in-sample winner is a coin flip out of sample: " + pbo);
    }

    @Test
    void aRealEdge_isSignificant_andRarelyOverfits() {
        Random random = new Random(7);
        int t = 1600;
        int n = 20;
        double[][] returns = new double[t][n];
        for (double[] row : returns) {
            for (int j = 0; j < n; j++) {
                row[j] = 0.01 * random.nextGaussian() + (j == 3 ? 0.003 : 0);
            }
        }
        double[] sharpes = new double[n];
        for (int j = 0; j < n; j++) {
            sharpes[j] = Overfitting.sharpe(column(returns, j));
        }
        Overfitting.Deflated dsr = Overfitting.deflatedSharpe(column(returns, 3), sharpes);
        assertTrue(dsr.probability() > 0.95, dsr.toString());
        Overfitting.Pbo pbo = Overfitting.probabilityOfOverfitting(returns, 16);
        assertTrue(pbo.probability() < 0.05, pbo.toString());
    }

    @Test
    void probabilityOfOverfitting_combinationThatNeverTrades_ranksAtZeroNotBelowLosses() {
        // One trading combination and one that never trades (every return 0). The flat one earned nothing, which is
        // above a loss: ranked below everything, it put the in-sample winner above the median in every split and the
        // PBO at 0 whatever the trading one did. 9,400 of the 12,870 splits overfit, computed independently
        // (Python, the reference's CSCV with a flat combination's Sharpe ratio 0).
        int t = 320;
        double[][] returns = new double[t][2];
        for (int i = 0; i < t; i++) {
            returns[i][0] = 0.01 * Math.sin((i + 1) * 12.9898);
        }

        Overfitting.Pbo pbo = Overfitting.probabilityOfOverfitting(returns, 16);

        assertEquals(9400.0 / 12870, pbo.probability(), 1e-12, pbo.toString());
    }

    @Test
    void probabilityOfOverfitting_winnerWithAnIdenticalTwin_sharesTheTiedRanks_andIsNotOverfit() {
        // Two identical combinations (a grid value that changes nothing) and a third that is worse by a constant in
        // every period: the in-sample winner is the best out of sample in every split, tied with its twin. Counting
        // the twin as better put it at the median (ω = 2/4, λ = 0) and the PBO at 1; with the tie's mean rank
        // (2.5) it is above the median in every split: 0, as the reference's CSCV with average ranks gives.
        int t = 320;
        double[][] returns = new double[t][3];
        for (int i = 0; i < t; i++) {
            double r = 0.01 * Math.sin((i + 1) * 12.9898);
            returns[i] = new double[] {r, r, r - 0.002};
        }

        Overfitting.Pbo pbo = Overfitting.probabilityOfOverfitting(returns, 16);

        assertEquals(0, pbo.probability(), pbo.toString());
    }

    private static double[] column(double[][] returns, int j) {
        double[] out = new double[returns.length];
        for (int i = 0; i < returns.length; i++) {
            out[i] = returns[i][j];
        }
        return out;
    }
}
