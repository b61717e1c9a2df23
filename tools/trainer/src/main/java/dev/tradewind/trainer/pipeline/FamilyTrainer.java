package dev.tradewind.trainer.pipeline;

import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.InferenceOptions;
import dev.tradewind.model.ModelContract;
import dev.tradewind.model.OnnxBinaryClassifier;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.Progress;
import dev.tradewind.trainer.data.Dataset;
import dev.tradewind.trainer.data.DatasetBuilder;
import dev.tradewind.trainer.data.Row;
import dev.tradewind.trainer.eval.Bootstrap;
import dev.tradewind.trainer.eval.Evaluation;
import dev.tradewind.trainer.eval.Evaluation.Forecasts;
import dev.tradewind.trainer.eval.Reliability;
import dev.tradewind.trainer.eval.Roc;
import dev.tradewind.trainer.eval.Strategy;
import dev.tradewind.trainer.onnx.OnnxParityChecker;
import dev.tradewind.trainer.onnx.VerifiedOnnxExport;
import dev.tradewind.trainer.report.ModelCardWriter;
import dev.tradewind.trainer.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains, evaluates and exports one family's model:
 * <ol>
 *   <li>rows from the bundled history through the model layer's feature code;</li>
 *   <li>walk-forward folds over the development period (before the cutoff): each trains on every row whose label
 *   ends before its test block (the purge), holds out the latest slice of that for Platt scaling, and is scored on
 *   its block beside the baselines;</li>
 *   <li>the final model the same way on the whole development period, exported to ONNX with a parity check against
 *   XGBoost on the holdout (plus copies with missing values), then scored by ONNX Runtime on the holdout;</li>
 *   <li>low confidence when its calibrated log-loss does not beat the constant forecast, on the holdout or on the
 *   pooled folds;</li>
 *   <li>model.onnx, model-card.json, REPORT.md and the charts, then a check that the inference API loads what was
 *   written and that candles read back through it give the trainer's own features and probabilities.</li>
 * </ol>
 */
public final class FamilyTrainer {

    private static final int RELIABILITY_BINS = 10;
    private static final int ROC_POINTS = 400;

    private FamilyTrainer() {
    }

    public static TrainingResult train(FamilySpec spec, BundledHistory history, Path outputDirectory,
                                       Progress progress) throws IOException {
        Dataset data = DatasetBuilder.build(spec, history, progress);
        List<Row> development = data.select(Dataset.labelledBefore(spec.cutoff()));
        List<Row> holdout = data.select(row -> !row.time().isBefore(spec.cutoff()));
        if (development.isEmpty() || holdout.isEmpty()) {
            throw new IllegalStateException(spec.name() + ": the data must span the cutoff " + spec.cutoff());
        }

        List<FoldResult> folds = new ArrayList<>();
        List<Forecasts> foldForecasts = new ArrayList<>();
        Instant start = development.getFirst().time();
        long span = Duration.between(start, spec.cutoff()).toSeconds();
        Instant testStart = start.plusSeconds((long) (span * (1 - spec.walkForwardShare())));
        long block = (long) (span * spec.walkForwardShare() / spec.folds());
        for (int k = 0; k < spec.folds(); k++) {
            Instant from = testStart.plusSeconds(block * k);
            Instant to = k == spec.folds() - 1 ? spec.cutoff() : testStart.plusSeconds(block * (k + 1));
            List<Row> train = development.stream().filter(Dataset.labelledBefore(from)).toList();
            List<Row> test = development.stream().filter(Dataset.openedIn(from, to)).toList();
            String stage = String.format(Locale.ROOT, "%s fold %d/%d", spec.name(), k + 1, spec.folds());
            try (FittedModel model = FittedModel.train(spec, train, progress, stage)) {
                Forecasts forecasts = Forecasts.of(train, test, model.calibrated(test), model.uncalibrated(test));
                foldForecasts.add(forecasts);
                folds.add(new FoldResult(k + 1, window(spec, model), model.calibration, Evaluation.of(forecasts)));
            }
        }
        Forecasts walkForward = Forecasts.concat(foldForecasts);

        Files.createDirectories(outputDirectory);
        try (FittedModel model = FittedModel.train(spec, development, progress, spec.name() + " final model")) {
            TrainingWindow training = window(spec, model);
            progress.stage(spec.name() + " export + parity", 3);
            VerifiedOnnxExport.Result export = new VerifiedOnnxExport(new OnnxParityChecker())
                    .export(model.booster, model.calibration, parityRows(holdout), metadata(spec, training));
            progress.advance(1);
            byte[] onnx = export.onnxModel();
            String sha256 = ForecastModel.sha256(onnx);
            String version = spec.name() + "-" + sha256.substring(0, 12);
            Path modelFile = outputDirectory.resolve(ModelContract.MODEL_FILE);
            double[] served;
            try (OnnxBinaryClassifier classifier = OnnxBinaryClassifier.fromBytes(onnx, modelFile,
                    InferenceOptions.defaults())) {
                float[] p = classifier.predict(Dataset.features(holdout));
                served = new double[p.length];
                for (int i = 0; i < p.length; i++) {
                    served[i] = p[i];
                }
            }
            progress.advance(1);
            Forecasts holdoutForecasts = Forecasts.of(development, holdout, served, model.uncalibrated(holdout));
            Evaluation holdoutEvaluation = Evaluation.of(holdoutForecasts);
            Evaluation walkForwardEvaluation = Evaluation.of(walkForward);
            boolean lowConfidence = !holdoutEvaluation.beatsBaseRate() || !walkForwardEvaluation.beatsBaseRate();
            int blockRows = (spec.interval() == Interval.H1 ? 24 : 5) * spec.symbols().size();
            TrainingResult result = new TrainingResult(spec, version, sha256, export.treeModel().trees().size(),
                    data.sources(), training, model.calibration, folds, walkForwardEvaluation, holdoutEvaluation,
                    Bootstrap.logLossImprovement(walkForward, blockRows),
                    Bootstrap.logLossImprovement(holdoutForecasts, blockRows),
                    Reliability.of(walkForward.calibrated(), walkForward.labels(), RELIABILITY_BINS),
                    Reliability.of(served, holdoutForecasts.labels(), RELIABILITY_BINS),
                    Roc.curve(walkForward.calibrated(), walkForward.labels(), ROC_POINTS),
                    Roc.curve(served, holdoutForecasts.labels(), ROC_POINTS),
                    Strategy.run(walkForward.rows(), walkForward.calibrated(), FamilySpec.LONG_THRESHOLD,
                            spec.feePerSide(), spec.symbols().size()),
                    Strategy.run(holdout, served, FamilySpec.LONG_THRESHOLD, spec.feePerSide(),
                            spec.symbols().size()),
                    export.parity(), lowConfidence, lowConfidenceReason(lowConfidence, holdoutEvaluation,
                    walkForwardEvaluation));

            Files.write(modelFile, onnx);
            Files.write(outputDirectory.resolve(ModelContract.CARD_FILE), ModelCardWriter.write(result));
            ReportWriter.write(result, outputDirectory);
            checkServingPath(spec, history, outputDirectory, holdout, served);
            progress.advance(1);
            progress.done();
            return result;
        }
    }

