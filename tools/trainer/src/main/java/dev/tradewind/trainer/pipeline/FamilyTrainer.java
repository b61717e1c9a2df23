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
import dev.tradewind.trainer.calibration.PlattScaling;
import dev.tradewind.trainer.data.Dataset;
import dev.tradewind.trainer.data.DatasetBuilder;
import dev.tradewind.trainer.data.Row;
import dev.tradewind.trainer.eval.Bootstrap;
import dev.tradewind.trainer.eval.Evaluation;
import dev.tradewind.trainer.eval.Evaluation.Forecasts;
import dev.tradewind.trainer.eval.Reliability;
import dev.tradewind.trainer.eval.Roc;
import dev.tradewind.trainer.eval.Scored;
import dev.tradewind.trainer.eval.Strategy;
import dev.tradewind.trainer.onnx.OnnxParityChecker;
import dev.tradewind.trainer.onnx.VerifiedOnnxExport;
import dev.tradewind.trainer.report.ModelCardWriter;
import dev.tradewind.trainer.report.ReportWriter;
import dev.tradewind.trainer.xgb.TreeEnsembleScorer;
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
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Trains, evaluates and exports one family's direction model (docs/model.md#direction):
 * <ol>
 *   <li>rows from the bundled history through the model layer's feature code, labelled by time;</li>
 *   <li>walk-forward folds over the development period (before the cutoff): each trains trees on every row whose
 *   label ends before its test block (the purge) and keeps the trees' raw margins on the block (out of fold);</li>
 *   <li>the calibration, P(up) = sigmoid(a · margin + b), is a logistic regression of the outcome on those margins,
 *   pooled over the folds; a fold's calibrated forecasts use only the earlier folds' margins (so the first fold only
 *   calibrates), and pooled they are the walk-forward evaluation;</li>
 *   <li>the decision: the model is served only if the moving-block-bootstrap 95% interval of its walk-forward log-loss
 *   gain over the constant training base rate lies above 0; otherwise the ONNX graph serves that base rate (a = 0,
 *   b = logit(base rate)) and the card says low confidence, with the numbers;</li>
 *   <li>the final trees on the whole development period with the served calibration folded in, exported to ONNX with
 *   a parity check (plus copies with missing values), scored by ONNX Runtime on the holdout;</li>
 *   <li>leave-one-instrument-out: per instrument, trees on the others' development rows, calibrated on the
 *   out-of-fold margins of walk-forward folds trained on the others alone, scored on the held-out instrument's
 *   holdout; and for stocks the served model on the bundled S&amp;P 500 universe;</li>
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
        return train(spec, history, Optional.empty(), outputDirectory, progress);
    }

    /** @param universe more instruments of the family (data/market/stocks-1d-sp500), scored but never trained on */
    public static TrainingResult train(FamilySpec spec, BundledHistory history, Optional<BundledHistory> universe,
                                       Path outputDirectory, Progress progress) throws IOException {
        Dataset data = DatasetBuilder.build(spec, history, progress);
        List<Row> development = data.select(Dataset.labelledBefore(spec.cutoff()));
        List<Row> holdout = data.select(row -> !row.time().isBefore(spec.cutoff()));
        if (development.isEmpty() || holdout.isEmpty()) {
            throw new IllegalStateException(spec.name() + ": the data must span the cutoff " + spec.cutoff());
        }
        int blockRows = blockBars(spec) * spec.symbols().size();
        double developmentBaseRate = development.stream().mapToInt(Row::label).average().orElseThrow();

        // walk-forward: out-of-fold margins
        Instant start = development.getFirst().time();
        long span = Duration.between(start, spec.cutoff()).toSeconds();
        Instant testStart = start.plusSeconds((long) (span * (1 - spec.walkForwardShare())));
        long block = (long) (span * spec.walkForwardShare() / spec.folds());
        OutOfFold walkForwardFolds = outOfFold(spec, development, testStart, block, progress, spec.name());
        List<Instant> foldStarts = walkForwardFolds.starts();
        List<List<Row>> foldTrain = walkForwardFolds.train();
        List<List<Row>> foldTest = walkForwardFolds.test();
        List<double[]> foldMargins = walkForwardFolds.margins();
        List<TrainingWindow> foldWindows = walkForwardFolds.windows();
        List<Row> oofRows = walkForwardFolds.rows();
        double[] oofMargins = walkForwardFolds.allMargins();

        // forward-chained calibration of each fold after the first
        List<FoldResult> folds = new ArrayList<>();
        List<Forecasts> evaluated = new ArrayList<>();
        for (int k = 0; k < spec.folds(); k++) {
            double[] margins = foldMargins.get(k);
            double[] uncalibrated = sigmoid(margins);
            if (k == 0) {
                folds.add(new FoldResult(1, foldWindows.get(0), Optional.empty(),
                        Evaluation.of(Forecasts.of(foldTrain.get(0), foldTest.get(0), uncalibrated, uncalibrated))));
                continue;
            }
            Instant from = foldStarts.get(k);
            PlattScaling calibration = calibrate(oofRows, oofMargins, r -> r.labelTime().isBefore(from));
            double[] calibrated = apply(calibration, margins);
            Forecasts forecasts = Forecasts.of(foldTrain.get(k), foldTest.get(k), calibrated, uncalibrated);
            evaluated.add(forecasts);
            folds.add(new FoldResult(k + 1, foldWindows.get(k), Optional.of(calibration), Evaluation.of(forecasts)));
        }
        Forecasts walkForward = Forecasts.concat(evaluated);
        Bootstrap walkForwardGain = Bootstrap.logLossImprovement(walkForward, blockRows);
        boolean servesModel = walkForwardGain.excludesZeroAbove();
        PlattScaling fitted = calibrate(oofRows, oofMargins, r -> true);
        PlattScaling served = servesModel ? fitted : new PlattScaling(0.0, logit(developmentBaseRate));

        // leave one instrument out (trees on the others' development rows; scored on its holdout)
        List<TrainingResult.Unseen> loio = new ArrayList<>();
        List<Row> loioRows = new ArrayList<>();
        List<double[]> loioModel = new ArrayList<>();
        List<double[]> loioServed = new ArrayList<>();
        List<double[]> loioBase = new ArrayList<>();
        if (spec.symbols().size() > 1) {
            for (int s = 0; s < spec.symbols().size(); s++) {
                int held = s;
                List<Row> others = development.stream().filter(r -> r.symbol() != held).toList();
                List<Row> test = holdout.stream().filter(r -> r.symbol() == held).toList();
                if (test.isEmpty()) {
                    continue;
                }
                double base = others.stream().mapToInt(Row::label).average().orElseThrow();
                String stage = spec.name() + " leave out " + spec.symbols().get(s);
                // Calibrated on the margins of walk-forward trees that never saw it either: the served folds' trees
                // trained on it, and their margins on the other instruments would calibrate trees that did not.
                OutOfFold othersFolds = outOfFold(spec, others, testStart, block, progress, stage);
                PlattScaling calibration = calibrate(othersFolds.rows(), othersFolds.allMargins(), r -> true);
                try (FittedModel model = FittedModel.train(spec, others, progress, stage)) {
                    double[] p = apply(calibration, model.margins(test));
                    double[] constant = new double[test.size()];
                    Arrays.fill(constant, base);
                    double[] servedP = servesModel ? p : constant;
                    loio.add(new TrainingResult.Unseen(spec.symbols().get(s), "its holdout rows",
                            Scored.of(test, p, base, blockBars(spec)), Scored.of(test, servedP, base, blockBars(spec))));
                    loioRows.addAll(test);
                    loioModel.add(p);
                    loioServed.add(servedP);
                    loioBase.add(constant);
                }
            }
        }
        TrainingResult.Unseen loioPooled = loioRows.isEmpty() ? null : new TrainingResult.Unseen("pooled",
                "every instrument's holdout rows, each forecast by the model that left it out",
                Scored.of(loioRows, concat(loioModel), concat(loioBase), blockRows),
                Scored.of(loioRows, concat(loioServed), concat(loioBase), blockRows));

        Files.createDirectories(outputDirectory);
        try (FittedModel model = FittedModel.train(spec, development, progress, spec.name() + " final model")) {
            TrainingWindow training = window(spec, development, oofRows);
            progress.stage(spec.name() + " export + parity", 3);
            VerifiedOnnxExport.Result export = new VerifiedOnnxExport(new OnnxParityChecker())
                    .export(model.booster, served, parityRows(holdout), metadata(spec, training));
            progress.advance(1);
            byte[] onnx = export.onnxModel();
            String sha256 = ForecastModel.sha256(onnx);
            String version = spec.name() + "-" + sha256.substring(0, 12);
            Path modelFile = outputDirectory.resolve(ModelContract.MODEL_FILE);
            double[] servedHoldout;
            Optional<TrainingResult.Unseen> universeResult = Optional.empty();
            try (OnnxBinaryClassifier classifier = OnnxBinaryClassifier.fromBytes(onnx, modelFile,
                    InferenceOptions.defaults())) {
                servedHoldout = predict(classifier, holdout);
                if (universe.isPresent()) {
                    universeResult = Optional.of(universe(spec, universe.get(), model, fitted, classifier,
                            developmentBaseRate, progress));
                }
            }
            progress.advance(1);
            double[] margins = model.margins(holdout);
            Forecasts holdoutForecasts = Forecasts.of(development, holdout, servedHoldout, sigmoid(margins));
            Evaluation holdoutEvaluation = Evaluation.of(holdoutForecasts);
            Evaluation walkForwardEvaluation = Evaluation.of(walkForward);
            Scored walkForwardScored = Scored.of(walkForward.rows(), walkForward.calibrated(),
                    walkForward.baseRate(), blockRows);
            Scored holdoutServed = Scored.of(holdout, servedHoldout, developmentBaseRate, blockRows);
            Scored holdoutModel = Scored.of(holdout, apply(fitted, margins), developmentBaseRate, blockRows);
            TrainingResult result = new TrainingResult(spec, version, sha256, export.treeModel().trees().size(),
                    data.sources(), training, fitted, served, servesModel, developmentBaseRate, folds,
                    walkForwardEvaluation, holdoutEvaluation, walkForwardGain,
                    Bootstrap.logLossImprovement(holdoutForecasts, blockRows), walkForwardScored, holdoutServed,
                    holdoutModel, List.copyOf(loio), loioPooled, universeResult,
                    Reliability.of(walkForward.calibrated(), walkForward.labels(), RELIABILITY_BINS),
                    Reliability.of(servedHoldout, holdoutForecasts.labels(), RELIABILITY_BINS),
                    Roc.curve(walkForward.calibrated(), walkForward.labels(), ROC_POINTS),
                    Roc.curve(servedHoldout, holdoutForecasts.labels(), ROC_POINTS),
                    Strategy.run(walkForward.rows(), walkForward.calibrated(), FamilySpec.LONG_THRESHOLD,
                            spec.feePerSide(), spec.symbols().size()),
                    Strategy.run(holdout, servedHoldout, FamilySpec.LONG_THRESHOLD, spec.feePerSide(),
                            spec.symbols().size()),
                    export.parity(), !servesModel, reason(servesModel, walkForwardGain, fitted, served,
                    developmentBaseRate));

            Files.write(modelFile, onnx);
            Files.write(outputDirectory.resolve(ModelContract.CARD_FILE), ModelCardWriter.write(result));
            ReportWriter.write(result, outputDirectory);
            checkServingPath(spec, history, outputDirectory, holdout, servedHoldout);
            progress.advance(1);
            progress.done();
            return result;
        }
    }

    /** Rows per bootstrap block for one instrument: a day of hourly bars, a week of daily bars. */
    static int blockBars(FamilySpec spec) {
        return spec.interval() == Interval.H1 ? 24 : 5;
    }

    /** The served model (ONNX) and the trees with the fitted calibration on the universe's instruments. */
    private static TrainingResult.Unseen universe(FamilySpec spec, BundledHistory universe, FittedModel model,
                                                  PlattScaling fitted, OnnxBinaryClassifier classifier,
                                                  double developmentBaseRate, Progress progress) {
        List<String> symbols = universe.instruments().stream()
                .filter(i -> i.interval() == spec.interval() && i.assetClass() == spec.assetClass())
                .map(i -> i.symbol()).filter(s -> !spec.symbols().contains(s)).toList();
        if (spec.dataFrom().isPresent()) {
            symbols = symbols.subList(0, Math.min(3, symbols.size()));   // the CI slice
        }
        FamilySpec other = new FamilySpec(spec.name() + " universe", spec.interval(), spec.assetClass(), symbols,
                spec.horizonBars(), spec.cutoff(), spec.folds(), spec.walkForwardShare(), spec.feePerSide(),
                spec.params(), spec.dataFrom(), spec.dataTo(), spec.origin());
        List<Row> rows = DatasetBuilder.build(other, universe, progress).rows();
        int block = blockBars(spec) * symbols.size();
        return new TrainingResult.Unseen(universe.directory().getFileName().toString(), String.format(Locale.ROOT,
                "%d instruments never trained on, every row (%s → %s): development-period data of other "
                        + "instruments, so the same market days as the training rows",
                symbols.size(), rows.getFirst().time(), rows.getLast().time()),
                Scored.of(rows, apply(fitted, model.margins(rows)), developmentBaseRate, block),
                Scored.of(rows, predict(classifier, rows), developmentBaseRate, block));
    }

    private static double[] predict(OnnxBinaryClassifier classifier, List<Row> rows) {
        float[] p = classifier.predict(Dataset.features(rows));
        double[] result = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            result[i] = p[i];
        }
        return result;
    }

    /** Walk-forward folds over {@code development}: each fold's training rows, test block and out-of-fold margins. */
    private record OutOfFold(List<Instant> starts, List<List<Row>> train, List<List<Row>> test,
                             List<double[]> margins, List<TrainingWindow> windows) {

        List<Row> rows() {
            return test.stream().flatMap(List::stream).toList();
        }

        double[] allMargins() {
            return margins.stream().flatMapToDouble(Arrays::stream).toArray();
        }
    }

    /**
     * Trees per fold on every row of {@code development} whose label ends before the fold's test block (the purge),
     * and their raw margins on the block; the blocks split [{@code testStart}, cutoff) into {@code spec.folds()}.
     */
    private static OutOfFold outOfFold(FamilySpec spec, List<Row> development, Instant testStart, long block,
                                       Progress progress, String label) {
        List<Instant> starts = new ArrayList<>();
        List<List<Row>> trains = new ArrayList<>();
        List<List<Row>> tests = new ArrayList<>();
        List<double[]> margins = new ArrayList<>();
        List<TrainingWindow> windows = new ArrayList<>();
        for (int k = 0; k < spec.folds(); k++) {
            Instant from = testStart.plusSeconds(block * k);
            Instant to = k == spec.folds() - 1 ? spec.cutoff() : testStart.plusSeconds(block * (k + 1));
            List<Row> train = development.stream().filter(Dataset.labelledBefore(from)).toList();
            List<Row> test = development.stream().filter(Dataset.openedIn(from, to)).toList();
            String stage = String.format(Locale.ROOT, "%s fold %d/%d", label, k + 1, spec.folds());
            try (FittedModel model = FittedModel.train(spec, train, progress, stage)) {
                starts.add(from);
                trains.add(train);
                tests.add(test);
                margins.add(model.margins(test));
                windows.add(window(spec, train, List.of()));
            }
        }
        return new OutOfFold(starts, trains, tests, margins, windows);
    }

    /** Logistic regression of the outcome on the out-of-fold margins of the rows {@code use} accepts. */
    private static PlattScaling calibrate(List<Row> rows, double[] margins, Predicate<Row> use) {
        List<Double> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (use.test(rows.get(i))) {
                x.add(margins[i]);
                y.add(rows.get(i).label());
            }
        }
        if (x.isEmpty()) {
            throw new IllegalStateException("no out-of-fold rows to calibrate on");
        }
        return PlattScaling.fitMaximumLikelihood(x.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToInt(Integer::intValue).toArray());
    }

    private static double[] apply(PlattScaling calibration, double[] margins) {
        double[] p = new double[margins.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = calibration.probability(margins[i]);
        }
        return p;
    }

    private static double[] sigmoid(double[] margins) {
        double[] p = new double[margins.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = TreeEnsembleScorer.sigmoid(margins[i]);
        }
        return p;
    }

    private static double[] concat(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }

    static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    private static TrainingWindow window(FamilySpec spec, List<Row> fit, List<Row> calibration) {
        Instant lastLabel = java.util.stream.Stream.concat(fit.stream(), calibration.stream()).map(Row::labelTime)
                .max(Instant::compareTo).orElseThrow();
        Instant labelsThrough = MarketCalendar.of(spec.assetClass()).closeTime(spec.interval(), lastLabel);
        return calibration.isEmpty()
                ? new TrainingWindow(fit.getFirst().time(), fit.getLast().time(), fit.size(), null, null, 0,
                labelsThrough)
                : new TrainingWindow(fit.getFirst().time(), fit.getLast().time(), fit.size(),
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

    private static String reason(boolean servesModel, Bootstrap gain, PlattScaling fitted, PlattScaling served,
                                 double baseRate) {
        String evidence = "walk-forward log-loss gain of the calibrated model over the constant training base rate "
                + ReportWriter.interval(gain) + " (mean [95% moving-block bootstrap interval], blocks of "
                + gain.blockRows() + " rows, " + gain.replicates() + " replicates)";
        String calibration = String.format(Locale.ROOT, "calibration fitted on the pooled out-of-fold walk-forward "
                + "margins: P(up) = sigmoid(%.4f · margin %s %.4f)", fitted.a(), fitted.b() < 0 ? "−" : "+",
                Math.abs(fitted.b()));
        return servesModel
                ? "Serves the model: the " + evidence + " lies above 0; " + calibration + "."
                : String.format(Locale.ROOT, "Low confidence, serves the base rate: the %s %s, so the data cannot "
                        + "tell the model from always forecasting the base rate. The served probability is the "
                        + "constant %.4f, the development period's share of up moves (a = 0, b = logit(%.4f) = "
                        + "%.4f in the ONNX graph); %s, not served.", evidence,
                gain.high() < 0 ? "lies below 0" : "includes 0", baseRate, baseRate, served.b(), calibration);
    }
}
