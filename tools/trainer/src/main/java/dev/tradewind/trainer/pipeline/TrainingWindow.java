package dev.tradewind.trainer.pipeline;

import java.time.Instant;

/**
 * What a model was fitted and calibrated on.
 *
 * @param fitFrom          first bar of the rows the trees were fitted on
 * @param fitTo            last bar of those rows
 * @param calibrationFrom  first bar of the out-of-fold walk-forward rows the calibration was fitted on
 * @param calibrationTo    last bar of those rows
 * @param labelsThrough    close of the latest bar any of those labels used: everything after is unseen
 */
public record TrainingWindow(Instant fitFrom, Instant fitTo, int fitRows, Instant calibrationFrom,
                             Instant calibrationTo, int calibrationRows, Instant labelsThrough) {
}
