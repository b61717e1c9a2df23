package dev.tradewind.trainer.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Raw ONNX Runtime outputs for tests that inspect both outputs of an exported model. */
public record OrtRunner(float[][] probabilities, long[] labels) {

    public static OrtRunner run(byte[] model, float[][] rows) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        int features = rows[0].length;
        float[] flat = new float[rows.length * features];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * features, features);
        }
        try (OrtSession session = environment.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(
                        environment, FloatBuffer.wrap(flat), new long[] {rows.length, features});
                OrtSession.Result result = session.run(Map.of("features", input))) {
            float[][] probabilities = (float[][]) result.get("probabilities").orElseThrow().getValue();
            long[] labels = (long[]) result.get("label").orElseThrow().getValue();
            return new OrtRunner(probabilities, labels);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
