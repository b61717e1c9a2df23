package dev.tradewind.trainer.report;

import dev.tradewind.trainer.volatility.VolatilityTrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The volatility and range section of REPORT.md and its two charts. */
public final class VolatilityReport {

    public static final List<String> FILES = List.of("volatility.json", "volatility-holdout.png",
            "range-coverage.png");

    private VolatilityReport() {
    }

    /** Writes the charts and puts the section before the report's "## Data" section. */
    public static void write(String family, VolatilityTrainer.Result result, Path directory) throws IOException {
        System.setProperty("java.awt.headless", "true");
        VolatilityTrainer.ChartData c = result.charts();
        double[] x = LineChart.epochSeconds(c.times());
        new LineChart(family + ": volatility over the next H bars, holdout, " + c.symbol(), "time (UTC)",
                "volatility over H (fraction)").timeAxis()
                .line("realised √RV", LineChart.GREY, x, c.realisedVol())
                .line("EWMA (λ = 0.94)", LineChart.ORANGE, x, c.ewmaVol())
                .line("model forecast", LineChart.BLUE, x, c.forecastVol())
                .writePng(directory.resolve("volatility-holdout.png"));
        double[] xc = LineChart.epochSeconds(c.coverageTimes());
        double[] first = {xc.length == 0 ? 0 : xc[0], xc.length == 0 ? 1 : xc[xc.length - 1]};
        LineChart coverage = new LineChart(String.format(Locale.ROOT, "%s: rolling coverage of the ranges, holdout "
                + "(last %,d rows: %s)", family, c.rollingRows(), c.rollingWindow()), "time (UTC)", "share of closes inside the range")
                .timeAxis()
                .dashed("nominal 80%", LineChart.GREY, first, new double[] {0.8, 0.8})
                .dashed("nominal 95%", LineChart.GREY, first, new double[] {0.95, 0.95})
                .line("model 80%", LineChart.BLUE, xc, c.rollingCoverage()[0])
                .line("model 95%", LineChart.GREEN, xc, c.rollingCoverage()[1])
                .line("baseline 80%", LineChart.ORANGE, xc, c.rollingBaselineCoverage()[0])
                .line("baseline 95%", LineChart.RED, xc, c.rollingBaselineCoverage()[1]);
        coverage.writePng(directory.resolve("range-coverage.png"));
        Path report = directory.resolve(ReportWriter.REPORT_FILE);
        String text = Files.readString(report, StandardCharsets.UTF_8);
        int data = text.indexOf("\n## Data\n");
        String updated = data < 0 ? text + "\n" + result.markdown()
                : text.substring(0, data + 1) + result.markdown() + text.substring(data + 1);
        Files.writeString(report, updated, StandardCharsets.UTF_8);
    }
}
