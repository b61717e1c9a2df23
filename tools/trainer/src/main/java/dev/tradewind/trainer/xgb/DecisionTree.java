package dev.tradewind.trainer.xgb;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A binary tree stored as a node list whose index 0 is the root. Every node is reachable from the
 * root exactly once, so node ids are dense (the layout ONNX TreeEnsemble ops expect).
 */
public record DecisionTree(List<TreeNode> nodes) {

    public DecisionTree {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a tree needs at least one node");
        }
        int[] parents = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            TreeNode node = nodes.get(i);
            if (!node.isLeaf()) {
                for (int child : new int[] {node.left(), node.right()}) {
                    if (child <= 0 || child >= nodes.size() || parents[child]++ > 0) {
                        throw new IllegalArgumentException("node " + i + " has an invalid child " + child);
                    }
                }
            }
        }
        // Each node has at most one parent and the root none, so reaching every node from the root
        // also rules out cycles.
        int reached = 0;
        ArrayDeque<Integer> pending = new ArrayDeque<>(List.of(0));
        while (!pending.isEmpty()) {
            TreeNode node = nodes.get(pending.pop());
            reached++;
            if (!node.isLeaf()) {
                pending.push(node.left());
                pending.push(node.right());
            }
        }
        if (reached != nodes.size()) {
            throw new IllegalArgumentException(
                    (nodes.size() - reached) + " nodes are not reachable from the root");
        }
    }

    public int size() {
        return nodes.size();
    }

    public TreeNode node(int index) {
        return nodes.get(index);
    }

    /** The leaf value reached by this row. */
    public float leafValue(float[] row) {
        TreeNode node = nodes.get(0);
        while (!node.isLeaf()) {
            node = nodes.get(node.next(row));
        }
        return node.leafValue();
    }

    /** The largest feature index used by any split, or -1 for a single-leaf tree. */
    public int maxFeatureIndex() {
        int max = -1;
        for (TreeNode node : nodes) {
            max = Math.max(max, node.featureIndex());
        }
        return max;
    }
}
