package dev.tradewind.trainer.evaluate;

import dev.tradewind.trainer.calibration.PlattScaling;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Metrics of probability forecasts of a binary outcome that the trainer's {@code eval.Metrics} does not have
 * (definitions: the quant reference sheet, docs/model.md#evaluate-on-your-own-data): the calibration slope and
 * intercept by logistic regression of the outcome on logit(p), the log loss of a constant forecast, and a
 * moving-block bootstrap interval of the AUC.
 */
public final class ProbabilityMetrics {

    /** Below this standard deviation of logit(p) the forecasts count as constant: no slope is identified. */
    public static final double CONSTANT_LOGIT_SD = 1e-3;
    public static final int REPLICATES = 1000;
    public static final long SEED = 42;
    private static final double EPSILON = 1e-15;

    private ProbabilityMetrics() {
    }

    /** {@code y ~ Bernoulli(sigmoid(intercept + slope · logit(p)))}. */
    public record Calibration(double intercept, double slope) {
    }

    /**
     * Logistic regression of {@code y} on {@code logit(p)} (p clipped to [1e-15, 1 − 1e-15]) by maximum likelihood,
     * the trainer's own fit ({@link PlattScaling#fitMaximumLikelihood}): deterministic. Empty when the forecasts are
     * (near) constant (sd of logit(p) below {@value #CONSTANT_LOGIT_SD}), when only one outcome occurs (no finite
     * fit), or when the fit does not converge.
     */
    public static java.util.Optional<Calibration> calibration(double[] p, int[] y) {
        int n = p.length;
        if (n < 2) {
            return java.util.Optional.empty();
        }
        double[] x = new double[n];
        double mean = 0;
        int ones = 0;
        for (int i = 0; i < n; i++) {
            x[i] = logit(p[i]);
            mean += x[i];
            ones += y[i];
        }
        mean /= n;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        if (Math.sqrt(ss / n) < CONSTANT_LOGIT_SD || ones == 0 || ones == n) {
            return java.util.Optional.empty();
        }
        try {
            PlattScaling fit = PlattScaling.fitMaximumLikelihood(x, y);
            return java.util.Optional.of(new Calibration(fit.b(), fit.a()));
        } catch (IllegalStateException e) {
            return java.util.Optional.empty();
        }
    }

    /** Log loss of always forecasting {@code rate}: {@code −(ȳ ln π + (1 − ȳ) ln(1 − π))}, π clipped. */
    public static double constantLogLoss(double rate, int[] y) {
        double pi = Math.min(1 - EPSILON, Math.max(EPSILON, rate));
        double up = Arrays.stream(y).average().orElse(Double.NaN);
        return -(up * Math.log(pi) + (1 - up) * Math.log(1 - pi));
    }

    /** An interval: 2.5% and 97.5% quantiles of the bootstrap distribution. */
    public record Interval(double low, double high, int blockRows, int replicates) {
    }

    /**
     * Moving-block bootstrap of the AUC: {@code ⌈n / block⌉} blocks of {@code blockRows} consecutive rows (in the
     * order given: time order), starts drawn uniformly with replacement (SplittableRandom, seed 42), the last block
     * cut at n rows. Each replicate's AUC is computed from the draw counts over one global sort (ties count half),
     * so a replicate costs O(n). Null when only one outcome occurs.
     */
    public static Interval aucBootstrap(double[] p, int[] y, int blockRows) {
        int n = p.length;
        if (n == 0 || Arrays.stream(y).allMatch(v -> v == y[0])) {
            return null;
        }
        Integer[] boxed = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, Comparator.comparingDouble(i -> p[i]));
        int[] order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
        int block = Math.max(1, Math.min(blockRows, n));
        int blocks = (n + block - 1) / block;
        SplittableRandom random = new SplittableRandom(SEED);
        double[] values = new double[REPLICATES];
        int[] weight = new int[n];
        int kept = 0;
        for (int r = 0; r < REPLICATES; r++) {
            Arrays.fill(weight, 0);
            int count = 0;
            for (int b = 0; b < blocks; b++) {
                int start = random.nextInt(n - block + 1);
                for (int k = 0; k < block && count < n; k++, count++) {
                    weight[start + k]++;
                }
            }
            double auc = weightedAuc(order, p, y, weight);
            if (!Double.isNaN(auc)) {
                values[kept++] = auc;
            }
        }
        double[] sorted = Arrays.copyOf(values, kept);
        Arrays.sort(sorted);
        return new Interval(sorted[(int) (0.025 * kept)], sorted[Math.max(0, (int) (0.975 * kept) - 1)], block,
                kept);
    }

    /** AUC of a weighted sample (weights = draw counts), from rows sorted by forecast; NaN with one class only. */
    static double weightedAuc(int[] order, double[] p, int[] y, int[] weight) {
        double negativesBelow = 0;
        double pairs = 0;
        double positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            double groupPositives = 0;
            double groupNegatives = 0;
            while (j < order.length && p[order[j]] == p[order[i]]) {
                int row = order[j];
                if (y[row] == 1) {
                    groupPositives += weight[row];
                } else {
                    groupNegatives += weight[row];
                }
                j++;
            }
            pairs += groupPositives * (negativesBelow + 0.5 * groupNegatives);
            negativesBelow += groupNegatives;
            positives += groupPositives;
            i = j;
        }
        double negatives = negativesBelow;
        return positives == 0 || negatives == 0 ? Double.NaN : pairs / (positives * negatives);
    }

    static double logit(double p) {
        double clipped = Math.min(1 - EPSILON, Math.max(EPSILON, p));
        return Math.log(clipped / (1 - clipped));
    }
}
