package dev.tradewind.trainer.pipeline;

import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.calibration.PlattScaling;
import dev.tradewind.trainer.data.SourceInfo;
import dev.tradewind.trainer.eval.Bootstrap;
import dev.tradewind.trainer.eval.Evaluation;
import dev.tradewind.trainer.eval.Reliability;
import dev.tradewind.trainer.eval.Strategy;
import dev.tradewind.trainer.onnx.ParityReport;
import java.util.List;

/**
 * Everything a training run measured, for the model card and the report.
 *
 * @param holdout     the exported model on the bars after the cutoff, scored by ONNX Runtime as the predict function
 *                    will score them
 * @param walkForward the folds' forecasts pooled
 * @param holdoutImprovement how much lower the model's log-loss is than the constant forecast's, with a bootstrap
 *                    interval
 */
public record TrainingResult(FamilySpec spec, String version, String modelSha256, int trees, List<SourceInfo> sources,
                             TrainingWindow training, PlattScaling calibration, List<FoldResult> folds,
                             Evaluation walkForward, Evaluation holdout, Bootstrap walkForwardImprovement,
                             Bootstrap holdoutImprovement, Reliability walkForwardReliability,
                             Reliability holdoutReliability, List<double[]> walkForwardRoc, List<double[]> holdoutRoc,
                             Strategy walkForwardStrategy, Strategy holdoutStrategy, ParityReport parity,
                             boolean lowConfidence, String lowConfidenceReason) {
}
