package dev.tradewind.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxBinaryClassifierTest {

    private static final int FEATURES = 6;
    private static byte[] onnx;
    private static float[][] rows;

    @TempDir
    Path directory;

    @BeforeAll
    static void buildModel() {
        onnx = TestModels.onnx(FEATURES, "a,b,c,d,e,f");
        SplittableRandom random = new SplittableRandom(7);
        rows = new float[300][FEATURES];
        for (float[] row : rows) {
            for (int f = 0; f < FEATURES; f++) {
                row[f] = random.nextDouble() < 0.15 ? Float.NaN : (float) random.nextGaussian();
            }
        }
        Arrays.fill(rows[0], Float.NaN);
    }

    private Path written() throws Exception {
        return Files.write(directory.resolve(ModelContract.MODEL_FILE), onnx);
    }

    @Test
    void predict_matchesTheReferenceIncludingMissingValues() throws Exception {
        try (OnnxBinaryClassifier model = OnnxBinaryClassifier.load(written())) {
            assertEquals(FEATURES, model.featureCount());
            float[] batch = model.predict(rows);
            for (int r = 0; r < rows.length; r++) {
                assertEquals(TestModels.reference(rows[r]), batch[r], 1e-6, "row " + r);
                assertEquals(batch[r], model.predict(rows[r]), "single row == batch row");
            }
            assertEquals(0, model.predict(new float[0][]).length);
            assertEquals("a,b,c,d,e,f", model.metadata(ModelContract.FEATURES_METADATA).orElseThrow());
        }
    }

    @Test
    void predict_concurrentCallersGetTheSameAnswersAsOne() throws Exception {
        try (OnnxBinaryClassifier model = OnnxBinaryClassifier.load(written())) {
            float[] sequential = model.predict(rows);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<float[]>> callers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int offset = t;
                    callers.add(() -> {
                        float[] seen = new float[rows.length];
                        for (int i = 0; i < rows.length; i++) {
                            int r = (i + offset * 37) % rows.length;
                            seen[r] = model.predict(rows[r]);
                        }
                        return seen;
                    });
                }
                for (Future<float[]> result : pool.invokeAll(callers)) {
                    assertArrayEquals(sequential, result.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void load_missingFileOrFolder_isNotFound() {
        Path missing = directory.resolve("nope/model.onnx");
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> OnnxBinaryClassifier.load(missing));
        assertEquals(ModelLoadException.Reason.NOT_FOUND, error.reason());
        assertEquals(missing, error.path());
        assertEquals(ModelLoadException.Reason.NOT_FOUND,
                assertThrows(ModelLoadException.class, () -> OnnxBinaryClassifier.load(directory)).reason());
    }

    @Test
    void load_corruptBytes_isInvalidModel() throws Exception {
        Path garbage = Files.write(directory.resolve("garbage.onnx"), "not a model".getBytes());
        Path truncated = Files.write(directory.resolve("truncated.onnx"), Arrays.copyOf(onnx, onnx.length / 2));
        Path empty = Files.write(directory.resolve("empty.onnx"), new byte[0]);
        for (Path corrupt : List.of(garbage, truncated, empty)) {
            ModelLoadException error = assertThrows(ModelLoadException.class, () -> OnnxBinaryClassifier.load(corrupt));
            assertEquals(ModelLoadException.Reason.INVALID_MODEL, error.reason(), corrupt.toString());
        }
    }

    @Test
    void load_otherSignature_isContractViolation() throws Exception {
        ModelProto proto = ModelProto.parseFrom(onnx);
        ModelProto renamed = proto.toBuilder().setGraph(proto.getGraph().toBuilder()
                .setInput(0, proto.getGraph().getInput(0).toBuilder().setName("x"))
                .setNode(0, proto.getGraph().getNode(0).toBuilder().setInput(0, "x"))).build();
        Path file = Files.write(directory.resolve("renamed.onnx"), renamed.toByteArray());
        assertEquals(ModelLoadException.Reason.CONTRACT_VIOLATION,
                assertThrows(ModelLoadException.class, () -> OnnxBinaryClassifier.load(file)).reason());
    }

    @Test
    void predict_wronglySizedRowsAndUseAfterClose_areRejected() throws Exception {
        OnnxBinaryClassifier model = OnnxBinaryClassifier.load(written());
        assertThrows(IllegalArgumentException.class, () -> model.predict(new float[][] {new float[FEATURES - 1]}));
        assertThrows(IllegalArgumentException.class, () -> model.predict(new float[][] {null}));
        assertThrows(IllegalArgumentException.class, () -> model.predict(new float[FEATURES + 1]));
        model.close();
        model.close();
        assertThrows(IllegalStateException.class, () -> model.predict(new float[FEATURES]));
    }
}
