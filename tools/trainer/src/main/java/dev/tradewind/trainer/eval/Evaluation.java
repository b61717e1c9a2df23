package dev.tradewind.trainer.eval;

import dev.tradewind.trainer.data.Row;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A model's forecasts on one out-of-sample period, beside the naive baselines fitted on the same training rows.
 *
 * @param from         first bar of the period
 * @param to           last bar of the period
 * @param positiveRate share of up moves in the period
 * @param model        the calibrated model
 * @param uncalibrated the same trees before Platt scaling
 * @param baseRate     always the majority class, with the training base rate as its probability: the constant
 *                     forecast the low-confidence flag compares against
 * @param previousBar  "up if the last bar was up": accuracy and AUC of that rule; log-loss and Brier of its
 *                     probabilistic form, P(up | the last bar's direction) estimated on the training rows
 */
public record Evaluation(Instant from, Instant to, double positiveRate, Metrics model, Metrics uncalibrated,
                         Metrics baseRate, Metrics previousBar) {

    /** Forecasts of a period: the model's and the baselines', row by row. */
    public record Forecasts(List<Row> rows, double[] calibrated, double[] uncalibrated, double[] baseRate,
                            double[] previousBar) {

        /** The baselines' forecasts for {@code test}, fitted on {@code train}. */
        public static Forecasts of(List<Row> train, List<Row> test, double[] calibrated, double[] uncalibrated) {
            double trainRate = train.stream().mapToInt(Row::label).average().orElseThrow();
            double upAfterUp = conditionalRate(train, true, trainRate);
            double upAfterDown = conditionalRate(train, false, trainRate);
            double[] constant = new double[test.size()];
            Arrays.fill(constant, trainRate);
            double[] previous = test.stream().mapToDouble(r -> r.previousUp() ? upAfterUp : upAfterDown).toArray();
            return new Forecasts(List.copyOf(test), calibrated, uncalibrated, constant, previous);
        }

        /** Several periods one after another (the walk-forward folds). */
        public static Forecasts concat(List<Forecasts> parts) {
            return new Forecasts(parts.stream().flatMap(p -> p.rows.stream()).toList(),
                    join(parts, Forecasts::calibrated), join(parts, Forecasts::uncalibrated),
                    join(parts, Forecasts::baseRate), join(parts, Forecasts::previousBar));
        }

        private static double[] join(List<Forecasts> parts, java.util.function.Function<Forecasts, double[]> column) {
            return parts.stream().flatMapToDouble(p -> Arrays.stream(column.apply(p))).toArray();
        }

        public int[] labels() {
            return rows.stream().mapToInt(Row::label).toArray();
        }

        private static double conditionalRate(List<Row> train, boolean previousUp, double fallback) {
            return train.stream().filter(r -> r.previousUp() == previousUp).mapToInt(Row::label).average()
                    .orElse(fallback);
        }
    }

    public static Evaluation of(Forecasts forecasts) {
        int[] y = forecasts.labels();
        List<Row> rows = forecasts.rows();
        double[] rule = rows.stream().mapToDouble(r -> r.previousUp() ? 1 : 0).toArray();
        Metrics ruleMetrics = Metrics.of(rule, y);
        Metrics probabilities = Metrics.of(forecasts.previousBar(), y);
        Metrics previousBar = new Metrics(y.length, ruleMetrics.accuracy(), ruleMetrics.auc(), probabilities.logLoss(),
                probabilities.brier());
        return new Evaluation(rows.getFirst().time(), rows.getLast().time(), Arrays.stream(y).average().orElseThrow(),
                Metrics.of(forecasts.calibrated(), y), Metrics.of(forecasts.uncalibrated(), y),
                Metrics.of(forecasts.baseRate(), y), previousBar);
    }

    /** Whether the calibrated model's log-loss is lower than the constant forecast's. */
    public boolean beatsBaseRate() {
        return model.logLoss() < baseRate.logLoss();
    }
}
