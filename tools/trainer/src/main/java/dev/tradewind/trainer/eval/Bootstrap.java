package dev.tradewind.trainer.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How sure is "beats the base rate"? A moving-block bootstrap of the per-row log-loss difference (base rate minus
 * model, so positive favours the model), resampling blocks of consecutive rows so that the overlap of neighbouring
 * labels and volatility clustering stay inside a block. Seeded: the same forecasts give the same interval.
 *
 * @param mean        the mean of the resampled quantity (for a log-loss gain: the mean improvement over the constant
 *                    forecast)
 * @param low         2.5th percentile of the bootstrap distribution
 * @param high        97.5th percentile
 * @param blockRows   rows per resampled block
 */
public record Bootstrap(double mean, double low, double high, int blockRows, int replicates) {

    public static final int REPLICATES = 1000;
    private static final long SEED = 42;

    public static Bootstrap logLossImprovement(Evaluation.Forecasts forecasts, int blockRows) {
        return logLossGain(forecasts.calibrated(), forecasts.baseRate(), forecasts.labels(), blockRows);
    }

    /**
     * The gain of {@code model} over {@code baseline} (baseline's log loss minus the model's), the same resampled
     * block indices for both since it is their per-row difference that is resampled.
     */
    public static Bootstrap logLossGain(double[] model, double[] baseline, int[] y, int blockRows) {
        double[] gain = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            gain[i] = loss(baseline[i], y[i]) - loss(model[i], y[i]);
        }
        return ofMean(gain, blockRows);
    }

    /**
     * Moving-block bootstrap of {@code mean(values)}: blocks of {@code blockRows} consecutive rows drawn with
     * replacement (seeded), so the same values always give the same interval. For a difference of two forecasts'
     * losses, pass the per-row differences: the same blocks then serve both.
     */
    public static Bootstrap ofMean(double[] values, int blockRows) {
        int n = values.length;
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
                    sum += values[start + k];
                }
            }
            means[r] = sum / count;
        }
        Arrays.sort(means);
        return new Bootstrap(Arrays.stream(values).average().orElseThrow(), means[(int) (0.025 * REPLICATES)],
                means[(int) (0.975 * REPLICATES) - 1], block, REPLICATES);
    }

    /** The interval lies entirely above 0: the model's gain is more than noise. */
    public boolean excludesZeroAbove() {
        return low > 0;
    }

    private static double loss(double p, int y) {
        double clipped = Math.min(1 - 1e-15, Math.max(1e-15, p));
        return y == 1 ? -Math.log(clipped) : -Math.log(1 - clipped);
    }
}
