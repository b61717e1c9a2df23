package dev.tradewind.trainer.report;

import dev.tradewind.trainer.eval.Reliability;
import dev.tradewind.trainer.eval.Strategy;
import dev.tradewind.trainer.pipeline.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The report's pictures: reliability curve, ROC curve, equity curves. */
final class Charts {

    private Charts() {
    }

    static void write(TrainingResult r, Path directory) throws IOException {
        System.setProperty("java.awt.headless", "true");
        String name = r.spec().name();
        reliability(r).writePng(directory.resolve("reliability.png"));
        new LineChart(name + ": ROC curve", "false-positive rate", "true-positive rate")
                .xRange(0, 1).yRange(0, 1)
                .dashed("no skill", LineChart.GREY, new double[] {0, 1}, new double[] {0, 1})
                .line(String.format(Locale.ROOT, "holdout (AUC %.3f)", r.holdout().model().auc()), LineChart.BLUE,
                        column(r.holdoutRoc(), 0), column(r.holdoutRoc(), 1))
                .line(String.format(Locale.ROOT, "walk-forward (AUC %.3f)", r.walkForward().model().auc()),
                        LineChart.ORANGE, column(r.walkForwardRoc(), 0), column(r.walkForwardRoc(), 1))
                .writePng(directory.resolve("roc.png"));
        equity(name + ": long/flat after fees vs buy-and-hold, holdout", r.holdoutStrategy())
                .writePng(directory.resolve("equity.png"));
        equity(name + ": long/flat after fees vs buy-and-hold, walk-forward", r.walkForwardStrategy())
                .writePng(directory.resolve("equity-walk-forward.png"));
    }

    private static LineChart reliability(TrainingResult r) {
        Reliability holdout = r.holdoutReliability();
        Reliability walkForward = r.walkForwardReliability();
        double low = 1;
        double high = 0;
        for (Reliability rel : List.of(holdout, walkForward)) {
            for (Reliability.Bin bin : rel.bins()) {
                low = Math.min(low, Math.min(bin.meanForecast(), bin.observedRate()));
                high = Math.max(high, Math.max(bin.meanForecast(), bin.observedRate()));
            }
        }
        double pad = Math.max(0.01, (high - low) * 0.08);
        low = Math.max(0, low - pad);
        high = Math.min(1, high + pad);
        return new LineChart(r.spec().name() + ": reliability (10 equal-count bins)", "mean forecast P(up)",
                "observed share of up moves")
                .xRange(low, high).yRange(low, high)
                .dashed("perfectly calibrated", LineChart.GREY, new double[] {low, high}, new double[] {low, high})
                .dots("holdout", LineChart.BLUE, forecasts(holdout), observed(holdout))
                .dots("walk-forward", LineChart.ORANGE, forecasts(walkForward), observed(walkForward));
    }

    private static LineChart equity(String title, Strategy s) {
        double[] x = LineChart.epochSeconds(s.times());
        return new LineChart(title, "time (UTC)", "equity (start = 1)").timeAxis()
                .line(String.format(Locale.ROOT, "long/flat on the model (%+.1f%%)", 100 * s.totalReturn()),
                        LineChart.BLUE, x, s.strategy())
                .line(String.format(Locale.ROOT, "buy-and-hold (%+.1f%%)", 100 * s.buyAndHoldReturn()),
                        LineChart.GREY, x, s.buyAndHold());
    }

    private static double[] forecasts(Reliability r) {
        return r.bins().stream().mapToDouble(Reliability.Bin::meanForecast).toArray();
    }

    private static double[] observed(Reliability r) {
        return r.bins().stream().mapToDouble(Reliability.Bin::observedRate).toArray();
    }

    private static double[] column(List<double[]> points, int index) {
        return points.stream().mapToDouble(p -> p[index]).toArray();
    }
}
