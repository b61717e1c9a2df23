package dev.tradewind.trainer.pipeline;

import dev.tradewind.trainer.calibration.PlattScaling;
import dev.tradewind.trainer.eval.Evaluation;

/** One walk-forward fold: trained on everything labelled before its test block, evaluated on the block. */
public record FoldResult(int number, TrainingWindow training, PlattScaling calibration, Evaluation evaluation) {
}
