package dev.tradewind.trainer.xgb;

/**
 * One node of a regression tree. A split sends {@code x < threshold} left, {@code x >= threshold}
 * right and a missing (NaN) value to the left child iff {@code defaultLeft}.
 *
 * @param featureIndex split feature, -1 for a leaf
 * @param threshold split value, NaN for a leaf
 * @param left index of the left child within the tree, -1 for a leaf
 * @param right index of the right child within the tree, -1 for a leaf
 * @param defaultLeft where a missing value goes; false for a leaf
 * @param leafValue additive contribution to the margin, NaN for a split
 */
public record TreeNode(
        int featureIndex, float threshold, int left, int right, boolean defaultLeft, float leafValue) {

    public TreeNode {
        boolean leaf = left < 0;
        if (leaf) {
            if (featureIndex != -1 || right != -1 || defaultLeft || !Float.isFinite(leafValue)) {
                throw new IllegalArgumentException("malformed leaf node");
            }
        } else if (featureIndex < 0 || right < 0 || !Float.isFinite(threshold)) {
            throw new IllegalArgumentException("malformed split node");
        }
    }

    public static TreeNode leaf(float value) {
        return new TreeNode(-1, Float.NaN, -1, -1, false, value);
    }

    public static TreeNode split(
            int featureIndex, float threshold, int left, int right, boolean defaultLeft) {
        return new TreeNode(featureIndex, threshold, left, right, defaultLeft, Float.NaN);
    }

    public boolean isLeaf() {
        return left < 0;
    }

    /** The child this row goes to; only meaningful for splits. */
    int next(float[] row) {
        float value = row[featureIndex];
        if (Float.isNaN(value)) {
            return defaultLeft ? left : right;
        }
        return value < threshold ? left : right;
    }
}
