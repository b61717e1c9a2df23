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

    /**
     * Moving-block bootstrap of the calibration slope (the logistic regression of {@code y} on {@code logits}): the
     * rows of a replicate are drawn in blocks as {@link #ofMean} draws them, and the slope refitted on each. Rows
     * overlap (labels spanning several bars) and instruments move together, so the inverse-Hessian standard error,
     * which takes the rows as independent, understates this spread.
     */
    public static Bootstrap calibrationSlope(double[] logits, int[] y, int blockRows) {
        int n = logits.length;
        int block = Math.max(1, Math.min(blockRows, n));
        int blocks = (n + block - 1) / block;
        SplittableRandom random = new SplittableRandom(SEED);
        double[] slopes = new double[REPLICATES];
        double[] x = new double[n];
        int[] labels = new int[n];
        for (int r = 0; r < REPLICATES; r++) {
            int count = 0;
            for (int b = 0; b < blocks; b++) {
                int start = random.nextInt(n - block + 1);
                for (int k = 0; k < block && count < n; k++, count++) {
                    x[count] = logits[start + k];
                    labels[count] = y[start + k];
                }
            }
            slopes[r] = logisticSlope(x, labels);
        }
        Arrays.sort(slopes);
        return new Bootstrap(Arrays.stream(slopes).average().orElseThrow(), slopes[(int) (0.025 * REPLICATES)],
                slopes[(int) (0.975 * REPLICATES) - 1], block, REPLICATES);
    }

    /**
     * The slope of the logistic regression of {@code y} on {@code x}, by Newton's method from no slope and the base
     * rate's log-odds, stopped when a step moves it by less than 1e-9. Not the calibration's fitter: that one stops on
     * a relative decrease of the summed loss of 1e-14, which rounding can keep from being met on 10^5 rows, and a
     * replicate needs the slope to a few decimals, not the last bit.
     */
    static double logisticSlope(double[] x, int[] y) {
        int n = x.length;
        double positives = Arrays.stream(y).sum();
        double a = 0;
        double b = Math.log((positives + 0.5) / (n - positives + 0.5));
        for (int iteration = 0; iteration < 50; iteration++) {
            double gradA = 0;
            double gradB = 0;
            double hAA = 0;
            double hAB = 0;
            double hBB = 0;
            for (int i = 0; i < n; i++) {
                double p = 1 / (1 + Math.exp(-(a * x[i] + b)));
                double residual = p - y[i];
                double weight = p * (1 - p);
                gradA += residual * x[i];
                gradB += residual;
                hAA += weight * x[i] * x[i];
                hAB += weight * x[i];
                hBB += weight;
            }
            double determinant = hAA * hBB - hAB * hAB;
            double stepA = (hBB * gradA - hAB * gradB) / determinant;
            double stepB = (hAA * gradB - hAB * gradA) / determinant;
            a -= stepA;
            b -= stepB;
            if (Math.abs(stepA) < 1e-9 && Math.abs(stepB) < 1e-9) {
                return a;
            }
        }
        throw new IllegalStateException("the logistic slope did not converge in 50 Newton steps");
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
