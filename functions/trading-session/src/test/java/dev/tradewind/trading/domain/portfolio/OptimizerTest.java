package dev.tradewind.trading.domain.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.testing.Repository;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    /** A covariance with no shrinkage: the matrix as given. */
    private static Covariance of(double[][] matrix) {
        double[] variances = new double[matrix.length];
        for (int i = 0; i < matrix.length; i++) {
            variances[i] = matrix[i][i];
        }
        return new Covariance(matrix, new double[matrix.length], variances, 0, 1000);
    }

    private static double[][] diagonal(double... variances) {
        double[][] m = new double[variances.length][variances.length];
        for (int i = 0; i < variances.length; i++) {
            m[i][i] = variances[i];
        }
        return m;
    }

    @Test
    void minVariance_ofUncorrelatedAssets_isInverseVariance() {
        double[] w = Optimizer.minVariance(of(diagonal(1, 4)), 1);
        assertEquals(0.8, w[0], 1e-9);
        assertEquals(0.2, w[1], 1e-9);
    }

    @Test
    void largestEigenvalue_ofALongShortSpreadOrthogonalToEqualWeights_isFound() {
        // Eigenvalues 1.5 (1, −1, 0), 0.6 (0, 0, 1) and 0.5 (1, 1, 0): equal weights hold nothing of the largest.
        double[][] matrix = {{1, -0.5, 0}, {-0.5, 1, 0}, {0, 0, 0.6}};
        assertEquals(1.5, of(matrix).largestEigenvalue(), 1e-12);
    }

    @Test
    void minVariance_ofTwoNegativelyCorrelatedAssets_isTheInteriorOptimum() {
        // Equal variances, correlation −0.49: the largest eigenvector is within 10⁻⁷ of (1, −1); Σ⁻¹1 is (½, ½).
        double[][] matrix = {{1e-4, -4.9437e-5}, {-4.9437e-5, 1.0000001e-4}};
        double[] w = Optimizer.minVariance(of(matrix), 1);
        assertEquals(0.5, w[0], 1e-6);
        assertEquals(0.5, w[1], 1e-6);
    }

    @Test
    void minVariance_respectsTheCap_andSumsToOne() {
        double[] w = Optimizer.minVariance(of(diagonal(1, 4, 9)), 0.5);
        assertEquals(0.5, w[0], 1e-9);
        assertEquals(1, Arrays.stream(w).sum(), 1e-12);
        // Below the cap the others are still inverse-variance among themselves: 1/4 : 1/9.
        assertEquals(9.0 / 4, w[1] / w[2], 1e-6);
    }

    @Test
    void minVariance_onARandomProblem_meetsTheOptimalityConditions() {
        Covariance covariance = Covariance.ledoitWolf(randomReturns(new Random(7), 200, 12));
        double[] w = Optimizer.minVariance(covariance, 1);
        double[] marginal = covariance.times(w);
        double level = 0;
        int active = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 1e-9) {
                level += marginal[i];
                active++;
            }
        }
        level /= active;
        for (int i = 0; i < w.length; i++) {
            assertTrue(w[i] >= 0);
            if (w[i] > 1e-9) {
                assertEquals(level, marginal[i], 1e-9 * Math.abs(level), "equal marginal variance where held");
            } else {
                assertTrue(marginal[i] >= level - 1e-9 * Math.abs(level), "a zero weight would not lower it");
            }
        }
    }

    @Test
    void riskParity_equalisesRiskContributions() {
        Covariance covariance = Covariance.ledoitWolf(randomReturns(new Random(11), 300, 8));
        double[] w = Optimizer.riskParity(covariance);
        double[] marginal = covariance.times(w);
        double variance = covariance.variance(w);
        for (int i = 0; i < w.length; i++) {
            assertEquals(1.0 / w.length, w[i] * marginal[i] / variance, 1e-9);
        }
        assertEquals(1, Arrays.stream(w).sum(), 1e-12);
    }

    @Test
    void riskParity_ofUncorrelatedAssets_isInverseVolatility() {
        double[] w = Optimizer.riskParity(of(diagonal(1, 4)));
        assertEquals(2.0 / 3, w[0], 1e-9);
    }

    @Test
    void maxSharpe_ofUncorrelatedAssets_isProportionalToMeanOverVariance() {
        // Tangency weights ∝ Σ⁻¹μ = (0.1/1, 0.1/4) → 0.8, 0.2.
        double[] w = Optimizer.maxSharpe(of(diagonal(1, 4)), new double[] {0.1, 0.1}, 1);
        assertEquals(0.8, w[0], 1e-6);
        assertEquals(0.2, w[1], 1e-6);
    }

    @Test
    void maxSharpe_withCap_beatsEveryOtherFeasiblePortfolioTried() {
        Covariance covariance = Covariance.ledoitWolf(randomReturns(new Random(3), 250, 6));
        double[] mu = {0.02, 0.015, 0.01, -0.005, 0.012, 0.0};
        double[] w = Optimizer.maxSharpe(covariance, mu, 0.4);
        double best = Optimizer.sharpe(covariance, mu, w);
        Random random = new Random(5);
        for (int trial = 0; trial < 2000; trial++) {
            double[] candidate = Optimizer.projectOntoCappedSimplex(random.doubles(6, -1, 1).toArray(), 0.4);
            assertTrue(Optimizer.sharpe(covariance, mu, candidate) <= best + 1e-9);
        }
        assertTrue(Arrays.stream(w).max().orElseThrow() <= 0.4 + 1e-12);
    }

    /**
     * The largest problem a request solves: 50 assets over a 2,000-return lookback (bundled S&P 500 daily stocks).
     * Its 161 mean-variance solves once bisected every projection 200 times, past the last representable threshold:
     * 2.2 s a solve with the function's C1 compiler, so the 20 solves of max-sharpe's budget ran past the 29 s timeout
     * (the time is the allocation backtest's to benchmark, docs/trading.md#backtesting-an-allocation).
     */
    @Test
    void maxSharpe_ofTheLargestProblem_isFeasible_andBeatsEqualWeightsAndMinimumVariance() {
        BundledHistory stocks = BundledHistory.load(Repository.path("data/market/stocks-1d-sp500"));
        int assets = 50;
        double[][] returns = new double[2000][assets];
        for (int j = 0; j < assets; j++) {
            List<Candle> bars = stocks.candles(stocks.instruments().get(j).symbol());
            for (int t = 0; t < returns.length; t++) {
                returns[t][j] = Math.log(bars.get(t + 1).close().doubleValue() / bars.get(t).close().doubleValue());
            }
        }
        Covariance covariance = Covariance.ledoitWolf(returns);
        double[] mu = Arrays.stream(covariance.means()).map(mean -> mean / 2).toArray();

        double[] w = Optimizer.maxSharpe(covariance, mu, 0.1);

        assertEquals(1, Arrays.stream(w).sum(), 1e-9);
        assertTrue(Arrays.stream(w).allMatch(x -> x >= 0 && x <= 0.1 + 1e-12), Arrays.toString(w));
        double best = Optimizer.sharpe(covariance, mu, w);
        double[] equal = new double[assets];
        Arrays.fill(equal, 1.0 / assets);
        assertTrue(best > Optimizer.sharpe(covariance, mu, equal));
        assertTrue(best > Optimizer.sharpe(covariance, mu, Optimizer.minVariance(covariance, 0.1)));
    }

    @Test
    void maxSharpe_withoutAPositiveExpectedReturn_isUndefined() {
        assertNull(Optimizer.maxSharpe(of(diagonal(1, 2)), new double[] {0, -0.1}, 1));
    }

    @Test
    void projection_ontoTheCappedSimplex_isTheNearestFeasiblePoint() {
        double[] x = Optimizer.projectOntoCappedSimplex(new double[] {0.9, 0.5, -0.2}, 0.6);
        assertEquals(0.6, x[0], 1e-12);
        assertEquals(0.4, x[1], 1e-12);
        assertEquals(0, x[2], 1e-12);
    }

    @Test
    void ledoitWolf_shrinksNoisySamplesTowardsTheScaledIdentity() {
        // Independent noise with equal variances: the truth is the target, so shrinkage should be strong.
        Random noiseSource = new Random(1);
        double[][] independent = new double[40][30];
        for (double[] row : independent) {
            for (int j = 0; j < 30; j++) {
                row[j] = 0.01 * noiseSource.nextGaussian();
            }
        }
        Covariance noise = Covariance.ledoitWolf(independent);
        assertTrue(noise.shrinkage() > 0.5, "shrinkage " + noise.shrinkage());
        // One strong common factor over many observations: the sample is informative, shrinkage small.
        Random random = new Random(2);
        double[][] factor = new double[2000][5];
        for (double[] row : factor) {
            double common = random.nextGaussian();
            for (int j = 0; j < 5; j++) {
                row[j] = common + 0.1 * random.nextGaussian();
            }
        }
        Covariance correlated = Covariance.ledoitWolf(factor);
        assertTrue(correlated.shrinkage() < 0.05, "shrinkage " + correlated.shrinkage());
        assertEquals(2000, correlated.observations());
    }

    @Test
    void ledoitWolf_keepsEachAssetsUnbiasedSampleVariance_besideTheShrunkMatrix() {
        // Returns 1, 2, 3, 6 and 0, 0, 0, 4: mean 3 and 1, squared deviations 14 and 12 over T − 1 = 3.
        Covariance covariance = Covariance.ledoitWolf(new double[][] {{1, 0}, {2, 0}, {3, 0}, {6, 4}});
        assertEquals(14.0 / 3, covariance.sampleVariances()[0], 1e-12);
        assertEquals(4.0, covariance.sampleVariances()[1], 1e-12);
        assertTrue(covariance.shrinkage() > 0 && covariance.matrix()[0][0] != 14.0 / 3, "the matrix is shrunk");
    }

    @Test
    void ledoitWolf_ofTwoObservations_isStillPositiveDefinite() {
        Covariance covariance = Covariance.ledoitWolf(randomReturns(new Random(4), 2, 10));
        double[] w = new double[10];
        Arrays.fill(w, 0.1);
        assertTrue(covariance.variance(w) > 0);
        assertTrue(Optimizer.minVariance(covariance, 1).length == 10);
    }

    static double[][] randomReturns(Random random, int t, int n) {
        double[] scale = random.doubles(n, 0.5, 2).toArray();
        double[][] returns = new double[t][n];
        for (double[] row : returns) {
            double common = random.nextGaussian();
            for (int j = 0; j < n; j++) {
                row[j] = 0.01 * scale[j] * (0.5 * common + random.nextGaussian());
            }
        }
        return returns;
    }
}
