package dev.tradewind.trainer.pipeline;

import dev.tradewind.trainer.calibration.PlattScaling;
import dev.tradewind.trainer.eval.Evaluation;
import java.util.Optional;

/**
 * One walk-forward fold: trees trained on everything labelled before its test block, scored on the block.
 *
 * @param calibration fitted on the earlier folds' out-of-fold margins (labelled before this block); empty for the
 *                    first fold, whose margins only serve to calibrate the later ones (its evaluation then shows the
 *                    uncalibrated trees, and it is not part of the pooled walk-forward evaluation)
 */
public record FoldResult(int number, TrainingWindow training, Optional<PlattScaling> calibration,
                         Evaluation evaluation) {
}
