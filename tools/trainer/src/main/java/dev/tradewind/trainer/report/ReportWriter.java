package dev.tradewind.trainer.report;

import dev.tradewind.shared.market.Interval;
import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.data.SourceInfo;
import dev.tradewind.trainer.eval.Bootstrap;
import dev.tradewind.trainer.eval.Evaluation;
import dev.tradewind.trainer.eval.Metrics;
import dev.tradewind.trainer.eval.Strategy;
import dev.tradewind.trainer.pipeline.FoldResult;
import dev.tradewind.trainer.pipeline.TrainingResult;
import dev.tradewind.trainer.pipeline.TrainingWindow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * REPORT.md and its charts: the evaluation in the form people read, next to the model it describes. Every number
 * comes from the same {@link TrainingResult} as the model card.
 */
public final class ReportWriter {

    public static final String REPORT_FILE = "REPORT.md";
    public static final List<String> CHART_FILES = List.of("reliability.png", "roc.png", "equity.png",
            "equity-walk-forward.png");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ReportWriter() {
    }

    public static String whatItForecasts(FamilySpec spec) {
        String bars = spec.interval() == Interval.H1 ? "hourly" : "daily";
        String span = spec.interval() == Interval.H1 ? spec.horizonBars() + " hours" : spec.horizonBars() == 1
                ? "the next trading day" : spec.horizonBars() + " trading days";
        return "Calibrated probability that the close " + spec.horizonBars() + " " + bars + " bar"
                + (spec.horizonBars() == 1 ? "" : "s") + " later (" + span + ") is above the latest close, for "
                + String.join(", ", spec.symbols()) + ".";
    }

    public static void write(TrainingResult result, Path directory) throws IOException {
        Charts.write(result, directory);
        Files.writeString(directory.resolve(REPORT_FILE), markdown(result), StandardCharsets.UTF_8);
    }

