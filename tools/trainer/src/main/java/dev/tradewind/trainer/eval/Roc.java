package dev.tradewind.trainer.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** The ROC curve: (false-positive rate, true-positive rate) as the threshold falls from the highest forecast. */
public final class Roc {

    private Roc() {
    }

    /** At most about {@code maxPoints} points, always including (0, 0) and (1, 1). */
    public static List<double[]> curve(double[] p, int[] y, int maxPoints) {
        Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]).reversed());
        long positives = Arrays.stream(y).filter(v -> v == 1).count();
        long negatives = y.length - positives;
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        long truePositives = 0;
        long falsePositives = 0;
        int step = Math.max(1, p.length / maxPoints);
        for (int i = 0; i < order.length; i++) {
            if (y[order[i]] == 1) {
                truePositives++;
            } else {
                falsePositives++;
            }
            boolean thresholdChanges = i + 1 == order.length || p[order[i + 1]] != p[order[i]];
            if (thresholdChanges && (i % step == 0 || i + 1 == order.length)) {
                points.add(new double[] {negatives == 0 ? 0 : (double) falsePositives / negatives,
                    positives == 0 ? 0 : (double) truePositives / positives});
            }
        }
        points.add(new double[] {1, 1});
        return points;
    }
}
