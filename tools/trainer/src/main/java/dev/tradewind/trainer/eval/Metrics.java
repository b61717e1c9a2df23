package dev.tradewind.trainer.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Out-of-sample quality of probabilistic forecasts of a binary outcome.
 *
 * @param rows     forecasts scored
 * @param accuracy share of rows where (p &gt; 0.5) matched the outcome
 * @param auc      area under the ROC curve (ties count half): 0.5 is no ranking skill
 * @param logLoss  mean −ln(probability given to what happened), p clipped to [1e-15, 1 − 1e-15]
 * @param brier    mean (p − outcome)²
 */
public record Metrics(int rows, double accuracy, double auc, double logLoss, double brier) {

    private static final double EPSILON = 1e-15;

    public static Metrics of(double[] p, int[] y) {
        if (p.length != y.length || p.length == 0) {
            throw new IllegalArgumentException(p.length + " forecasts for " + y.length + " outcomes");
        }
        int correct = 0;
        double logLoss = 0;
        double brier = 0;
        for (int i = 0; i < p.length; i++) {
            if ((p[i] > 0.5 ? 1 : 0) == y[i]) {
                correct++;
            }
            double clipped = Math.min(1 - EPSILON, Math.max(EPSILON, p[i]));
            logLoss -= y[i] == 1 ? Math.log(clipped) : Math.log(1 - clipped);
            brier += (p[i] - y[i]) * (p[i] - y[i]);
        }
        return new Metrics(p.length, (double) correct / p.length, auc(p, y), logLoss / p.length, brier / p.length);
    }

    /** Mann–Whitney U with average ranks for ties; 0.5 when only one class occurs. */
    public static double auc(double[] p, int[] y) {
        Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        long positives = Arrays.stream(y).filter(v -> v == 1).count();
        long negatives = y.length - positives;
        if (positives == 0 || negatives == 0) {
            return 0.5;
        }
        double positiveRankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && p[order[j + 1]] == p[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (y[order[k]] == 1) {
                    positiveRankSum += averageRank;
                }
            }
            i = j + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
