package dev.tradewind.trainer.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Calibration: forecasts sorted into equal-count bins (calibrated probabilities cluster near the base rate, so
 * equal-width bins would put nearly everything in one), each bin's mean forecast against how often the outcome
 * happened. A calibrated model lies on the diagonal. Equal forecasts never split across bins: they cannot be told
 * apart, and splitting them (in input, i.e. time, order) would measure drift instead, e.g. a constant p would score
 * the up-share's swings between time slices rather than |ȳ − p|.
 *
 * @param bins                     in increasing forecast order
 * @param expectedCalibrationError Σ (bin rows / rows) · |observed − mean forecast|
 */
public record Reliability(List<Bin> bins, double expectedCalibrationError) {

    public record Bin(int rows, double meanForecast, double observedRate) {
    }

    public static Reliability of(double[] p, int[] y, int binCount) {
        Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        List<Bin> bins = new ArrayList<>();
        double error = 0;
        int from = 0;
        for (int b = 0; b < binCount && from < p.length; b++) {
            int to = Math.max(from, (int) ((long) p.length * (b + 1) / binCount));
            while (to > 0 && to < p.length && p[order[to]] == p[order[to - 1]]) {
                to++;
            }
            if (to <= from) {
                continue;
            }
            double forecast = 0;
            double observed = 0;
            for (int k = from; k < to; k++) {
                forecast += p[order[k]];
                observed += y[order[k]];
            }
            Bin bin = new Bin(to - from, forecast / (to - from), observed / (to - from));
            bins.add(bin);
            error += (double) bin.rows() / p.length * Math.abs(bin.observedRate() - bin.meanForecast());
            from = to;
        }
        return new Reliability(List.copyOf(bins), error);
    }
}
