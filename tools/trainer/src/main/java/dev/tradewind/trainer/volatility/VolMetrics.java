package dev.tradewind.trainer.volatility;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Losses and intervals of the volatility and range evaluation (docs/model.md#volatility-and-price-ranges): QLIKE
 * (Patton 2011) on variances, RMSE of log volatility, Mincer–Zarnowitz, the interval score (Gneiting &amp; Raftery
 * 2007), split-conformal quantiles and a moving-block bootstrap of a mean difference.
 */
public final class VolMetrics {

    public static final int REPLICATES = 1000;
    private static final long SEED = 42;

    private VolMetrics() {
    }

    /** {@code y/f − ln(y/f) − 1}; rows with y = 0 never get here (they are dropped when the rows are built). */
    public static double qlike(double forecast, double realised) {
        double ratio = realised / forecast;
        return ratio - Math.log(ratio) - 1;
    }

    /** (ln √f − ln √y)². */
    public static double squaredLogVolError(double forecast, double realised) {
        double d = 0.5 * (Math.log(forecast) - Math.log(realised));
        return d * d;
    }

    /** Mincer–Zarnowitz: y = a + b f + e, and its R². */
    public record MincerZarnowitz(double a, double b, double r2) {
    }

    public static MincerZarnowitz mincerZarnowitz(double[] f, double[] y) {
        int n = f.length;
        double mf = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mf += f[i];
            my += y[i];
        }
        mf /= n;
        my /= n;
        double sff = 0;
        double syy = 0;
        double sfy = 0;
        for (int i = 0; i < n; i++) {
            sff += (f[i] - mf) * (f[i] - mf);
            syy += (y[i] - my) * (y[i] - my);
            sfy += (f[i] - mf) * (y[i] - my);
        }
        double b = sfy / sff;
        return new MincerZarnowitz(my - b * mf, b, sfy * sfy / (sff * syy));
    }

    /** Interval score of a central (1 − α) interval [l, u] for outcome y. */
    public static double intervalScore(double l, double u, double y, double alpha) {
        double score = u - l;
        if (y < l) {
            score += 2 / alpha * (l - y);
        } else if (y > u) {
            score += 2 / alpha * (y - u);
        }
        return score;
    }

    /**
     * Split-conformal bounds from signed scores: the ⌊(n + 1)·α/2⌋-th smallest (at least the first) as the lower
     * and the ⌈(n + 1)(1 − α/2)⌉-th smallest (at most the n-th) as the upper quantile. {@code sorted} ascending.
     */
    public static double[] conformal(double[] sorted, double alpha) {
        int n = sorted.length;
        int lo = (int) Math.floor((n + 1) * (alpha / 2));
        int hi = (int) Math.ceil((n + 1) * (1 - alpha / 2));
        lo = Math.max(1, Math.min(n, lo));
        hi = Math.max(1, Math.min(n, hi));
        return new double[] {sorted[lo - 1], sorted[hi - 1]};
    }

    /** A bootstrap interval of a mean difference: point estimate, 2.5% and 97.5% quantiles. */
    public record Interval(double mean, double low, double high, int blockRows, int replicates) {
    }

    /**
     * Moving-block bootstrap of {@code mean(d)}: blocks of {@code blockRows} consecutive rows drawn with replacement
     * (seed 42), so the same differences always give the same interval.
     */
    public static Interval bootstrapMean(double[] d, int blockRows) {
        int n = d.length;
        int block = Math.max(1, Math.min(blockRows, n));
        int blocks = (n + block - 1) / block;
        SplittableRandom random = new SplittableRandom(SEED);
        double[] means = new double[REPLICATES];
        for (int r = 0; r < REPLICATES; r++) {
            double sum = 0;
            int count = 0;
            for (int b = 0; b < blocks; b++) {
                int start = random.nextInt(n - block + 1);
                for (int k = 0; k < block && count < n; k++, count++) {
                    sum += d[start + k];
                }
            }
            means[r] = sum / count;
        }
        Arrays.sort(means);
        return new Interval(Arrays.stream(d).sum() / n, means[(int) (0.025 * REPLICATES)],
                means[(int) (0.975 * REPLICATES) - 1], block, REPLICATES);
    }
}
