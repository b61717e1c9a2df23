package dev.tradewind.trainer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.model.ModelContract;
import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.data.SourceInfo;
import dev.tradewind.trainer.eval.Bootstrap;
import dev.tradewind.trainer.eval.Evaluation;
import dev.tradewind.trainer.eval.Metrics;
import dev.tradewind.trainer.eval.Reliability;
import dev.tradewind.trainer.eval.Scored;
import dev.tradewind.trainer.eval.Strategy;
import dev.tradewind.trainer.pipeline.FoldResult;
import dev.tradewind.trainer.pipeline.TrainingResult;
import dev.tradewind.trainer.pipeline.TrainingWindow;
import dev.tradewind.trainer.xgb.XgbTrainingParams;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * model-card.json: what the model is, what it was trained on, how it did out of sample beside the baselines, and the
 * low-confidence verdict. Written in a fixed field order with rounded numbers and no timestamps of the run, so
 * the same data and code write the same bytes. {@code dev.tradewind.model.ModelCard} reads it.
 */
public final class ModelCardWriter {

    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    // "\n" whatever the platform's line separator, so the bytes are the same everywhere.
    private static final ObjectWriter WRITER = JSON.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private ModelCardWriter() {
    }

    public static byte[] write(TrainingResult result) {
        FamilySpec spec = result.spec();
        ObjectNode card = JSON.createObjectNode();
        card.put("schemaVersion", SCHEMA_VERSION);
        card.put("family", spec.name());
        card.put("version", result.version());
        card.put("modelSha256", result.modelSha256());
        card.put("description", ReportWriter.whatItForecasts(spec));
        card.put("served", result.served());
        card.put("lowConfidence", result.lowConfidence());
        card.put("lowConfidenceReason", result.lowConfidenceReason());
        card.set("decision", decision(result));
        card.set("targets", targets(result));

        ObjectNode target = card.putObject("target");
        target.put("interval", spec.interval().code());
        target.put("assetClass", spec.assetClass().code());
        ArrayNode symbols = target.putArray("symbols");
        spec.symbols().forEach(symbols::add);
        target.put("horizonBars", spec.horizonBars());
        target.put("label", "close[t+" + spec.horizonBars() + "] > close[t]");
        target.put("output", (result.servesModel() ? "calibrated P(up)" : "the constant training base rate")
                + " = " + ModelContract.PROBABILITIES_OUTPUT + "[:, 1]");

        ObjectNode features = card.putObject("features");
        features.put("set", spec.features().id());
        features.put("windowLength", spec.features().windowLength());
        ArrayNode names = features.putArray("names");
        spec.features().names().forEach(names::add);
        features.put("missing", "NaN; the trees route it by each split's learned default direction");

        ObjectNode model = card.putObject("model");
        model.put("type", "XGBoost gradient-boosted trees (binary:logistic) with a logistic calibration of their "
                + "margin, as one ONNX-ML TreeEnsembleClassifier");
        model.put("file", ModelContract.MODEL_FILE);
        model.put("trees", result.trees());
        ObjectNode calibration = model.putObject("calibration");
        calibration.put("method", "folded into the ONNX graph: P(up) = sigmoid(a * margin + b); a and b are what is "
                + "served");
        calibration.put("a", significant(result.servedCalibration().a()));
        calibration.put("b", significant(result.servedCalibration().b()));
        ObjectNode fitted = calibration.putObject("fitted");
        fitted.put("method", "logistic regression (maximum likelihood) of the outcome on the trees' margin over the "
                + "pooled out-of-fold walk-forward rows");
        fitted.put("a", significant(result.fittedCalibration().a()));
        fitted.put("b", significant(result.fittedCalibration().b()));
        fitted.put("servedAsIs", result.servesModel());
        calibration.put("trainingBaseRate", fixed(result.developmentBaseRate()));
        ObjectNode onnx = model.putObject("onnx");
        onnx.put("irVersion", 8);
        onnx.put("opsetAiOnnx", 17);
        onnx.put("opsetAiOnnxMl", 3);
        onnx.put("input", ModelContract.FEATURES_INPUT + ": float[N, " + spec.features().size() + "]");
        onnx.put("outputs", ModelContract.LABEL_OUTPUT + ": int64[N], " + ModelContract.PROBABILITIES_OUTPUT
                + ": float[N, 2]");

        ObjectNode hyper = card.putObject("hyperParameters");
        XgbTrainingParams p = spec.params();
        hyper.put("objective", "binary:logistic");
        hyper.put("treeMethod", "hist");
        hyper.put("rounds", p.rounds());
        hyper.put("maxDepth", p.maxDepth());
        hyper.put("learningRate", p.learningRate());
        hyper.put("subsample", p.subsample());
        hyper.put("columnSampleByTree", p.columnSampleByTree());
        hyper.put("minChildWeight", p.minChildWeight());
        hyper.put("l2Regularization", p.l2Regularization());
        hyper.put("maxBin", p.maxBin());
        hyper.put("seed", p.seed());
        hyper.put("threads", p.threads());
        hyper.put("folds", spec.folds());
        hyper.put("walkForwardShare", spec.walkForwardShare());

        ObjectNode training = card.putObject("training");
        TrainingWindow window = result.training();
        training.put("cutoff", spec.cutoff().toString());
        training.put("labelsThrough", window.labelsThrough().toString());
        training.set("fit", period(window.fitFrom(), window.fitTo(), window.fitRows()));
        training.set("calibration", period(window.calibrationFrom(), window.calibrationTo(),
                window.calibrationRows()));
        ((ObjectNode) training.get("calibration")).put("rows are", "the walk-forward folds' test blocks, each "
                + "forecast by trees trained only on rows labelled before the block");
        training.put("purge", "a row is used for training only if the bar deciding its label opened before the "
                + "period it is evaluated against (a fold's test block, the holdout); a fold's calibration uses only "
                + "earlier folds' rows labelled before it");
        training.put("labels", "by time: the label bar is exactly " + spec.horizonBars() + " bar"
                + (spec.horizonBars() == 1 ? "" : "s") + " later on the instrument's calendar; a row whose horizon "
                + "spans a missing bar is dropped");

        ObjectNode evaluation = card.putObject("evaluation");
        ObjectNode holdout = evaluation(result.holdout());
        holdout.put("scoredBy", "ONNX Runtime, on the exported model (what is served: " + result.served()
                + "), as the predict function scores it");
        holdout.set("logLossImprovementOverBaseRate", improvement(result.holdoutImprovement()));
        holdout.set("served", scored(result.holdoutServed()));
        holdout.set("modelWithFittedCalibration", scored(result.holdoutModel()));
        evaluation.set("holdout", holdout);
        ObjectNode walkForward = evaluation.putObject("walkForward");
        ArrayNode folds = walkForward.putArray("folds");
        for (FoldResult fold : result.folds()) {
            ObjectNode f = folds.addObject();
            f.put("fold", fold.number());
            f.put("labelsThrough", fold.training().labelsThrough().toString());
            f.put("trainingRows", fold.training().fitRows());
            if (fold.calibration().isPresent()) {
                f.put("calibrationA", significant(fold.calibration().get().a()));
                f.put("calibrationB", significant(fold.calibration().get().b()));
            } else {
                f.put("calibrationOnly", "its out-of-fold margins calibrate the later folds; model = the "
                        + "uncalibrated trees; not in the pooled evaluation");
            }
            f.set("test", evaluation(fold.evaluation()));
        }
        ObjectNode pooled = evaluation(result.walkForward());
        pooled.put("folds", "the folds after the first, each calibrated on the earlier folds' out-of-fold margins");
        pooled.set("logLossImprovementOverBaseRate", improvement(result.walkForwardImprovement()));
        pooled.set("scored", scored(result.walkForwardScored()));
        walkForward.set("pooled", pooled);
        ObjectNode loio = evaluation.putObject("leaveOneInstrumentOut");
        loio.put("method", "per instrument: trees (same settings) on the other instruments' development rows, "
                + "calibrated on the out-of-fold margins of walk-forward trees trained on them alone, scored on the "
                + "held-out instrument's holdout rows (after the cutoff: an instrument and a period the trees never "
                + "saw). served = what the "
                + "family's decision serves there: the model, or the other instruments' base rate");
        if (spec.symbols().size() <= 3) {
            loio.put("limits", "only " + spec.symbols().size() + " instruments: each model is trained on "
                    + (spec.symbols().size() - 1) + " and the pooled interval rests on " + spec.symbols().size()
                    + " strongly correlated series, so it says little about instruments in general");
        }
        ArrayNode instruments = loio.putArray("instruments");
        for (TrainingResult.Unseen u : result.loio()) {
            instruments.add(unseen(u));
        }
        if (result.loioPooled() != null) {
            loio.set("pooled", unseen(result.loioPooled()));
        }
        result.universe().ifPresent(u -> evaluation.set("unseenUniverse", unseen(u)));
        ObjectNode reliability = evaluation.putObject("reliability");
        reliability.set("holdout", reliability(result.holdoutReliability()));
        reliability.set("walkForward", reliability(result.walkForwardReliability()));

        evaluation.put("expectedCalibrationError", "10 equal-count bins, equal forecasts never split: sum of "
                + "(bin rows / rows) * |observed rate - mean forecast|");
        ObjectNode strategy = card.putObject("strategy");
        evaluation.put("baselines", "baseRate: always the training majority class, probability = the training "
                + "share of up moves; previousBar: up iff the last bar was up (accuracy, auc), probability = P(up | "
                + "the last bar's direction) on the training rows (logLoss, brier)");

        strategy.put("rule", "per instrument, at a decision bar long for the label's horizon (" + spec.horizonBars()
                + " bar" + (spec.horizonBars() == 1 ? "" : "s") + ") when P(up) > " + FamilySpec.LONG_THRESHOLD
                + ", flat otherwise; the next decision at the end of that period (no overlap); equal capital per "
                + "instrument, never rebalanced");
        strategy.put("feePerSide", spec.feePerSide());
        strategy.set("holdout", strategy(result.holdoutStrategy()));
        strategy.set("walkForward", strategy(result.walkForwardStrategy()));

        ObjectNode parity = card.putObject("parity");
        parity.put("rows", result.parity().rows());
        parity.put("rowsWithMissingValues", result.parity().rowsWithMissing());
        parity.put("maxAbsDifference", significant(result.parity().maxAbsDifference()));
        parity.put("meanAbsDifference", significant(result.parity().meanAbsDifference()));
        parity.put("flippedDecisions", result.parity().flippedDecisions());
        parity.put("tolerance", result.parity().tolerance());
        parity.put("reference", "XGBoost4j margins with the served calibration applied in double precision");

        ObjectNode sources = card.putObject("data");
        sources.put("origin", spec.origin());
        ArrayNode files = sources.putArray("sources");
        for (SourceInfo source : result.sources()) {
            ObjectNode s = files.addObject();
            s.put("symbol", source.symbol());
            s.put("file", "data/market/" + source.file().getParent().getFileName() + "/" + source.file().getFileName());
            s.put("sha256", source.sha256());
            s.put("candles", source.candles());
            s.put("firstOpen", String.valueOf(source.firstOpen()));
            s.put("lastOpen", String.valueOf(source.lastOpen()));
            s.put("rows", source.rows());
        }

        ObjectNode software = card.putObject("software");
        Software.versions().forEach(software::put);
        card.put("reproduce", "./tradewind train --family " + spec.name());
        try {
            return (WRITER.writeValueAsString(card) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode decision(TrainingResult r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("rule", "serve the model only if the 95% moving-block-bootstrap interval of its walk-forward "
                + "log-loss gain over the constant training base rate lies above 0; otherwise serve that base rate "
                + "through the same ONNX graph (a = 0, b = logit(base rate)) and flag lowConfidence");
        node.put("served", r.served());
        node.set("walkForwardLogLossGain", improvement(r.walkForwardImprovement()));
        node.put("trainingBaseRate", fixed(r.developmentBaseRate()));
        return node;
    }

    private static ObjectNode targets(TrainingResult r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("rule", "on unseen instruments (leave-one-instrument-out) the served forecast's log loss <= that of "
                + "the training base rate; calibration slope in [0.7, 1.3] unless the forecast is (near) constant "
                + "(standard deviation below " + dev.tradewind.trainer.eval.CalibrationSlope.NEAR_CONSTANT_SD + ")");
        if (r.loioPooled() != null) {
            node.put("loioLogLossNoWorseThanBaseRate", r.loioPooled().served().noWorseThanBaseRate());
            node.put("loioCalibrationSlope", slopeVerdict(r.loioPooled().served()));
        }
        node.put("holdoutLogLossNoWorseThanBaseRate", r.holdoutServed().noWorseThanBaseRate());
        node.put("holdoutCalibrationSlope", slopeVerdict(r.holdoutServed()));
        r.universe().ifPresent(u -> {
            node.put("unseenUniverseLogLossNoWorseThanBaseRate", u.served().noWorseThanBaseRate());
            node.put("unseenUniverseCalibrationSlope", slopeVerdict(u.served()));
        });
        return node;
    }

    static String slopeVerdict(Scored s) {
        if (s.calibration().nearConstant()) {
            return "not judged: the served forecast is (near) constant";
        }
        return s.calibration().withinTarget() ? "met" : "missed";
    }

    private static ObjectNode unseen(TrainingResult.Unseen u) {
        ObjectNode node = JSON.createObjectNode();
        node.put("instrument", u.name());
        node.put("rows", u.rows());
        node.set("model", scored(u.model()));
        node.set("served", scored(u.served()));
        return node;
    }

    private static ObjectNode scored(Scored s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("from", s.from().toString());
        node.put("to", s.to().toString());
        node.put("rows", s.rows());
        node.put("positiveRate", fixed(s.positiveRate()));
        node.put("trainingBaseRate", fixed(s.trainingBaseRate()));
        node.put("logLoss", fixed(s.forecast().logLoss()));
        node.put("baseRateLogLoss", fixed(s.baseRate().logLoss()));
        node.set("logLossGain", improvement(s.gain()));
        node.put("auc", fixed(s.forecast().auc()));
        node.put("brier", fixed(s.forecast().brier()));
        node.put("expectedCalibrationError", fixed(s.ece()));
        ObjectNode c = node.putObject("calibration");
        if (Double.isNaN(s.calibration().slope())) {
            c.putNull("slope");
            c.putNull("intercept");
            c.putNull("slopeStandardError");
        } else {
            c.put("slope", fixed(s.calibration().slope()));
            c.put("intercept", fixed(s.calibration().intercept()));
            c.put("slopeStandardError", fixed(s.calibration().slopeStandardError()));
        }
        Bootstrap slopeInterval = s.calibration().slopeInterval();
        if (slopeInterval == null) {
            c.putNull("slopeCi95");
        } else {
            c.putArray("slopeCi95").add(fixed(slopeInterval.low())).add(fixed(slopeInterval.high()));
            c.put("slopeCi95Method", "moving-block bootstrap of the rows, blocks of " + slopeInterval.blockRows()
                    + " consecutive rows, " + slopeInterval.replicates() + " replicates, seeded");
        }
        c.put("forecastSd", fixed(s.calibration().forecastSd()));
        c.put("nearConstant", s.calibration().nearConstant());
        return node;
    }

    private static ObjectNode period(Instant from, Instant to, int rows) {
        ObjectNode node = JSON.createObjectNode();
        node.put("from", from.toString());
        node.put("to", to.toString());
        node.put("rows", rows);
        return node;
    }

    private static ObjectNode evaluation(Evaluation e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("from", e.from().toString());
        node.put("to", e.to().toString());
        node.put("rows", e.model().rows());
        node.put("positiveRate", fixed(e.positiveRate()));
        node.set("model", metrics(e.model()));
        node.set("uncalibrated", metrics(e.uncalibrated()));
        node.set("baseRate", metrics(e.baseRate()));
        node.set("previousBar", metrics(e.previousBar()));
        node.put("beatsBaseRate", e.beatsBaseRate());
        return node;
    }

    private static ObjectNode improvement(Bootstrap b) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mean", fixed(b.mean()));
        node.put("ci95Low", fixed(b.low()));
        node.put("ci95High", fixed(b.high()));
        node.put("method", "moving-block bootstrap of per-row log-loss differences (the same blocks for both), "
                + "blocks of " + b.blockRows()
                + " consecutive rows, " + b.replicates() + " replicates, seeded");
        return node;
    }

    private static ObjectNode metrics(Metrics m) {
        ObjectNode node = JSON.createObjectNode();
        node.put("accuracy", fixed(m.accuracy()));
        node.put("auc", fixed(m.auc()));
        node.put("logLoss", fixed(m.logLoss()));
        node.put("brier", fixed(m.brier()));
        return node;
    }

    private static ObjectNode reliability(Reliability r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("expectedCalibrationError", fixed(r.expectedCalibrationError()));
        ArrayNode bins = node.putArray("bins");
        for (Reliability.Bin bin : r.bins()) {
            ObjectNode b = bins.addObject();
            b.put("rows", bin.rows());
            b.put("meanForecast", fixed(bin.meanForecast()));
            b.put("observedRate", fixed(bin.observedRate()));
        }
        return node;
    }

    private static ObjectNode strategy(Strategy s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("from", s.times().getFirst().toString());
        node.put("to", s.times().getLast().toString());
        node.put("totalReturn", fixed(s.totalReturn()));
        node.put("maxDrawdown", fixed(s.maxDrawdown()));
        node.put("buyAndHoldReturn", fixed(s.buyAndHoldReturn()));
        node.put("buyAndHoldMaxDrawdown", fixed(s.buyAndHoldMaxDrawdown()));
        node.put("positionChanges", s.positionChanges());
        node.put("timeLong", fixed(s.exposure()));
        return node;
    }

    /** Six decimals: enough to compare log-losses that differ in the fourth. */
    static BigDecimal fixed(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN);
    }

    static BigDecimal significant(double value) {
        return new BigDecimal(Double.toString(value)).round(new MathContext(8, RoundingMode.HALF_EVEN));
    }
}
