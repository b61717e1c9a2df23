package dev.tradewind.behavior.domain;

import java.util.Arrays;

/** The few statistics the detectors need, on doubles (ratios and test statistics, never money). */
public final class Stats {

    private Stats() {
    }

    public static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Sample variance (n − 1); NaN below two values. */
    public static double variance(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return squares / (values.length - 1);
    }

    /**
     * Welch's t for mean(a) − mean(b); NaN when either side has fewer than two values. With no spread on either side
     * a difference is certain, ±∞, and no difference is 0 / 0, NaN.
     */
    public static double welchT(double[] a, double[] b) {
        return (mean(a) - mean(b)) / Math.sqrt(variance(a) / a.length + variance(b) / b.length);
    }

    /** Pooled two-proportion z for x1/n1 − x2/n2; NaN when undefined. */
    public static double twoProportionZ(int x1, int n1, int x2, int n2) {
        if (n1 == 0 || n2 == 0) {
            return Double.NaN;
        }
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (!(se > 0)) {
            return Double.NaN;
        }
        return ((double) x1 / n1 - (double) x2 / n2) / se;
    }

    public static double clamp01(double value) {
        return Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
    }

    /** 0.5 at the threshold, 1 at twice the threshold: how far past the line an observation is. */
    public static double pastThreshold(double observed, double threshold) {
        return clamp01(observed / (2 * threshold));
    }

    /** Combines independent signals: 1 − Π(1 − s). */
    public static double either(double... scores) {
        double none = 1;
        for (double s : scores) {
            none *= 1 - clamp01(s);
        }
        return 1 - none;
    }
}
