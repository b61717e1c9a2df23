package dev.tradewind.trainer.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.tradewind.model.ModelContract;
import dev.tradewind.trainer.calibration.PlattScaling;
import dev.tradewind.trainer.xgb.DecisionTree;
import dev.tradewind.trainer.xgb.TreeEnsembleModel;
import dev.tradewind.trainer.xgb.TreeNode;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes a {@link TreeEnsembleModel} as a single ONNX-ML {@code TreeEnsembleClassifier} node.
 *
 * <p>Graph: {@code features: float[N, F]} → {@code label: int64[N]}, {@code probabilities:
 * float[N, 2]} with {@code probabilities[:, 1] = sigmoid(a * margin + b)} (a = 1, b = 0 without
 * calibration). No ZipMap, so outputs are plain tensors.
 *
 * <p>The binary layout is the one ONNX Runtime treats as a single-score binary classifier: every
 * leaf carries one weight for class id 0, two class labels, one base value and a LOGISTIC
 * post-transform; ORT then emits {@code [sigmoid(-s), sigmoid(s)]} and label 1 iff s &gt; 0.
 * Output is deterministic: the same model and calibration give byte-identical files.
 */
public final class TreeEnsembleOnnxExporter {

    static final String ML_DOMAIN = "ai.onnx.ml";
    /** TreeEnsembleClassifier v3 lives in ai.onnx.ml opsets 3 and 4; opset 5 removed it. */
    static final int ML_OPSET = 3;
    static final int DEFAULT_OPSET = 17;
    /** IR version 8 is the one released with opset 17. */
    static final long IR_VERSION = 8;

    private static final String BRANCH_LT = "BRANCH_LT";
    private static final String LEAF = "LEAF";

    public byte[] export(TreeEnsembleModel model) {
        return export(model, PlattScaling.IDENTITY, Map.of());
    }

    public byte[] export(TreeEnsembleModel model, PlattScaling calibration) {
        return export(model, calibration, Map.of());
    }

