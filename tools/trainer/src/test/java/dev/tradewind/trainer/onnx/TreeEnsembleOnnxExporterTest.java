package dev.tradewind.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tradewind.trainer.testing.OrtRunner;
import dev.tradewind.trainer.testing.SyntheticData;
import dev.tradewind.trainer.calibration.PlattScaling;
import dev.tradewind.trainer.xgb.DecisionTree;
import dev.tradewind.trainer.xgb.TrainedBooster;
import dev.tradewind.trainer.xgb.TreeEnsembleModel;
import dev.tradewind.trainer.xgb.TreeEnsembleScorer;
import dev.tradewind.trainer.xgb.TreeNode;
import dev.tradewind.trainer.xgb.XgbJsonModelParser;
import dev.tradewind.trainer.xgb.XgbTrainer;
import dev.tradewind.trainer.xgb.XgbTrainingParams;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TreeEnsembleOnnxExporterTest {

    private static TreeEnsembleModel model;
    private static float[][] rows;

    private final TreeEnsembleOnnxExporter exporter = new TreeEnsembleOnnxExporter();

    @BeforeAll
    static void trainSmallModel() {
        SyntheticData train = SyntheticData.generate(2000, 6, 0.1, 21);
        rows = SyntheticData.generate(500, 6, 0.2, 22).features();
        XgbTrainingParams params = XgbTrainingParams.defaults().withRounds(40).withMaxDepth(3);
        try (TrainedBooster booster = new XgbTrainer().train(train.features(), train.labels(), params)) {
            model = new XgbJsonModelParser().parse(booster.toJson());
        }
    }

    @Test
    void graphFollowsTheModelContract() throws InvalidProtocolBufferException {
        ModelProto proto = ModelProto.parseFrom(exporter.export(model));

        Map<String, Long> opsets = proto.getOpsetImportList().stream()
                .collect(Collectors.toMap(o -> o.getDomain(), o -> o.getVersion()));
        assertEquals(Map.of("", 17L, "ai.onnx.ml", 3L), opsets);
        assertEquals(1, proto.getGraph().getNodeCount());
        NodeProto node = proto.getGraph().getNode(0);
        assertEquals("TreeEnsembleClassifier", node.getOpType());
        assertEquals("ai.onnx.ml", node.getDomain());
        assertEquals(List.of("features"), node.getInputList());
        assertEquals(List.of("label", "probabilities"), node.getOutputList());
        assertEquals("LOGISTIC", attribute(node, "post_transform").getS().toStringUtf8());
        assertEquals(List.of(0L, 1L), attribute(node, "classlabels_int64s").getIntsList());
        assertEquals(model.nodeCount(), attribute(node, "nodes_nodeids").getIntsCount());
        assertTrue(attribute(node, "class_ids").getIntsList().stream().allMatch(id -> id == 0));
        assertEquals(model.baseMargin(), attribute(node, "base_values").getFloats(0), 1e-7);
        assertEquals(2, proto.getGraph().getInput(0).getType().getTensorType().getShape().getDimCount());
        assertEquals(6, proto.getGraph().getInput(0).getType().getTensorType().getShape()
                .getDim(1).getDimValue());
    }

    @Test
    void onnxRuntimeReproducesTheJavaScorerWithComplementaryProbabilities() {
        OrtRunner ort = OrtRunner.run(exporter.export(model), rows);
        TreeEnsembleScorer scorer = new TreeEnsembleScorer(model);
        for (int r = 0; r < rows.length; r++) {
            double expected = scorer.probability(rows[r]);
            assertEquals(expected, ort.probabilities()[r][1], 1e-6, "row " + r);
            assertEquals(1 - expected, ort.probabilities()[r][0], 1e-6, "row " + r);
            assertEquals(expected > 0.5 ? 1L : 0L, ort.labels()[r], "row " + r);
        }
    }

    @Test
    void plattCalibrationIsFoldedIntoLeavesAndBaseValue() {
        PlattScaling calibration = new PlattScaling(0.7, -0.25);
        OrtRunner ort = OrtRunner.run(exporter.export(model, calibration), rows);
        TreeEnsembleScorer scorer = new TreeEnsembleScorer(model);
        for (int r = 0; r < rows.length; r++) {
            double expected = calibration.probability(scorer.margin(rows[r]));
            assertEquals(expected, ort.probabilities()[r][1], 1e-6, "row " + r);
        }
    }

    @Test
    void exportIsByteIdenticalForTheSameInput() {
        PlattScaling calibration = new PlattScaling(0.9, 0.1);
        assertArrayEquals(exporter.export(model, calibration), exporter.export(model, calibration));
    }

    @Test
    void extraMetadataFollowsTheExportersOwnInKeyOrder() throws InvalidProtocolBufferException {
        ModelProto proto = ModelProto.parseFrom(exporter.export(model, PlattScaling.IDENTITY,
                Map.of("tradewind.features", "a,b", "tradewind.family", "crypto-1h")));
        assertEquals(List.of("tradewind.trees", "tradewind.base_score", "tradewind.platt_a", "tradewind.platt_b",
                        "tradewind.family", "tradewind.features"),
                proto.getMetadataPropsList().stream().map(p -> p.getKey()).toList());
        assertEquals("a,b", proto.getMetadataProps(5).getValue());
    }

    /**
     * A model whose (calibrated) leaf weights are all positive, e.g. after a negative Platt slope: ONNX Runtime 1.24
     * took an "all weights positive" binary path there that reported the raw score as the probability, without the
     * logistic. The pinned version (>= 1.26) applies the logistic to the probabilities, which is all the predict
     * function reads; its label output still compares the raw score with 0.5, an inconsistency the parity check
     * counts, so such a model would fail the export rather than be served. This test fails if ONNX Runtime changes
     * either behaviour (a downgrade, or a fix of the label).
     */
    @Test
    void onnxRuntimeAppliesTheLogisticWhenAllWeightsArePositive() {
        DecisionTree positiveStump = new DecisionTree(
                List.of(TreeNode.split(0, 0f, 1, 2, true), TreeNode.leaf(0.3f), TreeNode.leaf(0.7f)));
        byte[] allPositive = exporter.export(new TreeEnsembleModel(1, 0.5f, List.of(positiveStump)));

        OrtRunner ort = OrtRunner.run(allPositive, new float[][] {{-1f}, {1f}});
        assertEquals(TreeEnsembleScorer.sigmoid(0.3), ort.probabilities()[0][1], 1e-6);
        assertEquals(TreeEnsembleScorer.sigmoid(0.7), ort.probabilities()[1][1], 1e-6);
        assertEquals(0L, ort.labels()[0], "raw score 0.3 < 0.5, although P(up) = sigmoid(0.3) > 0.5");
        assertEquals(1L, ort.labels()[1]);
        ParityReport report = new OnnxParityChecker().check(allPositive, new float[][] {{-1f}, {1f}},
                new double[] {TreeEnsembleScorer.sigmoid(0.3), TreeEnsembleScorer.sigmoid(0.7)});
        assertEquals(1, report.inconsistentOutputs());
        assertEquals(false, report.passed());
    }

    private static AttributeProto attribute(NodeProto node, String name) {
        return node.getAttributeList().stream()
                .filter(a -> a.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("missing attribute " + name));
    }
}
