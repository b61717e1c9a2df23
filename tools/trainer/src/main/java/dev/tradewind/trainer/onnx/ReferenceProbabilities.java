package dev.tradewind.trainer.onnx;

import dev.tradewind.trainer.calibration.PlattScaling;
import dev.tradewind.trainer.xgb.TrainedBooster;

/** The probabilities an exported model must reproduce, computed by XGBoost itself. */
public final class ReferenceProbabilities {

    private ReferenceProbabilities() {}

    /**
     * Uncalibrated: XGBoost4j's own probabilities. Calibrated: {@code sigmoid(a * m + b)} on XGBoost4j's
     * margins (not on logit of its probabilities, which loses precision near 0 and 1).
     */
    public static double[] of(TrainedBooster booster, float[][] rows, PlattScaling calibration) {
        if (calibration.isIdentity()) {
            float[] probabilities = booster.predictProbabilities(rows);
            double[] result = new double[probabilities.length];
            for (int i = 0; i < result.length; i++) {
                result[i] = probabilities[i];
            }
            return result;
        }
        float[] margins = booster.predictMargins(rows);
        double[] result = new double[margins.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = calibration.probability(margins[i]);
        }
        return result;
    }
}
