package dev.tradewind.trainer.pipeline;

import dev.tradewind.trainer.FamilySpec;
import dev.tradewind.trainer.Progress;
import dev.tradewind.trainer.data.Dataset;
import dev.tradewind.trainer.data.Row;
import dev.tradewind.trainer.xgb.TrainedBooster;
import dev.tradewind.trainer.xgb.XgbTrainer;
import java.util.List;

/**
 * Trees fitted on a training period. Their calibration is not fitted here: it comes from the pooled out-of-fold
 * walk-forward margins (docs/model.md#direction), so no slice of the training period is held back from the trees.
 */
final class FittedModel implements AutoCloseable {

    final TrainedBooster booster;
    final List<Row> fitRows;

    private FittedModel(TrainedBooster booster, List<Row> fitRows) {
        this.booster = booster;
        this.fitRows = fitRows;
    }

    static FittedModel train(FamilySpec spec, List<Row> train, Progress progress, String stage) {
        if (train.isEmpty()) {
            throw new IllegalStateException(stage + ": no rows to train on");
        }
        progress.stage(stage, spec.params().rounds());
        TrainedBooster booster = new XgbTrainer().train(Dataset.features(train), Dataset.labels(train), spec.params(),
                round -> progress.advance(1));
        progress.done();
        return new FittedModel(booster, train);
    }

    /** Uncalibrated log-odds of the trees (XGBoost's margin), in double. */
    double[] margins(List<Row> rows) {
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
