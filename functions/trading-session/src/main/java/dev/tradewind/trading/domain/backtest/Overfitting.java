package dev.tradewind.trading.domain.backtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How much a parameter sweep's best result can be trusted (the formulas are in the quant reference,
 * docs/trading.md#sweeps):
 *
 * <ul>
 *   <li>the <b>Deflated Sharpe Ratio</b> (Bailey &amp; López de Prado 2014): the probability that the best trial's
 *       true Sharpe ratio exceeds what the best of N trials of pure noise would show, given its skewness and
 *       kurtosis;</li>
 *   <li>the <b>Probability of Backtest Overfitting</b> by combinatorially symmetric cross-validation (Bailey,
 *       Borwein, López de Prado &amp; Zhu 2017): how often the in-sample winner lands at or below the median out of
 *       sample.</li>
 * </ul>
 */
public final class Overfitting {

    static final double EULER_MASCHERONI = 0.5772156649015329;

    private Overfitting() {
    }

    /**
     * Mean over sample standard deviation; 0 when every return is 0 (no position held: it earned nothing, above a
     * loss); NaN with fewer than two returns or other returns without variation.
     */
    public static double sharpe(double[] returns) {
        int n = returns.length;
        if (n < 2) {
            return Double.NaN;
        }
        if (Arrays.stream(returns).allMatch(r -> r == 0)) {
            return 0;
        }
        double mean = Arrays.stream(returns).average().orElse(0);
        double sum = 0;
        for (double r : returns) {
            sum += (r - mean) * (r - mean);
        }
        double sd = Math.sqrt(sum / (n - 1));
        return sd == 0 ? Double.NaN : mean / sd;
    }

    /** The Deflated Sharpe Ratio and the benchmark SR₀ it deflates against (both per period). */
    public record Deflated(double probability, double expectedMaxSharpe, double sharpe, double skewness,
                           double kurtosis, int trials, int observations) {
    }

    /**
     * @param best           the chosen trial's per-period returns
     * @param trialSharpes   every trial's per-period Sharpe ratio (the chosen one included)
     */
    public static Deflated deflatedSharpe(double[] best, double[] trialSharpes) {
        int n = trialSharpes.length;
        double mean = Arrays.stream(trialSharpes).average().orElse(0);
        double variance = 0;
        for (double s : trialSharpes) {
            variance += (s - mean) * (s - mean);
        }
        variance = n > 1 ? variance / (n - 1) : 0;
        double[] moments = moments(best);
        return deflatedSharpe(sharpe(best), variance, n, best.length, moments[0], moments[1]);
    }