    static String markdown(TrainingResult r) {
        FamilySpec spec = r.spec();
        Evaluation h = r.holdout();
        StringBuilder md = new StringBuilder();
        md.append("# Model report: ").append(spec.name()).append("\n\n");
        md.append("Model `").append(r.version()).append("` · written by `./tradewind train` together with `model.onnx`"
                + " and `model-card.json` (the same numbers, machine-readable). Do not edit by hand.\n\n");
        md.append("**What it forecasts.** ").append(whatItForecasts(spec)).append(" One model for all ")
                .append(spec.symbols().size()).append(" instruments, trained on bars before ")
                .append(DAY.format(spec.cutoff())).append(" only.\n\n");
        md.append("**Served: ").append(r.servesModel() ? "the model" : "the base rate").append(".** ")
                .append(r.lowConfidenceReason()).append(" Log-loss gain of what is served over the training base "
                        + "rate, with a 95% block-bootstrap interval: holdout ")
                .append(interval(r.holdoutImprovement())).append(". An interval that contains 0 means the data "
                        + "cannot tell the forecast from the base rate.\n\n");
        targets(md, r);
        unseen(md, r);

        md.append("## Out of sample: the holdout, ").append(range(spec, h.from(), h.to())).append("\n\n");
        md.append("The exported model, scored by ONNX Runtime exactly as the predict function scores it, on ")
                .append(String.format(Locale.ROOT, "%,d", h.model().rows())).append(" bars it never saw (")
                .append(percent(h.positiveRate())).append(" of them were up moves). Baselines are fitted on the "
                        + "same training rows.\n\n");
        metricsTable(md, h);
        md.append("\nAccuracy counts P(up) > 0.5 as a forecast of up. AUC 0.5 is no ranking skill. Log-loss and "
                + "Brier score judge the probabilities: lower is better, and the base-rate row is what always "
                + "forecasting the training period's share of up moves scores (its accuracy is the majority "
                + "class's). The previous-bar row forecasts up when the last bar was up (accuracy, AUC); its "
                + "probabilities (log-loss, Brier) are P(up | the last bar's direction) from the training rows.\n\n");
        md.append("![Reliability curve](reliability.png)\n\n");
        md.append("Reliability: forecasts in ten equal-count bins (equal forecasts never split), mean forecast "
                + "against how often the price went up. On the diagonal is calibrated. Expected calibration error: "
                + "holdout ")
                .append(decimal(r.holdoutReliability().expectedCalibrationError(), 4)).append(", walk-forward ")
                .append(decimal(r.walkForwardReliability().expectedCalibrationError(), 4)).append(".\n\n");
        md.append("![ROC curve](roc.png)\n\n");

        md.append("## Trading the signals: long/flat after fees, beside buy-and-hold\n\n");
        md.append("Per instrument: at a decision bar, long for the label's horizon (").append(spec.horizonBars())
                .append(" bar").append(spec.horizonBars() == 1 ? "" : "s").append(") when P(up) > ")
                .append(FamilySpec.LONG_THRESHOLD).append(", flat otherwise; the next decision is taken when that "
                        + "period ends, so holding periods never overlap. Paying ").append(exactPercent(spec.feePerSide()))
                .append(" of the traded amount per position change; buy-and-hold pays it once. Equal capital "
                        + "per instrument. No slippage, no funding, no taxes.\n\n");
        md.append("| period | strategy | max drawdown | buy-and-hold | max drawdown | position changes | time long |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        strategyRow(md, "holdout " + range(spec, h.from(), h.to()), r.holdoutStrategy());
        strategyRow(md, "walk-forward " + range(spec, r.walkForward().from(), r.walkForward().to()),
                r.walkForwardStrategy());
        md.append("\n![Equity curve, holdout](equity.png)\n\n![Equity curve, walk-forward](equity-walk-forward.png)"
                + "\n\n");

        md.append("## Walk-forward folds (before the cutoff)\n\n");
        md.append("Each fold trains trees on every row whose label was decided before its test block (a purge of ")
                .append(spec.horizonBars()).append(" bar").append(spec.horizonBars() == 1 ? "" : "s")
                .append(") and forecasts the block out of fold. From the second fold on, the forecasts are calibrated "
                        + "by a logistic regression on the earlier folds' out-of-fold margins (labelled before the "
                        + "block); the first fold only calibrates (its row shows the uncalibrated trees) and is not "
                        + "pooled. The blocks cover the last ").append(percent(spec.walkForwardShare()))
                .append(" of the development period.\n\n");
        md.append("| fold | test period | rows | up | accuracy | AUC | log-loss | base-rate log-loss | previous-bar "
                + "log-loss | Brier | base-rate Brier |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (FoldResult fold : r.folds()) {
            foldRow(md, fold.calibration().isPresent() ? Integer.toString(fold.number())
                    : fold.number() + " (calibration only, uncalibrated)", spec, fold.evaluation());
        }
        foldRow(md, "**pooled** (folds 2–" + r.folds().size() + ")", spec, r.walkForward());
        md.append("\nThe full baseline metrics of every fold are in model-card.json.\n\n");

        md.append("## Calibration and training\n\n");
        TrainingWindow w = r.training();
        md.append("- Trees fitted on all ").append(String.format(Locale.ROOT, "%,d", w.fitRows()))
                .append(" development rows, ").append(range(spec, w.fitFrom(), w.fitTo()))
                .append("; calibration fitted on the ").append(String.format(Locale.ROOT, "%,d", w.calibrationRows()))
                .append(" pooled out-of-fold walk-forward rows, ").append(range(spec, w.calibrationFrom(),
                        w.calibrationTo())).append(": P(up) = ").append(formula(r.fittedCalibration()))
                .append(". Served, folded into the ONNX graph: P(up) = ").append(formula(r.servedCalibration()))
                .append(r.servesModel() ? " (the fitted calibration).\n" : String.format(Locale.ROOT,
                        " (a = 0: the constant training base rate %.4f).\n", r.developmentBaseRate()));
        md.append("- Labels by time: the label bar is exactly ").append(spec.horizonBars()).append(" bar")
                .append(spec.horizonBars() == 1 ? "" : "s").append(" later on the instrument's calendar; a row "
                        + "whose horizon spans a missing bar is dropped.\n");
        md.append("- No training label used a price after ").append(HOUR.format(w.labelsThrough()))
                .append(" UTC; the holdout starts at ").append(HOUR.format(spec.cutoff()))
                .append(" UTC, where the local runtime's market replay starts, so everything it serves is out of "
                        + "sample.\n");
        md.append("- ").append(r.trees()).append(" trees of depth ≤ ").append(spec.params().maxDepth())
                .append(", learning rate ").append(spec.params().learningRate()).append(", min child weight ")
                .append(spec.params().minChildWeight()).append(", L2 ").append(spec.params().l2Regularization())
                .append(", row/column sampling ").append(spec.params().subsample()).append("/")
                .append(spec.params().columnSampleByTree()).append(", seed ").append(spec.params().seed())
                .append(", ").append(spec.params().threads()).append(" thread. Chosen before looking at any "
                        + "out-of-sample number, not tuned on the holdout.\n");
        md.append("- Features (").append(spec.features().id()).append(", a window of ")
                .append(spec.features().windowLength()).append(" bars): `")
                .append(String.join("`, `", spec.features().names())).append("`.\n\n");

        md.append("## Export check\n\n");
        md.append("ONNX Runtime against XGBoost4j (+ the served calibration) on ").append(String.format(Locale.ROOT, "%,d",
                        r.parity().rows())).append(" rows, ")
                .append(String.format(Locale.ROOT, "%,d", r.parity().rowsWithMissing()))
                .append(" of them with missing values: max |Δp| ")
                .append(String.format(Locale.ROOT, "%.2e", r.parity().maxAbsDifference())).append(", mean ")
                .append(String.format(Locale.ROOT, "%.2e", r.parity().meanAbsDifference())).append(", ")
                .append(r.parity().flippedDecisions()).append(" flipped decisions (tolerance ")
                .append(r.parity().tolerance()).append("; the trainer fails otherwise). The trainer also reloads "
                        + "the written files through the inference API and recomputes the last holdout bar of each "
                        + "instrument from candles: same features and probability, bit for bit.\n\n");

        md.append("## Data\n\n").append(spec.origin()).append(".\n\n");
        md.append("| symbol | file | SHA-256 | candles | first | last |\n|---|---|---|---|---|---|\n");
        for (SourceInfo s : r.sources()) {
            md.append("| ").append(s.symbol()).append(" | `").append(s.file().getParent().getFileName()).append("/")
                    .append(s.file().getFileName()).append("` | `").append(s.sha256(), 0, 12).append("…` | ")
                    .append(String.format(Locale.ROOT, "%,d", s.candles())).append(" | ")
                    .append(range(spec, s.firstOpen(), s.lastOpen()).replace(" → ", " | ")).append(" |\n");
        }
        md.append("\n## Reproduce\n\n```bash\n./tradewind train --family ").append(spec.name())
                .append("   # rewrites this folder\n./tradewind train --verify              # retrains into a "
                        + "scratch folder and compares byte for byte\n```\n");
        return md.toString();
    }

    private static void metricsTable(StringBuilder md, Evaluation e) {
        md.append("| forecaster | accuracy | AUC | log-loss | Brier |\n|---|---|---|---|---|\n");
        metricsRow(md, "**model** (calibrated)", e.model());
        metricsRow(md, "model before calibration", e.uncalibrated());
        metricsRow(md, "always the majority, base-rate probability", e.baseRate());
        metricsRow(md, "previous-bar direction", e.previousBar());
    }

    private static void metricsRow(StringBuilder md, String name, Metrics m) {
        md.append("| ").append(name).append(" | ").append(decimal(m.accuracy(), 4)).append(" | ")
                .append(decimal(m.auc(), 4)).append(" | ").append(decimal(m.logLoss(), 5)).append(" | ")
                .append(decimal(m.brier(), 5)).append(" |\n");
    }

    private static void foldRow(StringBuilder md, String name, FamilySpec spec, Evaluation e) {
        md.append("| ").append(name).append(" | ").append(range(spec, e.from(), e.to())).append(" | ")
                .append(String.format(Locale.ROOT, "%,d", e.model().rows())).append(" | ")
                .append(percent(e.positiveRate())).append(" | ").append(decimal(e.model().accuracy(), 4))
                .append(" | ").append(decimal(e.model().auc(), 4)).append(" | ")
                .append(decimal(e.model().logLoss(), 5)).append(" | ").append(decimal(e.baseRate().logLoss(), 5))
                .append(" | ").append(decimal(e.previousBar().logLoss(), 5)).append(" | ")
                .append(decimal(e.model().brier(), 5)).append(" | ").append(decimal(e.baseRate().brier(), 5))
                .append(" |\n");
    }

    private static void strategyRow(StringBuilder md, String period, Strategy s) {
        md.append("| ").append(period).append(" | ").append(signedPercent(s.totalReturn())).append(" | ")
                .append(percent(-s.maxDrawdown())).append(" | ").append(signedPercent(s.buyAndHoldReturn()))
                .append(" | ").append(percent(-s.buyAndHoldMaxDrawdown())).append(" | ")
                .append(String.format(Locale.ROOT, "%,d", s.positionChanges())).append(" | ")
                .append(percent(s.exposure())).append(" |\n");
    }

    private static String formula(dev.tradewind.trainer.calibration.PlattScaling c) {
        return "sigmoid(" + decimal(c.a(), 4) + " · margin " + (c.b() < 0 ? "− " : "+ ") + decimal(Math.abs(c.b()), 4)
                + ")";
    }

    private static void targets(StringBuilder md, TrainingResult r) {
        md.append("## Targets: does the served forecast do no harm?\n\n");
        md.append("Log loss of what is served against always forecasting the training base rate (gain > 0 favours "
                + "the forecast; 95% moving-block-bootstrap intervals), and the calibration slope (logistic "
                + "regression of the outcome on logit(p); 1 is calibrated, < 1 overconfident; not judged when the "
                + "forecast is (near) constant, standard deviation below ")
                .append(percent(dev.tradewind.trainer.eval.CalibrationSlope.NEAR_CONSTANT_SD))
                .append("; its 95% interval is a moving-block bootstrap of the rows too: neighbouring rows' labels "
                        + "overlap and the instruments move together, so a standard error that takes the rows as "
                        + "independent would understate it; the target is judged on the point estimate).\n\n");
        md.append("| set | rows | log-loss gain [95%] | no worse than base rate | calibration slope [95%] | slope "
                + "target | ECE |\n|---|---|---|---|---|---|---|\n");
        targetRow(md, "walk-forward (folds 2–" + r.folds().size() + "), the model", r.walkForwardScored());
        targetRow(md, "holdout, served", r.holdoutServed());
        targetRow(md, "holdout, model with the fitted calibration" + (r.servesModel() ? "" : " (not served)"),
                r.holdoutModel());
        if (r.loioPooled() != null) {
            targetRow(md, "leave-one-instrument-out holdout, served", r.loioPooled().served());
            targetRow(md, "leave-one-instrument-out holdout, model" + (r.servesModel() ? "" : " (not served)"),
                    r.loioPooled().model());
        }
        r.universe().ifPresent(u -> {
            targetRow(md, u.name() + " (unseen instruments, development period), served", u.served());
            targetRow(md, u.name() + ", model" + (r.servesModel() ? "" : " (not served)"), u.model());
        });
        md.append("\n");
    }

    private static void targetRow(StringBuilder md, String name, dev.tradewind.trainer.eval.Scored s) {
        md.append("| ").append(name).append(" | ").append(String.format(Locale.ROOT, "%,d", s.rows())).append(" | ")
                .append(interval(s.gain())).append(" | ").append(s.noWorseThanBaseRate() ? "yes" : "**no**")
                .append(" | ");
        if (Double.isNaN(s.calibration().slope())) {
            md.append("— (constant)");
        } else {
            md.append(decimal(s.calibration().slope(), 2));
            if (s.calibration().slopeInterval() != null) {
                md.append(" [").append(decimal(s.calibration().slopeInterval().low(), 2)).append(", ")
                        .append(decimal(s.calibration().slopeInterval().high(), 2)).append("]");
            }
        }
        md.append(" | ").append(ModelCardWriter.slopeVerdict(s)).append(" | ").append(decimal(s.ece(), 4))
                .append(" |\n");
    }

    private static void unseen(StringBuilder md, TrainingResult r) {
        if (r.loio().isEmpty()) {
            return;
        }
        FamilySpec spec = r.spec();
        md.append("## Instruments it was not trained on\n\n");
        md.append("Leave-one-instrument-out: for each instrument, trees with the same settings trained on the other "
                + "instruments' development rows, calibrated on the out-of-fold margins of walk-forward trees "
                + "trained on them alone, and scored on the held-out instrument's holdout (after the cutoff: an "
                + "instrument and a period the trees never saw). The baseline is the other instruments' base rate.");
        if (spec.symbols().size() <= 3) {
            md.append(" With only ").append(spec.symbols().size()).append(" instruments each model learns from ")
                    .append(spec.symbols().size() - 1).append(", and the instruments move together, so this says "
                            + "little about instruments in general.");
        }
        md.append("\n\n| held out | rows | model log-loss | base-rate log-loss | model gain [95%] | AUC | slope | "
                + "served gain [95%] |\n|---|---|---|---|---|---|---|---|\n");
        java.util.List<TrainingResult.Unseen> all = new java.util.ArrayList<>(r.loio());
        all.add(r.loioPooled());
        r.universe().ifPresent(all::add);
        for (TrainingResult.Unseen u : all) {
            md.append("| ").append(u.name()).append(" | ").append(String.format(Locale.ROOT, "%,d", u.model().rows()))
                    .append(" | ").append(decimal(u.model().forecast().logLoss(), 5)).append(" | ")
                    .append(decimal(u.model().baseRate().logLoss(), 5)).append(" | ")
                    .append(interval(u.model().gain())).append(" | ").append(decimal(u.model().forecast().auc(), 4))
                    .append(" | ").append(Double.isNaN(u.model().calibration().slope()) ? "—"
                            : decimal(u.model().calibration().slope(), 2))
                    .append(" | ").append(interval(u.served().gain())).append(" |\n");
        }
        r.universe().ifPresent(u -> md.append("\n").append(u.name()).append(": ").append(u.rows())
                .append(". The committed model (trees on all development rows) scores them, so these rows are not "
                        + "out of sample in time, only in instrument.\n"));
        md.append("\n");
    }

    /** A fraction as a percentage with every significant digit (fees: 0.05% stays 0.05%). */
    static String exactPercent(double fraction) {
        return new java.math.BigDecimal(Double.toString(fraction)).movePointRight(2).stripTrailingZeros()
                .toPlainString() + "%";
    }

    public static String interval(Bootstrap b) {
        return String.format(Locale.ROOT, "%+.5f [%+.5f, %+.5f]", b.mean(), b.low(), b.high())
                .replace("-", "−");
    }

    static String range(FamilySpec spec, Instant from, Instant to) {
        DateTimeFormatter format = spec.interval() == Interval.H1 ? HOUR : DAY;
        return format.format(from) + " → " + format.format(to);
    }

    static String decimal(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction).replace("-", "−");
    }

    static String signedPercent(double fraction) {
        return String.format(Locale.ROOT, "%+.1f%%", 100 * fraction).replace("-", "−");
    }
}
