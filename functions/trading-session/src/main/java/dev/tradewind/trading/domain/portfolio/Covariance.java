package dev.tradewind.trading.domain.portfolio;

import java.util.Arrays;

/**
 * A covariance matrix of per-period returns estimated with Ledoit–Wolf (2004) shrinkage towards a scaled identity:
 * {@code Σ̂ = δ·m·I + (1 − δ)·S}, with S the sample covariance (1/T, returns demeaned), m = tr(S)/N and the intensity δ
 * in closed form from the data ("A well-conditioned estimator for large-dimensional covariance matrices", J.
 * Multivariate Anal. 88, 2004, Lemma 3.2 and Theorem 3.1, with the Frobenius norm ‖A‖² = tr(AAᵀ)/N). With few
 * observations per asset the sample matrix is noisy or singular; the shrunk one is always well conditioned.
 *
 * @param sampleVariances each asset's unbiased sample variance (1/(T − 1)), unshrunk: the spread a t-statistic of
 *                        its mean uses
 */
public record Covariance(double[][] matrix, double[] means, double[] sampleVariances, double shrinkage,
                         int observations) {

    /** @param returns T rows of N per-period returns (T ≥ 2) */
    public static Covariance ledoitWolf(double[][] returns) {
        int t = returns.length;
        int n = returns[0].length;
        if (t < 2) {
            throw new IllegalArgumentException("need at least two observations, have " + t);
        }
        double[] means = new double[n];
        for (double[] row : returns) {
            for (int j = 0; j < n; j++) {
                means[j] += row[j] / t;
            }
        }
        double[][] x = new double[t][n];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < n; j++) {
                x[i][j] = returns[i][j] - means[j];
            }
        }
        double[][] sample = new double[n][n];
        for (double[] row : x) {
            for (int a = 0; a < n; a++) {
                for (int b = a; b < n; b++) {
                    sample[a][b] += row[a] * row[b] / t;
                }
            }
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < a; b++) {
                sample[a][b] = sample[b][a];
            }
        }
        double m = 0;
        for (int a = 0; a < n; a++) {
            m += sample[a][a] / n;
        }
        // d² = ‖S − mI‖²: how far the sample matrix is from the target.
        double d2 = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double diff = sample[a][b] - (a == b ? m : 0);
                d2 += diff * diff / n;
            }
        }
        // b̄² = (1/T²) Σ_t ‖x_t x_tᵀ − S‖²: how noisy S is as an estimate.
        double bBar2 = 0;
        for (double[] row : x) {
            double norm = 0;
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double diff = row[a] * row[b] - sample[a][b];
                    norm += diff * diff / n;
                }
            }
            bBar2 += norm / ((double) t * t);
        }
        double shrinkage = d2 == 0 ? 1 : Math.min(bBar2, d2) / d2;
        double[][] shrunk = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                shrunk[a][b] = (1 - shrinkage) * sample[a][b] + (a == b ? shrinkage * m : 0);
            }
        }
        double[] sampleVariances = new double[n];
        for (int a = 0; a < n; a++) {
            sampleVariances[a] = sample[a][a] * t / (t - 1);
        }
        return new Covariance(shrunk, means, sampleVariances, shrinkage, t);
    }

    public int size() {
        return matrix.length;
    }

    /** wᵀ Σ w. */
    public double variance(double[] w) {
        double total = 0;
        double[] sw = times(w);
        for (int i = 0; i < w.length; i++) {
            total += w[i] * sw[i];
        }
        return total;
    }

    /** Σ w. */
    public double[] times(double[] w) {
        int n = w.length;
        double[] out = new double[n];
        for (int a = 0; a < n; a++) {
            double sum = 0;
            for (int b = 0; b < n; b++) {
                sum += matrix[a][b] * w[b];
            }
            out[a] = sum;
        }
        return out;
    }

    /** The largest eigenvalue, by power iteration: the gradient's Lipschitz constant is twice it. */
    double largestEigenvalue() {
        int n = size();
        double[] v = new double[n];
        Arrays.fill(v, 1 / Math.sqrt(n));
        double lambda = 0;
        for (int iteration = 0; iteration < 1000; iteration++) {
            double[] next = times(v);
            double norm = 0;
            for (double value : next) {
                norm += value * value;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return 0;
            }
            for (int i = 0; i < n; i++) {
                next[i] /= norm;
            }
            boolean settled = Math.abs(norm - lambda) <= 1e-12 * norm;
            lambda = norm;
            v = next;
            if (settled) {
                break;
            }
        }
        return lambda;
    }
}
