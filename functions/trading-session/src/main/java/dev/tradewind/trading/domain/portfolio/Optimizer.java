package dev.tradewind.trading.domain.portfolio;

import java.util.Arrays;

/**
 * Long-only portfolio weights (each in [0, cap], summing to 1) from a covariance matrix: minimum variance, equal risk
 * contribution, and maximum Sharpe ratio for given expected returns. A small, tested solver rather than a library:
 * the problems are at most 50 assets, and the one linear-algebra operation needed (Σw) is a loop.
 *
 * <ul>
 *   <li>Minimum variance and each mean-variance step: accelerated projected gradient (FISTA, step 1/L with L twice
 *       the largest eigenvalue) onto the capped simplex, whose projection is a clip at a threshold found by
 *       bisection.</li>
 *   <li>Equal risk contribution: cyclical coordinate descent on Spinu's convex form
 *       {@code min ½ yᵀΣy − (1/N) Σ ln yᵢ}, {@code w = y / Σy} (Griveau-Billion, Richard & Roncalli 2013).</li>
 *   <li>Maximum Sharpe: the long-only, capped efficient frontier {@code max μᵀw − (γ/2) wᵀΣw} traced over γ, then
 *       a golden-section search between the grid points around the best ratio.</li>
 * </ul>
 */
public final class Optimizer {

    static final double TOLERANCE = 1e-12;
    static final int MAX_ITERATIONS = 50_000;

    private Optimizer() {
    }

    /** The weights of least variance. */
    public static double[] minVariance(Covariance covariance, double cap) {
        return meanVariance(covariance, new double[covariance.size()], 1, cap, covariance.largestEigenvalue());
    }