    /**
     * Folds the calibration into the trees: since every row reaches exactly one leaf per tree, {@code
     * a * (base + sum(leaves)) + b = (a * base + b) + sum(a * leaf)}, so scaling each leaf by a and
     * shifting the base value needs no extra graph nodes.
     *
     * <p>ONNX Runtime before 1.26 skipped the logistic when no leaf weight was negative (see
     * TreeEnsembleOnnxExporterTest); the pinned version does not, and the parity check would catch it anyway.
     *
     * @param metadata extra {@code metadata_props}, written in key order after the exporter's own (e.g. the
     *     feature names under {@link ModelContract#FEATURES_METADATA})
     */
    public byte[] export(TreeEnsembleModel model, PlattScaling calibration, Map<String, String> metadata) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(calibration, "calibration");
        NodeProto classifier = classifierNode(model, calibration);
        ModelProto.Builder proto = buildModel(model, calibration, classifier).toBuilder();
        new TreeMap<>(metadata).forEach((key, value) -> proto.addMetadataProps(metadata(key, value)));
        return proto.build().toByteArray();
    }

    /**
     * The leaf weight when a = 0 (a constant forecast, e.g. the base rate served): ONNX Runtime labels a binary tree
     * ensemble whose weights are all ≥ 0 by raw score &gt; 0.5 instead of &gt; 0, so all-zero leaves would make its
     * label output disagree with its probability. A tiny negative weight keeps the usual rule and, summed over every
     * tree, is far below float resolution next to b: the probability is sigmoid(b) exactly as in float.
     */
    static final float CONSTANT_LEAF = -1e-30f;

    NodeProto classifierNode(TreeEnsembleModel model, PlattScaling calibration) {
        NodeAttributes nodes = new NodeAttributes();
        ClassAttributes leaves = new ClassAttributes();
        for (int treeId = 0; treeId < model.trees().size(); treeId++) {
            DecisionTree tree = model.trees().get(treeId);
            for (int nodeId = 0; nodeId < tree.size(); nodeId++) {
                TreeNode node = tree.node(nodeId);
                if (node.isLeaf()) {
                    nodes.addLeaf(treeId, nodeId);
                    leaves.add(treeId, nodeId, calibration.a() == 0 ? CONSTANT_LEAF
                            : (float) (calibration.a() * node.leafValue()));
                } else {
                    nodes.addSplit(treeId, nodeId, node);
                }
            }
        }
        float baseValue = (float) calibration.calibratedMargin(model.baseMargin());

        NodeProto.Builder node = NodeProto.newBuilder()
                .setName("tree_ensemble")
                .setOpType("TreeEnsembleClassifier")
                .setDomain(ML_DOMAIN)
                .addInput(ModelContract.FEATURES_INPUT)
                .addOutput(ModelContract.LABEL_OUTPUT)
                .addOutput(ModelContract.PROBABILITIES_OUTPUT);
        nodes.appendTo(node);
        leaves.appendTo(node);
        node.addAttribute(ints("classlabels_int64s", new long[] {0, 1}));
        node.addAttribute(floats("base_values", new float[] {baseValue}));
        node.addAttribute(AttributeProto.newBuilder()
                .setName("post_transform")
                .setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8("LOGISTIC")));
        return node.build();
    }

    private static ModelProto buildModel(
            TreeEnsembleModel model, PlattScaling calibration, NodeProto classifier) {
        GraphProto graph = GraphProto.newBuilder()
                .setName("tradewind_tree_ensemble")
                .addNode(classifier)
                .addInput(tensorInfo(ModelContract.FEATURES_INPUT, TensorProto.DataType.FLOAT,
                        dynamic("N"), fixed(model.featureCount())))
                .addOutput(tensorInfo(ModelContract.LABEL_OUTPUT, TensorProto.DataType.INT64,
                        dynamic("N")))
                .addOutput(tensorInfo(ModelContract.PROBABILITIES_OUTPUT, TensorProto.DataType.FLOAT,
                        dynamic("N"), fixed(2)))
                .build();
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(DEFAULT_OPSET))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(ML_OPSET))
                .setProducerName("tradewind-trainer")
                .setGraph(graph)
                .addMetadataProps(metadata("tradewind.trees", Integer.toString(model.trees().size())))
                .addMetadataProps(metadata("tradewind.base_score", Float.toString(model.baseScore())))
                .addMetadataProps(metadata("tradewind.platt_a", Double.toString(calibration.a())))
                .addMetadataProps(metadata("tradewind.platt_b", Double.toString(calibration.b())))
                .build();
    }

    private static StringStringEntryProto metadata(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static ValueInfoProto tensorInfo(
            String name, TensorProto.DataType type, TensorShapeProto.Dimension... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (TensorShapeProto.Dimension dim : dims) {
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    private static TensorShapeProto.Dimension dynamic(String name) {
        return TensorShapeProto.Dimension.newBuilder().setDimParam(name).build();
    }

    private static TensorShapeProto.Dimension fixed(long size) {
        return TensorShapeProto.Dimension.newBuilder().setDimValue(size).build();
    }

    static AttributeProto ints(String name, long[] values) {
        AttributeProto.Builder attribute =
                AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    static AttributeProto floats(String name, float[] values) {
        AttributeProto.Builder attribute =
                AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
        for (float value : values) {
            attribute.addFloats(value);
        }
        return attribute.build();
    }

    /** The parallel nodes_* arrays: one entry per node, splits and leaves alike. */
    private static final class NodeAttributes {
        private final AttributeProto.Builder treeIds = intsBuilder("nodes_treeids");
        private final AttributeProto.Builder nodeIds = intsBuilder("nodes_nodeids");
        private final AttributeProto.Builder featureIds = intsBuilder("nodes_featureids");
        private final AttributeProto.Builder values = floatsBuilder("nodes_values");
        private final AttributeProto.Builder modes = AttributeProto.newBuilder()
                .setName("nodes_modes").setType(AttributeProto.AttributeType.STRINGS);
        private final AttributeProto.Builder trueIds = intsBuilder("nodes_truenodeids");
        private final AttributeProto.Builder falseIds = intsBuilder("nodes_falsenodeids");
        private final AttributeProto.Builder missingTracksTrue =
                intsBuilder("nodes_missing_value_tracks_true");

        void addSplit(int treeId, int nodeId, TreeNode node) {
            // XGBoost sends x < threshold left, so "true" is the left child under BRANCH_LT, and a
            // missing value follows the true branch exactly when XGBoost's default_left is set.
            add(treeId, nodeId, node.featureIndex(), node.threshold(), BRANCH_LT,
                    node.left(), node.right(), node.defaultLeft() ? 1 : 0);
        }

        void addLeaf(int treeId, int nodeId) {
            add(treeId, nodeId, 0, 0f, LEAF, 0, 0, 0);
        }

        private void add(int treeId, int nodeId, int featureId, float value, String mode,
                int trueId, int falseId, int missingTrue) {
            treeIds.addInts(treeId);
            nodeIds.addInts(nodeId);
            featureIds.addInts(featureId);
            values.addFloats(value);
            modes.addStrings(ByteString.copyFromUtf8(mode));
            trueIds.addInts(trueId);
            falseIds.addInts(falseId);
            missingTracksTrue.addInts(missingTrue);
        }

        void appendTo(NodeProto.Builder node) {
            for (AttributeProto.Builder attribute : new AttributeProto.Builder[] {
                    treeIds, nodeIds, featureIds, values, modes, trueIds, falseIds, missingTracksTrue}) {
                node.addAttribute(attribute);
            }
        }
    }

    /** The parallel class_* arrays: one weight per leaf, all for class id 0 (single score). */
    private static final class ClassAttributes {
        private final AttributeProto.Builder treeIds = intsBuilder("class_treeids");
        private final AttributeProto.Builder nodeIds = intsBuilder("class_nodeids");
        private final AttributeProto.Builder classIds = intsBuilder("class_ids");
        private final AttributeProto.Builder weights = floatsBuilder("class_weights");

        void add(int treeId, int nodeId, float weight) {
            treeIds.addInts(treeId);
            nodeIds.addInts(nodeId);
            classIds.addInts(0);
            weights.addFloats(weight);
        }

        void appendTo(NodeProto.Builder node) {
            for (AttributeProto.Builder attribute :
                    new AttributeProto.Builder[] {treeIds, nodeIds, classIds, weights}) {
                node.addAttribute(attribute);
            }
        }
    }

    private static AttributeProto.Builder intsBuilder(String name) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    }

    private static AttributeProto.Builder floatsBuilder(String name) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
    }
}
