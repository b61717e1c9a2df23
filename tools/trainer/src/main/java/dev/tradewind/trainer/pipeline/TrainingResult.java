package dev.tradewind.trainer.pipeline;

import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.calibration.PlattScaling;
import dev.tradewind.trainer.data.SourceInfo;
import dev.tradewind.trainer.eval.Bootstrap;
import dev.tradewind.trainer.eval.Evaluation;
import dev.tradewind.trainer.eval.Reliability;
import dev.tradewind.trainer.eval.Scored;
import dev.tradewind.trainer.eval.Strategy;
import dev.tradewind.trainer.onnx.ParityReport;
import java.util.List;
import java.util.Optional;

/**
 * Everything a training run measured, for the model card and the report.
 *
 * @param fittedCalibration  logistic regression of the outcome on the trees' margin over the pooled out-of-fold
 *                           walk-forward rows
 * @param servedCalibration  what the ONNX graph computes: the fitted calibration when the model is served, else
 *                           a = 0, b = logit(developmentBaseRate)
 * @param servesModel        the walk-forward gain's interval lies above 0
 * @param holdout            what is served, on the bars after the cutoff, scored by ONNX Runtime as the predict
 *                           function will score them
 * @param walkForward        the folds after the first, pooled, each calibrated on the folds before it
 * @param walkForwardImprovement the decision's evidence: the calibrated model's log-loss gain over the constant
 *                           training base rate, with its block-bootstrap interval
 * @param holdoutModel       the trees with the fitted calibration on the holdout, whether served or not
 * @param loio               leave-one-instrument-out: per instrument, then pooled
 * @param universe           the served model on more instruments of the family (stocks: S&amp;P 500), if bundled
 */
public record TrainingResult(FamilySpec spec, String version, String modelSha256, int trees, List<SourceInfo> sources,
                             TrainingWindow training, PlattScaling fittedCalibration, PlattScaling servedCalibration,
                             boolean servesModel, double developmentBaseRate, List<FoldResult> folds,
                             Evaluation walkForward, Evaluation holdout, Bootstrap walkForwardImprovement,
                             Bootstrap holdoutImprovement, Scored walkForwardScored, Scored holdoutServed,
                             Scored holdoutModel, List<Unseen> loio, Unseen loioPooled, Optional<Unseen> universe,
                             Reliability walkForwardReliability, Reliability holdoutReliability,
                             List<double[]> walkForwardRoc, List<double[]> holdoutRoc, Strategy walkForwardStrategy,
                             Strategy holdoutStrategy, ParityReport parity, boolean lowConfidence,
                             String lowConfidenceReason) {

    /**
     * Forecasts for instruments the trees were not trained on.
     *
     * @param name   the held-out instrument, "pooled", or the universe's name
     * @param rows   which rows were scored, in words
     * @param model  the trees with their calibration
     * @param served what the family's decision serves there (the model, or the training base rate)
     */
    public record Unseen(String name, String rows, Scored model, Scored served) {
    }

    public String served() {
        return servesModel ? "model" : "baseRate";
    }
}
