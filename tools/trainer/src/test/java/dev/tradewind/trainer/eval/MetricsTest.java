package dev.tradewind.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.trainer.data.Row;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void metrics_byHand() {
        double[] p = {0.9, 0.2, 0.6, 0.4};
        int[] y = {1, 0, 0, 1};
        Metrics m = Metrics.of(p, y);
        assertEquals(0.5, m.accuracy());
        assertEquals(0.75, m.auc(), 1e-12, "3 of the 4 positive/negative pairs are ordered right");
        assertEquals(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4, m.logLoss(), 1e-12);
        assertEquals((0.01 + 0.04 + 0.36 + 0.36) / 4, m.brier(), 1e-12);
    }

    @Test
    void auc_tiesCountHalf_andOneClassIsNoSkill() {
        assertEquals(0.5, Metrics.auc(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {1, 0, 1, 0}));
        assertEquals(0.5, Metrics.auc(new double[] {0.1, 0.9}, new int[] {1, 1}));
        assertEquals(1.0, Metrics.auc(new double[] {0.1, 0.9}, new int[] {0, 1}));
    }

    @Test
    void logLoss_ofAConstantHalf_isLnTwo() {
        assertEquals(Math.log(2), Metrics.of(new double[] {0.5, 0.5}, new int[] {1, 0}).logLoss(), 1e-12);
        assertEquals(34.538776, Metrics.of(new double[] {0}, new int[] {1}).logLoss(), 1e-6, "clipped, finite");
    }

    @Test
    void reliability_equalCountBins() {
        double[] p = {0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9};
        int[] y = {0, 0, 1, 0, 1, 1, 0, 1};
        Reliability r = Reliability.of(p, y, 4);
        assertEquals(4, r.bins().size());
        assertEquals(0.15, r.bins().get(0).meanForecast(), 1e-12);
        assertEquals(0.0, r.bins().get(0).observedRate());
        assertEquals(0.5, r.bins().get(1).observedRate());
        assertEquals((0.15 + 0.15 + 0.35 + 0.35) / 4, r.expectedCalibrationError(), 1e-12);
    }

    /** ECE = Σ (n_b / N) |ȳ_b − p̄_b|: a constant forecast is one bin, so its ECE is |ȳ − p|, however y drifts. */
    @Test
    void reliability_constantForecast_isOneBin_eceIsGapToUpShare() {
        double[] p = new double[1000];
        Arrays.fill(p, 0.5);
        int[] y = new int[1000];
        Arrays.fill(y, 0, 500, 1);   // first half up, second half down: up-share 0.5 = the forecast
        Reliability r = Reliability.of(p, y, 10);
        assertEquals(List.of(new Reliability.Bin(1000, 0.5, 0.5)), r.bins());
        assertEquals(0.0, r.expectedCalibrationError(), 1e-12);
    }

    @Test
    void reliability_aRunOfEqualForecasts_endsTheBinItStartsIn() {
        double[] p = {0.1, 0.2, 0.2, 0.2, 0.2, 0.7, 0.8, 0.9};
        int[] y = {0, 1, 0, 1, 0, 1, 0, 1};
        Reliability r = Reliability.of(p, y, 4);
        // edges at 2, 4, 6: the first moves to 5 past the run of 0.2, which leaves the second bin empty
        assertEquals(List.of(new Reliability.Bin(5, 0.18, 0.4), new Reliability.Bin(1, 0.7, 1.0),
                new Reliability.Bin(2, 0.85, 0.5)), r.bins().stream().map(MetricsTest::rounded).toList());
        assertEquals((5 * 0.22 + 0.3 + 2 * 0.35) / 8, r.expectedCalibrationError(), 1e-12);
    }

    private static Reliability.Bin rounded(Reliability.Bin bin) {
        return new Reliability.Bin(bin.rows(), Math.round(bin.meanForecast() * 1e9) / 1e9, bin.observedRate());
    }

    @Test
    void roc_runsFromZeroToOne() {
        List<double[]> curve = Roc.curve(new double[] {0.9, 0.8, 0.3, 0.1}, new int[] {1, 0, 1, 0}, 100);
        assertEquals(0, curve.getFirst()[0]);
        assertEquals(1, curve.getLast()[1]);
        assertEquals(0.5, curve.get(1)[1], "the top forecast is a true positive");
    }

    @Test
    void strategy_holdsForTheLabelHorizon_skippingRowsInsideAHoldingPeriod() {
        Instant t = Instant.parse("2022-01-03T00:00:00Z");
        List<Row> rows = new java.util.ArrayList<>();
        double[] p = new double[9];
        for (int i = 0; i < 9; i++) {
            rows.add(row(t.plusSeconds(3600L * i), i % 4 == 0 ? 0.01 * (i + 1) : 1.0));
            p[i] = i % 4 == 0 ? 0.6 : 0.4;
        }
        Strategy s = Strategy.run(rows, p, 0.5, 0.0, 1);
        // decisions at hours 0, 4 and 8 (each holds 4 bars); the rows in between (return +100%) are never traded
        assertEquals(1.01 * 1.05 * 1.09 - 1, s.totalReturn(), 1e-12);
        assertEquals(1.01 * 1.05 * 1.09 - 1, s.buyAndHoldReturn(), 1e-12);
        assertEquals(1.0, s.exposure(), 1e-12);
        assertEquals(t.plusSeconds(4 * 3600), s.times().getFirst(), "equity is marked when a period ends");
    }

    @Test
    void strategy_paysFeesOnChanges_andBuyAndHoldOnce() {
        Instant t = Instant.parse("2022-01-03T00:00:00Z");
        List<Row> rows = List.of(row(t, 0.10), row(t.plusSeconds(4 * 3600), -0.05), row(t.plusSeconds(8 * 3600), 0.02));
        Strategy s = Strategy.run(rows, new double[] {0.6, 0.4, 0.7}, 0.5, 0.01, 1);
        double expected = 0.99 * 1.10 * 0.99 * 0.99 * 1.02;
        assertEquals(expected - 1, s.totalReturn(), 1e-12);
        assertEquals(0.99 * 1.10 * 0.95 * 1.02 - 1, s.buyAndHoldReturn(), 1e-12);
        assertEquals(3, s.positionChanges());
        assertEquals(2.0 / 3, s.exposure(), 1e-12);
        assertEquals(0.05, Strategy.maxDrawdown(new double[] {1.0, 1.2, 1.14, 1.3}), 1e-12);
    }

    @Test
    void bootstrap_isSeeded_andBracketsTheMean() {
        int n = 2000;
        List<Row> rows = new java.util.ArrayList<>();
        double[] model = new double[n];
        double[] base = new double[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        Instant t = Instant.parse("2022-01-03T00:00:00Z");
        for (int i = 0; i < n; i++) {
            int label = random.nextDouble() < 0.6 ? 1 : 0;
            rows.add(new Row(0, t.plusSeconds(3600L * i), t, new float[] {0f}, label, 0, true));
            model[i] = label == 1 ? 0.58 : 0.52;
            base[i] = 0.5;
        }
        Evaluation.Forecasts forecasts = new Evaluation.Forecasts(rows, model, model, base, base);
        Bootstrap first = Bootstrap.logLossImprovement(forecasts, 24);
        assertEquals(first, Bootstrap.logLossImprovement(forecasts, 24));
        assertEquals(true, first.low() < first.mean() && first.mean() < first.high());
        assertEquals(true, first.low() > 0, "a model that is better on every row is better: " + first);
    }

    private static Row row(Instant time, double horizonReturn) {
        return new Row(0, time, time.plusSeconds(4 * 3600), new float[] {0f}, horizonReturn > 0 ? 1 : 0,
                horizonReturn, true);
    }
}
