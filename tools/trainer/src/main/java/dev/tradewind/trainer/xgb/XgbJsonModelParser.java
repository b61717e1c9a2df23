package dev.tradewind.trainer.xgb;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an XGBoost JSON model ({@code Booster.saveModel(out, "json")}) into a {@link
 * TreeEnsembleModel}. Only what this project trains is accepted: {@code gbtree}, {@code
 * binary:logistic}, numerical splits, scalar leaves. Anything else is rejected rather than
 * approximated.
 */
public final class XgbJsonModelParser {

    // Numbers are kept as decimals so each float in the file parses to exactly the float XGBoost
    // wrote (no intermediate double rounding).
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public TreeEnsembleModel parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new XgbException("not valid JSON: " + e.getMessage(), e);
        }
        JsonNode learner = required(root, "learner");
        String objective = required(required(learner, "objective"), "name").asText();
        if (!"binary:logistic".equals(objective)) {
            throw new XgbException("unsupported objective '" + objective + "'");
        }
        JsonNode booster = required(learner, "gradient_booster");
        String boosterName = required(booster, "name").asText();
        if (!"gbtree".equals(boosterName)) {
            // dart scales trees by weight_drop at predict time, which this model does not represent.
            throw new XgbException("unsupported booster '" + boosterName + "'");
        }
        JsonNode modelParams = required(learner, "learner_model_param");
        int featureCount = Integer.parseInt(required(modelParams, "num_feature").asText());
        float baseScore = parseBaseScore(required(modelParams, "base_score").asText());
        String numTarget = modelParams.path("num_target").asText("1");
        String numClass = modelParams.path("num_class").asText("0");
        if (!"1".equals(numTarget) || !"0".equals(numClass)) {
            throw new XgbException("only single-target binary models are supported");
        }

        JsonNode model = required(booster, "model");
        JsonNode treesJson = required(model, "trees");
        for (JsonNode group : required(model, "tree_info")) {
            if (group.asInt() != 0) {
                throw new XgbException("tree_info references output group " + group.asInt());
            }
        }
        List<DecisionTree> trees = new ArrayList<>(treesJson.size());
        for (JsonNode tree : treesJson) {
            trees.add(parseTree(tree, trees.size()));
        }
        return new TreeEnsembleModel(featureCount, baseScore, trees);
    }

    /**
     * XGBoost 3.0.x writes a plain number string ({@code "3.05E-1"}); later releases write a vector
     * ({@code "[3.05E-1]"}) because base_score became per-target. Both are accepted, but a vector
     * must hold exactly one value.
     */
    static float parseBaseScore(String raw) {
        String text = raw.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1).strip();
            if (text.contains(",")) {
                throw new XgbException("multi-target base_score is not supported: " + raw);
            }
        }
        try {
            return Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new XgbException("unreadable base_score: " + raw, e);
        }
    }

    private static DecisionTree parseTree(JsonNode tree, int treeIndex) {
        String where = "tree " + treeIndex;
        JsonNode params = required(tree, "tree_param");
        String leafVector = params.path("size_leaf_vector").asText("1");
        if (!"1".equals(leafVector) && !"0".equals(leafVector)) {
            throw new XgbException(where + ": vector leaves are not supported");
        }
        int nodeCount = Integer.parseInt(required(params, "num_nodes").asText());
        int[] left = ints(required(tree, "left_children"), nodeCount, where);
        int[] right = ints(required(tree, "right_children"), nodeCount, where);
        int[] feature = ints(required(tree, "split_indices"), nodeCount, where);
        float[] condition = floats(required(tree, "split_conditions"), nodeCount, where);
        boolean[] defaultLeft = booleans(required(tree, "default_left"), nodeCount, where);
        JsonNode splitType = tree.path("split_type");
        for (JsonNode type : splitType) {
            if (type.asInt() != 0) {
                throw new XgbException(where + ": categorical splits are not supported");
            }
        }

        // Renumber in depth-first order from the root: XGBoost can leave pruned ("deleted") slots in
        // its arrays, and ONNX wants dense per-tree node ids.
        Map<Integer, Integer> newIdByOldId = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        ArrayDeque<Integer> pending = new ArrayDeque<>(List.of(0));
        while (!pending.isEmpty()) {
            int old = pending.pop();
            if (old < 0 || old >= nodeCount || newIdByOldId.containsKey(old)) {
                throw new XgbException(where + ": malformed child reference " + old);
            }
            newIdByOldId.put(old, order.size());
            order.add(old);
            if (left[old] != -1) {
                pending.push(right[old]);
                pending.push(left[old]);
            }
        }
        List<TreeNode> nodes = new ArrayList<>(order.size());
        for (int old : order) {
            if (left[old] == -1) {
                // For leaves XGBoost stores the leaf weight in split_conditions.
                nodes.add(TreeNode.leaf(condition[old]));
            } else {
                nodes.add(TreeNode.split(feature[old], condition[old],
                        newIdByOldId.get(left[old]), newIdByOldId.get(right[old]), defaultLeft[old]));
            }
        }
        return new DecisionTree(nodes);
    }

    private static JsonNode required(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new XgbException("missing field '" + field + "'");
        }
        return node;
    }

    private static void requireLength(JsonNode array, int length, String where) {
        if (!array.isArray() || array.size() != length) {
            throw new XgbException(where + ": expected an array of " + length + " entries");
        }
    }

    private static int[] ints(JsonNode array, int length, String where) {
        requireLength(array, length, where);
        int[] values = new int[length];
        for (int i = 0; i < length; i++) {
            values[i] = array.get(i).intValue();
        }
        return values;
    }

    private static float[] floats(JsonNode array, int length, String where) {
        requireLength(array, length, where);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = Float.parseFloat(array.get(i).decimalValue().toString());
        }
        return values;
    }

    private static boolean[] booleans(JsonNode array, int length, String where) {
        requireLength(array, length, where);
        boolean[] values = new boolean[length];
        for (int i = 0; i < length; i++) {
            JsonNode value = array.get(i);
            values[i] = value.isBoolean() ? value.booleanValue() : value.intValue() != 0;
        }
        return values;
    }
}
