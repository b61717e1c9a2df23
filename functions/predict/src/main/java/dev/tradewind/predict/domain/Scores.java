package dev.tradewind.predict.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How a set of probability forecasts of "up" scored against what happened.
 *
 * @param count       resolved forecasts scored
 * @param hitRate     share whose direction was right: LEAN's binary insight score, averaged. A forecast says up
 *                    when its direction is up ({@code P(up) > 0.5} for the model); null when nothing was scored
 * @param brier       mean (p − y)², y = 1 for up: 0 is perfect, 0.25 is a coin flip
 * @param logLoss     mean −(y ln p + (1 − y) ln(1 − p)), p clipped to [1e-15, 1 − 1e-15]
 * @param calibration forecasts in up to ten equal-count bins (equal forecasts never split), mean forecast against
 *                    how often the price went up: on the diagonal is calibrated
 */
public record Scores(int count, Double hitRate, Double brier, Double logLoss, List<Bin> calibration) {

    public static final int BINS = 10;
    private static final double EPSILON = 1e-15;

    public record Bin(double fromForecast, double toForecast, int count, double meanForecast, double observedRate) {
    }

    /** One scored forecast: its probability of up, the direction it called, and what happened. */
    public record Scored(double probabilityUp, boolean calledUp, boolean up) {
    }

    public static Scores of(List<Scored> forecasts) {
        int n = forecasts.size();
        if (n == 0) {
            return new Scores(0, null, null, null, List.of());
        }
        int hits = 0;
        double brier = 0;
        double logLoss = 0;
        for (Scored f : forecasts) {
            double y = f.up() ? 1 : 0;
            double p = f.probabilityUp();
            hits += f.calledUp() == f.up() ? 1 : 0;
            brier += (p - y) * (p - y);
            double clipped = Math.min(1 - EPSILON, Math.max(EPSILON, p));
            logLoss -= y * Math.log(clipped) + (1 - y) * Math.log(1 - clipped);
        }
        return new Scores(n, round((double) hits / n), round(brier / n), round(logLoss / n), bins(forecasts));
    }

    static List<Bin> bins(List<Scored> forecasts) {
        Scored[] sorted = forecasts.toArray(Scored[]::new);
        Arrays.sort(sorted, Comparator.comparingDouble(Scored::probabilityUp));
        int target = (sorted.length + BINS - 1) / BINS;
        List<Bin> bins = new ArrayList<>();
        int start = 0;
        while (start < sorted.length) {
            int end = Math.min(sorted.length, start + target);
            while (end < sorted.length && sorted[end].probabilityUp() == sorted[end - 1].probabilityUp()) {
                end++;
            }
            double sum = 0;
            int ups = 0;
            for (int i = start; i < end; i++) {
                sum += sorted[i].probabilityUp();
                ups += sorted[i].up() ? 1 : 0;
            }
            int count = end - start;
            bins.add(new Bin(round(sorted[start].probabilityUp()), round(sorted[end - 1].probabilityUp()), count,
                    round(sum / count), round((double) ups / count)));
            start = end;
        }
        return bins;
    }

    public static double round(double value) {
        return Math.round(value * 1_000_000) / 1_000_000.0;
    }
}
