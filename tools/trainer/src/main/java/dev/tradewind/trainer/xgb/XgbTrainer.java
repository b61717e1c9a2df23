package dev.tradewind.trainer.xgb;

import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Trains binary:logistic boosters with the XGBoost4j Java API (no Scala API involved). */
public final class XgbTrainer {

    /**
     * @param features rectangular matrix, NaN = missing
     * @param labels 0 or 1 per row
     */
    public TrainedBooster train(float[][] features, int[] labels, XgbTrainingParams params) {
        return train(features, labels, params, round -> { });
    }

    /**
     * Trains one boosting round at a time and calls {@code afterRound} with the number of rounds done, for a progress
     * bar. The model is byte-identical to training every round in one call (see XgbTrainerDeterminismTest).
     */
    public TrainedBooster train(float[][] features, int[] labels, XgbTrainingParams params, IntConsumer afterRound) {
        Objects.requireNonNull(params, "params");
        FeatureMatrix matrix = FeatureMatrix.of(features);
        float[] floatLabels = toFloatLabels(labels, matrix.rows());
        DMatrix train = null;
        try {
            train = TrainedBooster.toDMatrix(matrix);
            train.setLabel(floatLabels);
            Booster booster = XGBoost.train(train, params.toBoosterParams(), 0, Map.of(), null, null);
            try {
                for (int round = 0; round < params.rounds(); round++) {
                    booster.update(train, round);
                    afterRound.accept(round + 1);
                }
            } catch (XGBoostError | RuntimeException e) {
                booster.dispose();
                throw e;
            }
            return new TrainedBooster(booster, matrix.columns());
        } catch (XGBoostError e) {
            throw new XgbException("XGBoost training failed", e);
        } finally {
            if (train != null) {
                train.dispose();
            }
        }
    }

    /**
     * A squared-error regression booster (objective {@code reg:squarederror}) on real-valued targets, otherwise
     * configured like the classifiers; its {@link TrainedBooster#predictProbabilities} are then the predictions.
     * Used to measure the volatility model against a tree ensemble.
     */
    public TrainedBooster trainRegression(float[][] features, float[] targets, XgbTrainingParams params) {
        Objects.requireNonNull(params, "params");
        FeatureMatrix matrix = FeatureMatrix.of(features);
        if (targets.length != matrix.rows()) {
            throw new IllegalArgumentException(targets.length + " targets for " + matrix.rows() + " rows");
        }
        DMatrix train = null;
        try {
            train = TrainedBooster.toDMatrix(matrix);
            train.setLabel(targets);
            Map<String, Object> boosterParams = params.toBoosterParams();
            boosterParams.put("objective", "reg:squarederror");
            boosterParams.put("eval_metric", "rmse");
            Booster booster = XGBoost.train(train, boosterParams, params.rounds(), Map.of(), null, null);
            return new TrainedBooster(booster, matrix.columns());
        } catch (XGBoostError e) {
            throw new XgbException("XGBoost training failed", e);
        } finally {
            if (train != null) {
                train.dispose();
            }
        }
    }

    private static float[] toFloatLabels(int[] labels, int rows) {
        Objects.requireNonNull(labels, "labels");
        if (labels.length != rows) {
            throw new IllegalArgumentException(labels.length + " labels for " + rows + " rows");
        }
        float[] result = new float[rows];
        for (int i = 0; i < rows; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label at row " + i + " is not 0/1: " + labels[i]);
            }
            result[i] = labels[i];
        }
        return result;
    }
}
