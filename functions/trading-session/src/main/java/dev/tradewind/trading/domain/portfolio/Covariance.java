package dev.tradewind.trading.domain.portfolio;

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

    /**
     * The largest eigenvalue (the solvers' gradient steps are bounded by it), by cyclic Jacobi rotations, which find
     * every eigenvalue of a symmetric matrix. Power iteration from equal weights stops at a smaller one when the
     * largest belongs to a long-short spread nearly orthogonal to them, and a step sized by that diverges.
     */
    double largestEigenvalue() {
        int n = size();
        double[][] a = new double[n][];
        double total = 0;
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
            for (double value : a[i]) {
                total += value * value;
            }
        }
        for (int sweep = 0; sweep < 64 && offDiagonalSquares(a) > 1e-24 * total; sweep++) {
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, p, q);
                    }
                }
            }
        }
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, a[i][i]);
        }
        return largest;
    }

    private static double offDiagonalSquares(double[][] a) {
        double sum = 0;
        for (int p = 0; p < a.length; p++) {
            for (int q = 0; q < a.length; q++) {
                if (p != q) {
                    sum += a[p][q] * a[p][q];
                }
            }
        }
        return sum;
    }

    /** {@code a ← Jᵀ a J} with the rotation J in the (p, q) plane that makes {@code a[p][q]} zero. */
    private static void rotate(double[][] a, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = theta == 0 ? 1 : Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (double[] row : a) {
            double kp = row[p];
            double kq = row[q];
            row[p] = c * kp - s * kq;
            row[q] = s * kp + c * kq;
        }
        double[] rowP = a[p];
        double[] rowQ = a[q];
        for (int k = 0; k < a.length; k++) {
            double pk = rowP[k];
            double qk = rowQ[k];
            rowP[k] = c * pk - s * qk;
            rowQ[k] = s * pk + c * qk;
        }
    }
}
