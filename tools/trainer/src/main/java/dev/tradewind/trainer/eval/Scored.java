package dev.tradewind.trainer.eval;

import dev.tradewind.trainer.data.Dataset;
import dev.tradewind.trainer.data.Row;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One forecaster on one set of rows, judged against the constant forecast of the training base rate: its metrics,
 * the block-bootstrap interval of its log-loss gain over that constant, its calibration slope and ECE.
 *
 * @param trainingBaseRate the share of up moves in the rows the forecaster was trained on: the constant baseline
 *                         (its mean when the folds had different training rows)
 */
public record Scored(Instant from, Instant to, int rows, double positiveRate, double trainingBaseRate,
                     Metrics forecast, Metrics baseRate, Bootstrap gain, CalibrationSlope calibration, double ece) {

    public static final int RELIABILITY_BINS = 10;

    public static Scored of(List<Row> rows, double[] p, double trainingBaseRate, int blockRows) {
        double[] constant = new double[rows.size()];
        Arrays.fill(constant, trainingBaseRate);
        return of(rows, p, constant, blockRows);
    }

    /** @param constant per row, the base rate of the rows its forecast was trained on (walk-forward: per fold) */
    public static Scored of(List<Row> rows, double[] p, double[] constant, int blockRows) {
        int[] y = Dataset.labels(rows);
        double trainingBaseRate = Arrays.stream(constant).average().orElseThrow();
        Instant from = rows.stream().map(Row::time).min(Instant::compareTo).orElseThrow();
        Instant to = rows.stream().map(Row::time).max(Instant::compareTo).orElseThrow();
        return new Scored(from, to, y.length, Arrays.stream(y).average().orElseThrow(), trainingBaseRate,
                Metrics.of(p, y), Metrics.of(constant, y), Bootstrap.logLossGain(p, constant, y, blockRows),
                CalibrationSlope.withInterval(p, y, blockRows),
                Reliability.of(p, y, RELIABILITY_BINS).expectedCalibrationError());
    }

    /** Log loss no worse than the constant training base rate (the "does no harm" bar). */
    public boolean noWorseThanBaseRate() {
        return forecast.logLoss() <= baseRate.logLoss();
    }
}