    /**
     * The formula itself: {@code SR₀ = √V ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)))} and
     * {@code DSR = Φ((SR − SR₀) √(T − 1) / √(1 − γ₃ SR + (γ₄ − 1)/4 SR²))}, all per period.
     */
    static Deflated deflatedSharpe(double sr, double variance, int trials, int observations, double skew,
                                   double kurt) {
        double sr0 = trials < 2 ? 0 : Math.sqrt(variance) * ((1 - EULER_MASCHERONI)
                * Normal.inverse(1 - 1.0 / trials) + EULER_MASCHERONI * Normal.inverse(1 - 1.0 / (trials * Math.E)));
        double z = (sr - sr0) * Math.sqrt(observations - 1) / Math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr * sr);
        return new Deflated(Normal.cdf(z), sr0, sr, skew, kurt, trials, observations);
    }

    /** Skewness and kurtosis (not excess) of a sample, population moments. */
    static double[] moments(double[] x) {
        int n = x.length;
        double mean = Arrays.stream(x).average().orElse(0);
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (double v : x) {
            double d = v - mean;
            m2 += d * d / n;
            m3 += d * d * d / n;
            m4 += d * d * d * d / n;
        }
        return m2 == 0 ? new double[] {0, 3} : new double[] {m3 / Math.pow(m2, 1.5), m4 / (m2 * m2)};
    }

    /** The PBO and what it was computed from. */
    public record Pbo(double probability, int blocks, int splits, double medianLogit) {
    }

    /**
     * CSCV over {@code returns[t][n]} (T periods × N configurations), cut into {@code blocks} equal groups of rows
     * (even; the remainder rows at the end are dropped): for every choice of half the groups as in-sample, the
     * configuration with the best in-sample Sharpe ratio is ranked among all N out of sample; λ = ln(ω / (1 − ω))
     * of its relative rank ω, and the PBO is the share of splits with λ ≤ 0.
     */
    public static Pbo probabilityOfOverfitting(double[][] returns, int blocks) {
        int n = returns[0].length;
        int size = returns.length / blocks;
        // Per block and configuration: the sum and the sum of squares, so a split's Sharpe ratios cost O(blocks).
        double[][] sums = new double[blocks][n];
        double[][] squares = new double[blocks][n];
        for (int b = 0; b < blocks; b++) {
            for (int r = b * size; r < (b + 1) * size; r++) {
                for (int j = 0; j < n; j++) {
                    sums[b][j] += returns[r][j];
                    squares[b][j] += returns[r][j] * returns[r][j];
                }
            }
        }
        List<int[]> splits = new ArrayList<>();
        choose(blocks, blocks / 2, 0, new int[blocks / 2], 0, splits);
        List<Double> logits = new ArrayList<>();
        int overfit = 0;
        int half = size * (blocks / 2);
        for (int[] inSample : splits) {
            boolean[] in = new boolean[blocks];
            for (int b : inSample) {
                in[b] = true;
            }
            double[] sharpeIn = new double[n];
            double[] sharpeOut = new double[n];
            for (int j = 0; j < n; j++) {
                double sumIn = 0;
                double squareIn = 0;
                double sumOut = 0;
                double squareOut = 0;
                for (int b = 0; b < blocks; b++) {
                    if (in[b]) {
                        sumIn += sums[b][j];
                        squareIn += squares[b][j];
                    } else {
                        sumOut += sums[b][j];
                        squareOut += squares[b][j];
                    }
                }
                sharpeIn[j] = sharpe(sumIn, squareIn, half);
                sharpeOut[j] = sharpe(sumOut, squareOut, half);
            }
            int winner = 0;
            for (int j = 1; j < n; j++) {
                if (better(sharpeIn[j], sharpeIn[winner])) {
                    winner = j;
                }
            }
            // Relative rank of the winner out of sample, in (0, 1): rank / (N + 1), rank 1 the worst. Tied ones share
            // the ranks they span (their mean), so an identical twin of the winner neither lowers nor raises it.
            double rank = 1;
            for (int j = 0; j < n; j++) {
                if (j == winner) {
                    continue;
                }
                if (better(sharpeOut[winner], sharpeOut[j])) {
                    rank++;
                } else if (!better(sharpeOut[j], sharpeOut[winner])) {
                    rank += 0.5;
                }
            }
            double omega = rank / (n + 1.0);
            double logit = Math.log(omega / (1 - omega));
            logits.add(logit);
            if (logit <= 0) {
                overfit++;
            }
        }
        logits.sort(null);
        double median = logits.get(logits.size() / 2);
        return new Pbo((double) overfit / splits.size(), blocks, splits.size(), median);
    }

    /**
     * The Sharpe ratio from a sum and a sum of squares of {@code count} returns (sample deviation); 0 when every
     * return is 0 (no position held): earning nothing ranks above a loss, not below everything.
     */
    private static double sharpe(double sum, double squares, int count) {
        if (squares == 0) {
            return 0;
        }
        double mean = sum / count;
        double variance = (squares - count * mean * mean) / (count - 1);
        return variance <= 0 ? Double.NaN : mean / Math.sqrt(variance);
    }

    /** NaN (no variation) compares below everything. */
    private static boolean better(double a, double b) {
        return !Double.isNaN(a) && (Double.isNaN(b) || a > b);
    }

    private static void choose(int n, int k, int start, int[] current, int depth, List<int[]> out) {
        if (depth == k) {
            out.add(current.clone());
            return;
        }
        for (int i = start; i < n; i++) {
            current[depth] = i;
            choose(n, k, i + 1, current, depth + 1, out);
        }
    }

    /** The standard normal distribution's CDF (to about 1e-7) and its inverse (to about 1e-9). */
    static final class Normal {

        private Normal() {
        }

        static double cdf(double x) {
            return 0.5 * erfc(-x / Math.sqrt(2));
        }

        /** erfc by a Chebyshev fit (Numerical Recipes' erfcc): fractional error below 1.2e-7 everywhere. */
        private static double erfc(double x) {
            double z = Math.abs(x);
            double t = 1 / (1 + 0.5 * z);
            double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                    + t * (-0.82215223 + t * 0.17087277)))))))));
            return x >= 0 ? ans : 2 - ans;
        }

        /** Acklam's rational approximation of the inverse CDF. */
        static double inverse(double p) {
            if (p <= 0 || p >= 1) {
                throw new IllegalArgumentException("p must be in (0, 1): " + p);
            }
            double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
            double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                6.680131188771972e+01, -1.328068155288572e+01};
            double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
            double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                3.754408661907416e+00};
            double low = 0.02425;
            if (p < low) {
                double q = Math.sqrt(-2 * Math.log(p));
                return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            }
            if (p > 1 - low) {
                double q = Math.sqrt(-2 * Math.log(1 - p));
                return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            }
            double q = p - 0.5;
            double r = q * q;
            return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
    }
}
