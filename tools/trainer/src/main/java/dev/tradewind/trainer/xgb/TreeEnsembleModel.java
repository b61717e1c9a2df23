package dev.tradewind.trainer.xgb;

import java.util.List;

/**
 * An additive tree ensemble for binary classification: {@code margin = baseMargin + sum of one leaf
 * per tree}, {@code P(class 1) = sigmoid(margin)}.
 *
 * @param featureCount number of input features
 * @param baseScore XGBoost's {@code base_score}, a probability (not a margin)
 * @param trees the boosted trees, in boosting order
 */
public record TreeEnsembleModel(int featureCount, float baseScore, List<DecisionTree> trees) {

    public TreeEnsembleModel {
        trees = List.copyOf(trees);
        if (featureCount < 1) {
            throw new IllegalArgumentException("featureCount must be >= 1");
        }
        if (!(baseScore > 0 && baseScore < 1)) {
            throw new IllegalArgumentException("base_score must be a probability in (0, 1): " + baseScore);
        }
        if (trees.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one tree");
        }
        for (int t = 0; t < trees.size(); t++) {
            if (trees.get(t).maxFeatureIndex() >= featureCount) {
                throw new IllegalArgumentException("tree " + t + " uses a feature >= " + featureCount);
            }
        }
    }

    /**
     * {@code logit(base_score)}, evaluated in float arithmetic like XGBoost's {@code ProbToMargin} so
     * that the pure-Java scorer starts from the same float the native predictor starts from.
     */
    public float baseMargin() {
        return (float) -Math.log(1.0f / baseScore - 1.0f);
    }

    public int nodeCount() {
        return trees.stream().mapToInt(DecisionTree::size).sum();
    }
}
