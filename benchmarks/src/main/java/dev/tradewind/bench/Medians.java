package dev.tradewind.bench;

import java.util.Arrays;
import java.util.List;

/** The median every benchmark reports: of an odd count the middle value, of an even count the mean of the two. */
final class Medians {

    private Medians() {
    }

    static double of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to take a median of");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static double of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The median of one column of per-run samples. */
    static double ofColumn(List<double[]> samples, int column) {
        return of(samples.stream().mapToDouble(sample -> sample[column]).toArray());
    }
}