    /** Each asset contributes the same share of the portfolio's variance. Caps do not apply (see the service). */
    public static double[] riskParity(Covariance covariance) {
        int n = covariance.size();
        double[][] s = covariance.matrix();
        double budget = 1.0 / n;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 1 / Math.sqrt(s[i][i]);
        }
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double change = 0;
            for (int i = 0; i < n; i++) {
                double others = 0;
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        others += s[i][j] * y[j];
                    }
                }
                double next = (-others + Math.sqrt(others * others + 4 * s[i][i] * budget)) / (2 * s[i][i]);
                change = Math.max(change, Math.abs(next - y[i]) / next);
                y[i] = next;
            }
            if (change < TOLERANCE) {
                break;
            }
        }
        return normalised(y);
    }

    /**
     * The weights of greatest {@code μᵀw / √(wᵀΣw)} on the capped simplex; {@code null} when no asset's expected
     * return is positive (then no long-only portfolio has a positive ratio).
     */
    public static double[] maxSharpe(Covariance covariance, double[] expected, double cap) {
        if (Arrays.stream(expected).noneMatch(mu -> mu > 0)) {
            return null;
        }
        double largestEigenvalue = covariance.largestEigenvalue();
        double scale = Arrays.stream(expected).map(Math::abs).max().orElse(1)
                / Arrays.stream(diagonal(covariance)).average().orElse(1);
        // Risk aversion from 10⁻⁴ to 10⁶ of the natural scale, eight points a decade.
        int best = 0;
        double bestRatio = Double.NEGATIVE_INFINITY;
        double[] bestWeights = null;
        for (int k = -32; k <= 48; k++) {
            double[] w = meanVariance(covariance, expected, scale * Math.pow(10, k / 8.0), cap, largestEigenvalue);
            double ratio = sharpe(covariance, expected, w);
            if (ratio > bestRatio) {
                best = k;
                bestRatio = ratio;
                bestWeights = w;
            }
        }
        double low = (best - 1) / 8.0;
        double high = (best + 1) / 8.0;
        double golden = (Math.sqrt(5) - 1) / 2;
        for (int iteration = 0; iteration < 40; iteration++) {
            double a = high - golden * (high - low);
            double b = low + golden * (high - low);
            double[] wa = meanVariance(covariance, expected, scale * Math.pow(10, a), cap, largestEigenvalue);
            double[] wb = meanVariance(covariance, expected, scale * Math.pow(10, b), cap, largestEigenvalue);
            double ra = sharpe(covariance, expected, wa);
            double rb = sharpe(covariance, expected, wb);
            if (ra > bestRatio) {
                bestRatio = ra;
                bestWeights = wa;
            }
            if (rb > bestRatio) {
                bestRatio = rb;
                bestWeights = wb;
            }
            if (ra >= rb) {
                high = b;
            } else {
                low = a;
            }
        }
        return bestWeights;
    }

    public static double sharpe(Covariance covariance, double[] expected, double[] w) {
        double mean = 0;
        for (int i = 0; i < w.length; i++) {
            mean += expected[i] * w[i];
        }
        return mean / Math.sqrt(covariance.variance(w));
    }

    /** {@code max μᵀw − (γ/2) wᵀΣw} on the capped simplex (μ = 0: minimum variance). */
    static double[] meanVariance(Covariance covariance, double[] expected, double riskAversion, double cap,
                                 double largestEigenvalue) {
        int n = covariance.size();
        double lipschitz = riskAversion * largestEigenvalue;
        double step = lipschitz > 0 ? 1 / lipschitz : 1;
        double[] w = projectOntoCappedSimplex(new double[n], cap);
        double[] point = w.clone();
        double momentum = 1;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] gradient = covariance.times(point);
            double[] moved = new double[n];
            for (int i = 0; i < n; i++) {
                moved[i] = point[i] - step * (riskAversion * gradient[i] - expected[i]);
            }
            double[] next = projectOntoCappedSimplex(moved, cap);
            // Restart the momentum when it points uphill (O'Donoghue & Candès 2015): linear convergence again.
            double uphill = 0;
            for (int i = 0; i < n; i++) {
                uphill += (point[i] - next[i]) * (next[i] - w[i]);
            }
            if (uphill > 0) {
                momentum = 1;
            }
            double nextMomentum = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
            double change = 0;
            for (int i = 0; i < n; i++) {
                point[i] = next[i] + (momentum - 1) / nextMomentum * (next[i] - w[i]);
                change = Math.max(change, Math.abs(next[i] - w[i]));
            }
            w = next;
            momentum = nextMomentum;
            if (change < TOLERANCE && iteration > 0) {
                break;
            }
        }
        return w;
    }

    /**
     * The point of {@code {x : Σx = 1, 0 ≤ x ≤ cap}} nearest to {@code v}: {@code xᵢ = clip(vᵢ − τ, 0, cap)} with τ
     * such that the sum is 1 (the sum falls as τ grows, so bisection finds it).
     */
    static double[] projectOntoCappedSimplex(double[] v, double cap) {
        double low = Arrays.stream(v).min().orElse(0) - cap;
        double high = Arrays.stream(v).max().orElse(0);
        for (int iteration = 0; iteration < 200; iteration++) {
            double tau = (low + high) / 2;
            if (tau <= low || tau >= high) {
                break; // adjacent doubles: no further step can move either end
            }
            if (clippedSum(v, tau, cap) > 1) {
                low = tau;
            } else {
                high = tau;
            }
        }
        double tau = (low + high) / 2;
        double[] x = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            x[i] = Math.min(cap, Math.max(0, v[i] - tau));
        }
        return x;
    }

    private static double clippedSum(double[] v, double tau, double cap) {
        double sum = 0;
        for (double value : v) {
            sum += Math.min(cap, Math.max(0, value - tau));
        }
        return sum;
    }

    static double[] diagonal(Covariance covariance) {
        double[] d = new double[covariance.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = covariance.matrix()[i][i];
        }
        return d;
    }

    private static double[] normalised(double[] y) {
        double sum = Arrays.stream(y).sum();
        double[] w = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            w[i] = y[i] / sum;
        }
        return w;
    }
}
