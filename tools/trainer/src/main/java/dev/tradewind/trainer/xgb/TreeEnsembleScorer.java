package dev.tradewind.trainer.xgb;

import java.util.Objects;

/** Pure-Java evaluation of a {@link TreeEnsembleModel}; the reference the ONNX export is held to. */
public final class TreeEnsembleScorer {

    private final TreeEnsembleModel model;
    private final float baseMargin;

    public TreeEnsembleScorer(TreeEnsembleModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.baseMargin = model.baseMargin();
    }

    /**
     * Log-odds for one row. Accumulated in float in tree order, as XGBoost's CPU predictor does, so
     * results agree with XGBoost to float rounding rather than drifting with the number of trees.
     */
    public float margin(float[] row) {
        if (row.length != model.featureCount()) {
            throw new IllegalArgumentException(
                    "expected " + model.featureCount() + " features, got " + row.length);
        }
        float sum = baseMargin;
        for (DecisionTree tree : model.trees()) {
            sum += tree.leafValue(row);
        }
        return sum;
    }

    /** P(class 1) for one row. */
    public double probability(float[] row) {
        return sigmoid(margin(row));
    }

    public double[] probabilities(float[][] rows) {
        double[] result = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            result[i] = probability(rows[i]);
        }
        return result;
    }

    public static double sigmoid(double x) {
        // Two branches keep exp() from overflowing for large |x|.
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
