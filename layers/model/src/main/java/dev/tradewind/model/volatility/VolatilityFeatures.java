package dev.tradewind.model.volatility;

/**
 * The volatility model's inputs, shared by the trainer and the serving path (one code path, the same bits). Per bar:
 * the squared log return, Parkinson's (1980) {@code (ln(H/L))² / (4 ln 2)} and Garman–Klass's (1980)
 * {@code 0.5 (ln(H/L))² − (2 ln 2 − 1)(ln(C/O))²} variance. Per window w (HAR, Corsi 2009): the natural log of each
 * estimator's mean over the last w bars, floored at {@value #FLOOR_SHARE} × its mean over the reference window (a
 * one-bar squared return is often ~0, whose log would be an outlier with huge leverage in a linear fit). Last, the
 * log of the last bar's volume over the reference window's mean volume (floored the same way; 0 when that mean is 0).
 * Logarithms are {@link StrictMath}'s: the same bits on x86_64 (training) and arm64 (Lambda).
 */
public final class VolatilityFeatures {

    /** A window's mean variance never goes below this share of the reference window's mean. */
    public static final double FLOOR_SHARE = 0.01;

    private static final double LN2 = StrictMath.log(2);
    private static final double GK_C = 2 * LN2 - 1;

    private VolatilityFeatures() {
    }

    public static double logReturn(double previousClose, double close) {
        return StrictMath.log(close / previousClose);
    }

    public static double parkinson(double high, double low) {
        double hl = StrictMath.log(high / low);
        return hl * hl / (4 * LN2);
    }

    /** Never negative for a consistent bar (|ln C/O| ≤ ln H/L); clamped at 0 for rounding in adjusted data. */
    public static double garmanKlass(double open, double high, double low, double close) {
        double hl = StrictMath.log(high / low);
        double co = StrictMath.log(close / open);
        return Math.max(0, 0.5 * hl * hl - GK_C * co * co);
    }

    /**
     * Per-bar terms of bar {@code i} (needs {@code i ≥ 1}): squared return from bar i−1, Parkinson, Garman–Klass.
     * Fills {@code r2[i], pk[i], gk[i]}.
     */
    public static void barTerms(double[] open, double[] high, double[] low, double[] close, int i, double[] r2,
                                double[] pk, double[] gk) {
        double r = logReturn(close[i - 1], close[i]);
        r2[i] = r * r;
        pk[i] = parkinson(high[i], low[i]);
        gk[i] = garmanKlass(open[i], high[i], low[i], close[i]);
    }

    /**
     * The feature vector of bar {@code last} into {@code out} (length {@link VolatilitySpec#featureCount()}), from
     * per-bar terms of bars {@code last − lookBack + 1 .. last}. Returns false (and leaves {@code out} undefined)
     * when a value is not finite or a reference mean is not positive: no forecast rather than a guessed one.
     */
    public static boolean compute(VolatilitySpec spec, double[] r2, double[] pk, double[] gk, double[] volume,
                                  int last, double[] out) {
        int ref = spec.referenceWindow();
        double refR2 = mean(r2, last, ref);
        double refPk = mean(pk, last, ref);
        double refGk = mean(gk, last, ref);
        double refVolume = mean(volume, last, ref);
        if (!(refR2 > 0) || !(refPk > 0) || !(refGk > 0) || !(refVolume >= 0) || Double.isInfinite(refR2)
                || Double.isInfinite(refPk) || Double.isInfinite(refGk) || Double.isInfinite(refVolume)) {
            return false;
        }
        int k = 0;
        for (int w : spec.windows()) {
            out[k++] = StrictMath.log(Math.max(mean(r2, last, w), FLOOR_SHARE * refR2));
            out[k++] = StrictMath.log(Math.max(mean(pk, last, w), FLOOR_SHARE * refPk));
            out[k++] = StrictMath.log(Math.max(mean(gk, last, w), FLOOR_SHARE * refGk));
        }
        out[k] = refVolume > 0 ? StrictMath.log(Math.max(volume[last], FLOOR_SHARE * refVolume) / refVolume) : 0;
        for (int i = 0; i <= k; i++) {
            if (!Double.isFinite(out[i])) {
                return false;
            }
        }
        return true;
    }

    /** Mean of {@code values[last − w + 1 .. last]}, summed oldest first. */
    static double mean(double[] values, int last, int w) {
        double sum = 0;
        for (int i = last - w + 1; i <= last; i++) {
            sum += values[i];
        }
        return sum / w;
    }
}
