package dev.tradewind.trainer.onnx;

import dev.tradewind.trainer.calibration.PlattScaling;
import dev.tradewind.trainer.xgb.TrainedBooster;
import dev.tradewind.trainer.xgb.TreeEnsembleModel;
import dev.tradewind.trainer.xgb.XgbJsonModelParser;
import java.util.Map;
import java.util.Objects;

/**
 * The export step a training job runs: booster → XGBoost JSON → tree model → ONNX, then a parity
 * check against XGBoost4j on an evaluation matrix. Nothing is returned unless the check passes.
 */
public final class VerifiedOnnxExport {

    /** The exported bytes and the evidence that they match the reference. */
    public record Result(byte[] onnxModel, TreeEnsembleModel treeModel, ParityReport parity) {}

    private final XgbJsonModelParser parser = new XgbJsonModelParser();
    private final TreeEnsembleOnnxExporter exporter = new TreeEnsembleOnnxExporter();
    private final OnnxParityChecker checker;

    public VerifiedOnnxExport(OnnxParityChecker checker) {
        this.checker = Objects.requireNonNull(checker, "checker");
    }

    /**
     * @throws ParityReport.ParityCheckFailedException if ONNX Runtime disagrees with the reference
     */
    public Result export(TrainedBooster booster, PlattScaling calibration, float[][] evaluationRows,
            Map<String, String> metadata) {
        TreeEnsembleModel treeModel = parser.parse(booster.toJson());
        byte[] onnx = exporter.export(treeModel, calibration, metadata);
        double[] expected = ReferenceProbabilities.of(booster, evaluationRows, calibration);
        ParityReport report = checker.check(onnx, evaluationRows, expected).requirePassed();
        return new Result(onnx, treeModel, report);
    }
}
