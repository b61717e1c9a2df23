package dev.tradewind.trainer.volatility;

/**
 * Losses and intervals of the volatility and range evaluation (docs/model.md#volatility-and-price-ranges): QLIKE
 * (Patton 2011) on variances, RMSE of log volatility, Mincer–Zarnowitz, the interval score (Gneiting &amp; Raftery
 * 2007) and split-conformal quantiles. Their uncertainty comes from {@link dev.tradewind.trainer.eval.Bootstrap}.
 */
public final class VolMetrics {

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

    /** Far above the rounding of (n + 1)·α/2 for any n a series has, far below the gap to the next rank. */
    private static final double RANK_TOLERANCE = 1e-6;

    /**
     * Split-conformal bounds from signed scores: the ⌊(n + 1)·α/2⌋-th smallest (at least the first) as the lower
     * and the ⌈(n + 1)(1 − α/2)⌉-th smallest (at most the n-th) as the upper quantile. {@code sorted} ascending.
     */
    public static double[] conformal(double[] sorted, double alpha) {
        int n = sorted.length;
        // A level arrives as 1 - 0.8 = 0.19999999999999996: an exact rank (1846) must not floor to the one below.
        int lo = (int) Math.floor((n + 1) * (alpha / 2) + RANK_TOLERANCE);
        int hi = (int) Math.ceil((n + 1) * (1 - alpha / 2) - RANK_TOLERANCE);
        lo = Math.max(1, Math.min(n, lo));
        hi = Math.max(1, Math.min(n, hi));
        return new double[] {sorted[lo - 1], sorted[hi - 1]};
    }
}
