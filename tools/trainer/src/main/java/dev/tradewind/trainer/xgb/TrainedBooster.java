package dev.tradewind.trainer.xgb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A trained XGBoost booster. Holds native memory: close it when done. Not thread-safe (XGBoost4j
 * boosters must not be shared across threads while predicting).
 */
public final class TrainedBooster implements AutoCloseable {

    private final Booster booster;
    private final int featureCount;

    TrainedBooster(Booster booster, int featureCount) {
        this.booster = booster;
        this.featureCount = featureCount;
    }

    public int featureCount() {
        return featureCount;
    }

    /** The model in XGBoost's JSON format ({@code saveModel(.., "json")}): trees and learner params. */
    public byte[] toJson() {
        return save("json");
    }

    /** The model in XGBoost's Universal Binary JSON format, the library's default since 2.1. */
    public byte[] toUbj() {
        return save("ubj");
    }

    /** XGBoost's own P(class 1) per row. */
    public float[] predictProbabilities(float[][] rows) {
        return predict(rows, false);
    }

    /** XGBoost's own untransformed score (log-odds) per row, including the base margin. */
    public float[] predictMargins(float[][] rows) {
        return predict(rows, true);
    }

    private float[] predict(float[][] rows, boolean outputMargin) {
        FeatureMatrix matrix = FeatureMatrix.of(rows);
        if (matrix.columns() != featureCount) {
            throw new IllegalArgumentException(
                    "expected " + featureCount + " features, got " + matrix.columns());
        }
        DMatrix data = null;
        try {
            data = toDMatrix(matrix);
            float[][] predictions = booster.predict(data, outputMargin);
            float[] result = new float[predictions.length];
            for (int i = 0; i < predictions.length; i++) {
                result[i] = predictions[i][0];
            }
            return result;
        } catch (XGBoostError e) {
            throw new XgbException("XGBoost prediction failed", e);
        } finally {
            if (data != null) {
                data.dispose();
            }
        }
    }

    private byte[] save(String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            booster.saveModel(out, format);
            return out.toByteArray();
        } catch (XGBoostError | IOException e) {
            throw new XgbException("XGBoost could not save the model as " + format, e);
        }
    }

    static DMatrix toDMatrix(FeatureMatrix matrix) throws XGBoostError {
        return new DMatrix(matrix.values(), matrix.rows(), matrix.columns(), Float.NaN);
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
