package dev.tradewind.trainer.volatility;

/**
 * Ordinary least squares of y on (1, x) from sufficient statistics: the sums of v·vᵀ for v = (1, x₁..x_p, y),
 * accumulated per instrument and period and added up in a fixed order, so refitting without an instrument or up to
 * another boundary is cheap and every fit is deterministic. Solved on centred sums by Cholesky, with a ridge of
 * 1e-10 × the mean variance on the diagonal only to keep nearly collinear features (the three estimators of one
 * window) solvable; it changes no reported digit.
 */
public final class LeastSquares {

    private LeastSquares() {
    }

    /** @param p number of features; the statistics have (p + 2)² entries */
    public static double[] newStatistics(int p) {
        return new double[(p + 2) * (p + 2)];
    }

    public static void accumulate(double[] stats, double[] x, double y) {
        int m = x.length + 2;
        double[] v = new double[m];
        v[0] = 1;
        System.arraycopy(x, 0, v, 1, x.length);
        v[m - 1] = y;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                stats[i * m + j] += v[i] * v[j];
            }
        }
    }

    public static void add(double[] into, double[] stats) {
        for (int i = 0; i < into.length; i++) {
            into[i] += stats[i];
        }
    }

    /** The fit: {@code y ≈ intercept + Σ beta·x}, residual variance s² = RSS / (n − p − 1). */
    public record Fit(double intercept, double[] beta, double residualVariance, long rows) {

        public double predict(double[] x) {
            double y = intercept;
            for (int i = 0; i < beta.length; i++) {
                y += beta[i] * x[i];
            }
            return y;
        }
    }

    public static Fit fit(double[] stats, int p) {
        int m = p + 2;
        double n = stats[0];
        if (n < p + 2) {
            throw new IllegalArgumentException("too few rows to fit " + p + " features: " + n);
        }
        double[] mean = new double[m];
        for (int j = 1; j < m; j++) {
            mean[j] = stats[j] / n;
        }
        double[][] c = new double[m][m];
        for (int j = 1; j < m; j++) {
            for (int k = 1; k < m; k++) {
                c[j][k] = stats[j * m + k] - n * mean[j] * mean[k];
            }
        }
        double trace = 0;
        for (int j = 1; j <= p; j++) {
            trace += c[j][j];
        }
        double ridge = 1e-10 * trace / p;
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < p; k++) {
                a[j][k] = c[j + 1][k + 1] + (j == k ? ridge : 0);
            }
            b[j] = c[j + 1][m - 1];
        }
        double[] beta = solveCholesky(a, b);
        double intercept = mean[m - 1];
        double explained = 0;
        for (int j = 0; j < p; j++) {
            intercept -= beta[j] * mean[j + 1];
            explained += beta[j] * b[j];
        }
        double rss = Math.max(0, c[m - 1][m - 1] - explained);
        return new Fit(intercept, beta, rss / (n - p - 1), (long) n);
    }

    static double[] solveCholesky(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        throw new IllegalStateException("normal equations are not positive definite");
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * z[k];
            }
            z[i] = sum / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = z[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }
}
