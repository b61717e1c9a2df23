package dev.tradewind.trainer.pipeline;

import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.Progress;
import dev.tradewind.trainer.calibration.PlattScaling;
import dev.tradewind.trainer.data.Dataset;
import dev.tradewind.trainer.data.Row;
import dev.tradewind.trainer.xgb.TrainedBooster;
import dev.tradewind.trainer.xgb.TreeEnsembleScorer;
import dev.tradewind.trainer.xgb.XgbTrainer;
import java.time.Instant;
import java.util.List;

/**
 * Trees fitted on the earlier part of a training period and Platt scaling fitted on its latest part, purged so that
 * no fitting label looks into the calibration slice.
 */
final class FittedModel implements AutoCloseable {

    final TrainedBooster booster;
    final PlattScaling calibration;
    final List<Row> fitRows;
    final List<Row> calibrationRows;

    private FittedModel(TrainedBooster booster, PlattScaling calibration, List<Row> fitRows,
                        List<Row> calibrationRows) {
        this.booster = booster;
        this.calibration = calibration;
        this.fitRows = fitRows;
        this.calibrationRows = calibrationRows;
    }

    static FittedModel train(FamilySpec spec, List<Row> train, Progress progress, String stage) {
        Instant calibrationFrom = train.get((int) Math.floor(train.size() * (1 - spec.calibrationShare()))).time();
        List<Row> fit = train.stream().filter(Dataset.labelledBefore(calibrationFrom)).toList();
        List<Row> calibrationRows = train.stream().filter(r -> !r.time().isBefore(calibrationFrom)).toList();
        if (fit.isEmpty() || calibrationRows.isEmpty()) {
            throw new IllegalStateException(stage + ": too few rows to fit and calibrate (" + train.size() + ")");
        }
        progress.stage(stage, spec.params().rounds());
        TrainedBooster booster = new XgbTrainer().train(Dataset.features(fit), Dataset.labels(fit), spec.params(),
                round -> progress.advance(1));
        progress.done();
        try {
            PlattScaling calibration = PlattScaling.fit(margins(booster, calibrationRows),
                    Dataset.labels(calibrationRows));
            return new FittedModel(booster, calibration, fit, calibrationRows);
        } catch (RuntimeException e) {
            booster.close();
            throw e;
        }
    }

    double[] calibrated(List<Row> rows) {
        double[] margins = margins(booster, rows);
        for (int i = 0; i < margins.length; i++) {
            margins[i] = calibration.probability(margins[i]);
        }
        return margins;
    }

    double[] uncalibrated(List<Row> rows) {
        double[] margins = margins(booster, rows);
        for (int i = 0; i < margins.length; i++) {
            margins[i] = TreeEnsembleScorer.sigmoid(margins[i]);
        }
        return margins;
    }

    private static double[] margins(TrainedBooster booster, List<Row> rows) {
        float[] margins = booster.predictMargins(Dataset.features(rows));
        double[] result = new double[margins.length];
        for (int i = 0; i < margins.length; i++) {
            result[i] = margins[i];
        }
        return result;
    }

    @Override
    public void close() {
        booster.close();
    }
}
