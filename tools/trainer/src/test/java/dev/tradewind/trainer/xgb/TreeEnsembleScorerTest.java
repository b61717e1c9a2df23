package dev.tradewind.trainer.xgb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.trainer.testing.SyntheticData;
import org.junit.jupiter.api.Test;

class TreeEnsembleScorerTest {

    @Test
    void matchesXgboostPredictionsIncludingMissingValues() {
        SyntheticData train = SyntheticData.generate(4000, 15, 0.08, 11);
        SyntheticData evaluation = SyntheticData.generate(3000, 15, 0.15, 12);
        XgbTrainingParams params = XgbTrainingParams.defaults().withRounds(200).withMaxDepth(5);
        try (TrainedBooster booster = new XgbTrainer().train(train.features(), train.labels(), params)) {
            TreeEnsembleScorer scorer = new TreeEnsembleScorer(new XgbJsonModelParser().parse(booster.toJson()));
            float[] xgbProbabilities = booster.predictProbabilities(evaluation.features());
            float[] xgbMargins = booster.predictMargins(evaluation.features());

            double maxProbabilityError = 0;
            double maxMarginError = 0;
            int rowsWithMissing = 0;
            for (int r = 0; r < evaluation.features().length; r++) {
                float[] row = evaluation.features()[r];
                maxProbabilityError = Math.max(maxProbabilityError,
                        Math.abs(scorer.probability(row) - xgbProbabilities[r]));
                maxMarginError = Math.max(maxMarginError, Math.abs(scorer.margin(row) - xgbMargins[r]));
                for (float value : row) {
                    if (Float.isNaN(value)) {
                        rowsWithMissing++;
                        break;
                    }
                }
            }
            assertTrue(rowsWithMissing > 1000, "the evaluation set must exercise missing values");
            assertTrue(maxProbabilityError <= 1e-6, "max |dp| = " + maxProbabilityError);
            assertTrue(maxMarginError <= 1e-5, "max |dmargin| = " + maxMarginError);
        }
    }

    @Test
    void addsBaseMarginAndOneLeafPerTree() {
        DecisionTree stump = new DecisionTree(java.util.List.of(
                TreeNode.split(0, 1.0f, 1, 2, false), TreeNode.leaf(-0.5f), TreeNode.leaf(0.25f)));
        TreeEnsembleModel model = new TreeEnsembleModel(1, 0.25f, java.util.List.of(stump, stump));
        TreeEnsembleScorer scorer = new TreeEnsembleScorer(model);

        float base = (float) Math.log(0.25 / 0.75);
        assertEquals(base - 1.0f, scorer.margin(new float[] {0f}), 1e-6);
        assertEquals(base + 0.5f, scorer.margin(new float[] {1f}), 1e-6);
        assertEquals(base + 0.5f, scorer.margin(new float[] {Float.NaN}), 1e-6, "missing goes right");
        assertEquals(1 / (1 + Math.exp(-(base - 1.0))), scorer.probability(new float[] {0f}), 1e-7);
    }
}
