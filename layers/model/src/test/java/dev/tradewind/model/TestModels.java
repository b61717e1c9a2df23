package dev.tradewind.model;

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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.tradewind.model.features.FeatureSet;
import dev.tradewind.shared.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small hand-built models with a known answer: one stump per feature, {@code x < 0} → {@link #left}, otherwise
 * {@link #right}, NaN to the left for even features and to the right for odd ones, then a logistic.
 */
public final class TestModels {

    public static final float BASE = -0.1f;

    private TestModels() {
    }

    static float left(int feature) {
        return -0.2f / (feature + 1);
    }

    static float right(int feature) {
        return 0.3f / (feature + 1);
    }

    /** P(up) the stumps give, computed without ONNX Runtime. */
    public static double reference(float[] row) {
        float margin = BASE;
        for (int f = 0; f < row.length; f++) {
            boolean goesLeft = Float.isNaN(row[f]) ? f % 2 == 0 : row[f] < 0;
            margin += goesLeft ? left(f) : right(f);
        }
        return 1 / (1 + Math.exp(-margin));
    }

    /** An ONNX model of {@code featureCount} inputs; {@code featureNames} goes into its metadata when not null. */
    public static byte[] onnx(int featureCount, String featureNames) {
        NodeProto.Builder node = NodeProto.newBuilder().setName("stumps").setOpType("TreeEnsembleClassifier")
                .setDomain("ai.onnx.ml").addInput(ModelContract.FEATURES_INPUT)
                .addOutput(ModelContract.LABEL_OUTPUT).addOutput(ModelContract.PROBABILITIES_OUTPUT);
        AttributeProto.Builder treeIds = ints("nodes_treeids");
        AttributeProto.Builder nodeIds = ints("nodes_nodeids");
        AttributeProto.Builder featureIds = ints("nodes_featureids");
        AttributeProto.Builder values = floats("nodes_values");
        AttributeProto.Builder modes = AttributeProto.newBuilder().setName("nodes_modes")
                .setType(AttributeProto.AttributeType.STRINGS);
        AttributeProto.Builder trueIds = ints("nodes_truenodeids");
        AttributeProto.Builder falseIds = ints("nodes_falsenodeids");
        AttributeProto.Builder missingTrue = ints("nodes_missing_value_tracks_true");
        AttributeProto.Builder classTrees = ints("class_treeids");
        AttributeProto.Builder classNodes = ints("class_nodeids");
        AttributeProto.Builder classIds = ints("class_ids");
        AttributeProto.Builder weights = floats("class_weights");
        for (int t = 0; t < featureCount; t++) {
            for (int n = 0; n < 3; n++) {
                treeIds.addInts(t);
                nodeIds.addInts(n);
                featureIds.addInts(n == 0 ? t : 0);
                values.addFloats(0f);
                modes.addStrings(ByteString.copyFromUtf8(n == 0 ? "BRANCH_LT" : "LEAF"));
                trueIds.addInts(n == 0 ? 1 : 0);
                falseIds.addInts(n == 0 ? 2 : 0);
                missingTrue.addInts(n == 0 && t % 2 == 0 ? 1 : 0);
            }
            for (int leaf = 1; leaf <= 2; leaf++) {
                classTrees.addInts(t);
                classNodes.addInts(leaf);
                classIds.addInts(0);
                weights.addFloats(leaf == 1 ? left(t) : right(t));
            }
        }
        for (AttributeProto.Builder a : new AttributeProto.Builder[] {treeIds, nodeIds, featureIds, values, modes,
            trueIds, falseIds, missingTrue, classTrees, classNodes, classIds, weights}) {
            node.addAttribute(a);
        }
        node.addAttribute(ints("classlabels_int64s").addInts(0).addInts(1));
        node.addAttribute(floats("base_values").addFloats(BASE));
        node.addAttribute(AttributeProto.newBuilder().setName("post_transform")
                .setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8("LOGISTIC")));
        GraphProto graph = GraphProto.newBuilder().setName("stumps").addNode(node)
                .addInput(tensor(ModelContract.FEATURES_INPUT, TensorProto.DataType.FLOAT, featureCount))
                .addOutput(tensor(ModelContract.LABEL_OUTPUT, TensorProto.DataType.INT64, -1))
                .addOutput(tensor(ModelContract.PROBABILITIES_OUTPUT, TensorProto.DataType.FLOAT, 2))
                .build();
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(8).setProducerName("tradewind-tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(3))
                .setGraph(graph);
        if (featureNames != null) {
            model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(ModelContract.FEATURES_METADATA)
                    .setValue(featureNames));
        }
        return model.build().toByteArray();
    }

    /** A model for {@code features}, as the trainer would embed their names. */
    public static byte[] onnx(FeatureSet features) {
        return onnx(features.size(), String.join(",", features.names()));
    }

    /** The fields a card must have, describing {@code onnx}. */
    public static ObjectNode card(String family, FeatureSet features, byte[] onnx, boolean lowConfidence) {
        String sha256 = ForecastModel.sha256(onnx);
        ObjectNode card = Json.mapper().createObjectNode();
        card.put("family", family).put("version", family + "-" + sha256.substring(0, 12)).put("modelSha256", sha256);
        ObjectNode target = card.putObject("target");
        target.put("interval", features.interval().code()).put("assetClass",
                features.interval().code().equals("1h") ? "crypto" : "stock").put("horizonBars", 4);
        target.putArray("symbols").add(features.interval().code().equals("1h") ? "BTCUSDT" : "AAPL");
        ObjectNode block = card.putObject("features");
        block.put("set", features.id()).put("windowLength", features.windowLength());
        ArrayNode names = block.putArray("names");
        features.names().forEach(names::add);
        card.putObject("training").put("labelsThrough", "2021-12-31T23:00:00Z");
        card.put("lowConfidence", lowConfidence).put("lowConfidenceReason", "test model");
        return card;
    }

    /** Writes {@code root/family/model.onnx} and its card; returns the folder. */
    public static Path writeFamily(Path root, String family, FeatureSet features) throws IOException {
        Path directory = Files.createDirectories(root.resolve(family));
        byte[] onnx = onnx(features);
        Files.write(directory.resolve(ModelContract.MODEL_FILE), onnx);
        Files.writeString(directory.resolve(ModelContract.CARD_FILE), Json.write(card(family, features, onnx, true)));
        return directory;
    }

    private static ValueInfoProto tensor(String name, TensorProto.DataType type, int secondDimension) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        if (secondDimension > 0) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(secondDimension));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    private static AttributeProto.Builder ints(String name) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    }

    private static AttributeProto.Builder floats(String name) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
    }
}
