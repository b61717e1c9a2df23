package dev.tradewind.trainer.xgb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.trainer.testing.SyntheticData;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class XgbJsonModelParserTest {

    private final XgbJsonModelParser parser = new XgbJsonModelParser();

    @Test
    void readsTreesFeaturesAndBaseScoreOfATrainedModel() {
        SyntheticData data = SyntheticData.generate(1500, 8, 0.05, 3);
        XgbTrainingParams params = XgbTrainingParams.defaults().withRounds(25).withMaxDepth(3);
        try (TrainedBooster booster = new XgbTrainer().train(data.features(), data.labels(), params)) {
            byte[] json = booster.toJson();
            TreeEnsembleModel model = parser.parse(json);

            assertEquals(25, model.trees().size());
            assertEquals(8, model.featureCount());
            // 3.0.4 writes base_score as a quoted plain number, estimated from the labels.
            Matcher raw = Pattern.compile("\"base_score\":\"([^\"]+)\"")
                    .matcher(new String(json, StandardCharsets.UTF_8));
            assertTrue(raw.find());
            assertEquals(Float.parseFloat(raw.group(1)), model.baseScore());
            assertNotEquals(0.5f, model.baseScore());
            assertEquals((double) data.positives() / data.labels().length, model.baseScore(), 1e-3);
            for (DecisionTree tree : model.trees()) {
                assertTrue(tree.size() <= 15, "depth 3 allows at most 15 nodes");
            }
        }
    }

    @Test
    void acceptsScalarAndSingleElementVectorBaseScores() {
        assertEquals(0.52f, XgbJsonModelParser.parseBaseScore("5.2E-1"));
        assertEquals(0.52f, XgbJsonModelParser.parseBaseScore("[5.2E-1]"));
        assertEquals(0.25f, XgbJsonModelParser.parseBaseScore(" [ 0.25 ] "));
        assertThrows(XgbException.class, () -> XgbJsonModelParser.parseBaseScore("[0.1,0.2]"));
        assertThrows(XgbException.class, () -> XgbJsonModelParser.parseBaseScore("n/a"));
    }

    @Test
    void renumbersAwayUnreachableSlots() {
        // Node 1 is a pruned slot: nothing points at it. Root splits feature 1 at 0.5 into 2 and 3.
        String json = handWrittenModel("\"[5.2E-1]\"",
                "[2,-1,-1,-1]", "[3,-1,-1,-1]", "[1,0,0,0]",
                "[5E-1,0E0,-2.5E-1,7.5E-1]", "[1,0,0,0]", "[0,0,0,0]", 4);
        TreeEnsembleModel model = parser.parse(json.getBytes(StandardCharsets.UTF_8));

        assertEquals(0.52f, model.baseScore());
        DecisionTree tree = model.trees().get(0);
        assertEquals(3, tree.size());
        assertEquals(TreeNode.split(1, 0.5f, 1, 2, true), tree.node(0));
        assertEquals(TreeNode.leaf(-0.25f), tree.node(1));
        assertEquals(TreeNode.leaf(0.75f), tree.node(2));
        assertEquals(-0.25f, tree.leafValue(new float[] {0f, 0.4f}));
        assertEquals(0.75f, tree.leafValue(new float[] {0f, 0.5f}), "ties go right");
        assertEquals(-0.25f, tree.leafValue(new float[] {0f, Float.NaN}), "default_left");
    }

    @Test
    void rejectsWhatItCannotRepresent() {
        String categorical = handWrittenModel("\"5E-1\"", "[1,-1,-1]", "[2,-1,-1]", "[0,0,0]",
                "[0E0,1E0,-1E0]", "[0,0,0]", "[1,0,0]", 3);
        assertThrows(XgbException.class,
                () -> parser.parse(categorical.getBytes(StandardCharsets.UTF_8)));
        String regression = handWrittenModel("\"5E-1\"", "[1,-1,-1]", "[2,-1,-1]", "[0,0,0]",
                "[0E0,1E0,-1E0]", "[0,0,0]", "[0,0,0]", 3)
                .replace("binary:logistic", "reg:squarederror");
        assertThrows(XgbException.class,
                () -> parser.parse(regression.getBytes(StandardCharsets.UTF_8)));
        assertThrows(XgbException.class,
                () -> parser.parse("{}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(XgbException.class,
                () -> parser.parse("not json".getBytes(StandardCharsets.UTF_8)));
    }

    private static String handWrittenModel(String baseScore, String left, String right,
            String features, String conditions, String defaultLeft, String splitType, int nodes) {
        return """
                {"learner":{"attributes":{},"feature_names":[],"feature_types":[],
                  "gradient_booster":{"model":{"gbtree_model_param":{"num_parallel_tree":"1","num_trees":"1"},
                    "iteration_indptr":[0,1],"tree_info":[0],
                    "trees":[{"id":0,"left_children":%s,"right_children":%s,"split_indices":%s,
                        "split_conditions":%s,"default_left":%s,"split_type":%s,
                        "tree_param":{"num_deleted":"0","num_feature":"2","num_nodes":"%d","size_leaf_vector":"1"}}]},
                    "name":"gbtree"},
                  "learner_model_param":{"base_score":%s,"boost_from_average":"1","num_class":"0",
                    "num_feature":"2","num_target":"1"},
                  "objective":{"name":"binary:logistic","reg_loss_param":{"scale_pos_weight":"1"}}},
                "version":[3,0,4]}
                """.formatted(left, right, features, conditions, defaultLeft, splitType, nodes, baseScore);
    }
}