    private static TrainingWindow window(FamilySpec spec, FittedModel model) {
        List<Row> fit = model.fitRows;
        List<Row> calibration = model.calibrationRows;
        Instant lastLabel = calibration.stream().map(Row::labelTime).max(Instant::compareTo).orElseThrow();
        Instant labelsThrough = MarketCalendar.of(spec.assetClass()).closeTime(spec.interval(), lastLabel);
        return new TrainingWindow(fit.getFirst().time(), fit.getLast().time(), fit.size(),
                calibration.getFirst().time(), calibration.getLast().time(), calibration.size(), labelsThrough);
    }

    /** ONNX metadata: what the model means, so its content hash (the version) covers it. */
    private static Map<String, String> metadata(FamilySpec spec, TrainingWindow training) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ModelContract.FEATURES_METADATA, String.join(",", spec.features().names()));
        metadata.put("tradewind.feature_set", spec.features().id());
        metadata.put("tradewind.family", spec.name());
        metadata.put("tradewind.interval", spec.interval().code());
        metadata.put("tradewind.horizon_bars", Integer.toString(spec.horizonBars()));
        metadata.put("tradewind.labels_through", training.labelsThrough().toString());
        return metadata;
    }

    /**
     * The holdout rows, then each again with one feature missing (a different one per row), then every 50th row
     * with all features missing: real bars rarely have a missing value, but the served model must handle them.
     */
    static float[][] parityRows(List<Row> rows) {
        float[][] real = Dataset.features(rows);
        List<float[]> all = new ArrayList<>(Arrays.asList(real));
        for (int i = 0; i < real.length; i++) {
            float[] copy = real[i].clone();
            copy[i % copy.length] = Float.NaN;
            all.add(copy);
            if (i % 50 == 0) {
                float[] empty = new float[copy.length];
                Arrays.fill(empty, Float.NaN);
                all.add(empty);
            }
        }
        return all.toArray(float[][]::new);
    }

    /**
     * Loads what was written through the inference API, as the predict function will, and recomputes the latest
     * holdout bar of every symbol from candles: features and probability must be the trainer's, bit for bit.
     */
    private static void checkServingPath(FamilySpec spec, BundledHistory history, Path directory, List<Row> holdout,
                                         double[] served) {
        try (ForecastModel model = ForecastModel.load(directory)) {
            for (int s = 0; s < spec.symbols().size(); s++) {
                int index = -1;
                for (int i = 0; i < holdout.size(); i++) {
                    if (holdout.get(i).symbol() == s) {
                        index = i;
                    }
                }
                if (index < 0) {
                    continue;
                }
                Row row = holdout.get(index);
                List<Candle> candles = history.candles(spec.symbols().get(s)).stream()
                        .filter(c -> !c.openTime().isAfter(row.time())).toList();
                float[] features = model.features(candles);
                float p = model.predict(features);
                if (!Arrays.equals(features, row.features()) || p != (float) served[index]) {
                    throw new IllegalStateException(spec.name() + ": the serving path disagrees with training for "
                            + spec.symbols().get(s) + " at " + row.time());
                }
            }
        }
    }

    private static String lowConfidenceReason(boolean flagged, Evaluation holdout, Evaluation walkForward) {
        String numbers = String.format(Locale.ROOT, "calibrated log-loss %.5f vs %.5f for the constant base-rate "
                        + "forecast on the holdout, %.5f vs %.5f over the walk-forward folds",
                holdout.model().logLoss(), holdout.baseRate().logLoss(), walkForward.model().logLoss(),
                walkForward.baseRate().logLoss());
        return flagged ? "Low confidence: " + numbers + "; the model does not reliably beat always forecasting the "
                + "base rate, so its signals must be treated as low confidence."
                : "Beats the base rate: " + numbers + ".";
    }
}
