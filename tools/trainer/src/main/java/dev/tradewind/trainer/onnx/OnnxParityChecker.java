package dev.tradewind.trainer.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tradewind.model.ModelContract;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * Runs an exported model in ONNX Runtime over a whole evaluation matrix and compares P(class 1)
 * with reference probabilities computed outside ONNX (XGBoost4j, then calibration).
 */
public final class OnnxParityChecker {

    public static final double DEFAULT_TOLERANCE = 1e-5;

    private final double tolerance;

    public OnnxParityChecker() {
        this(DEFAULT_TOLERANCE);
    }

    public OnnxParityChecker(double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0");
        }
        this.tolerance = tolerance;
    }

    /**
     * @param onnxModel serialized model following {@link ModelContract}
     * @param rows evaluation matrix (NaN = missing), ideally including rows with missing values
     * @param expected reference P(class 1) per row
     */
    public ParityReport check(byte[] onnxModel, float[][] rows, double[] expected) {
        Objects.requireNonNull(onnxModel, "onnxModel");
        if (rows.length == 0 || rows.length != expected.length) {
            throw new IllegalArgumentException(
                    rows.length + " rows but " + expected.length + " expected probabilities");
        }
        int features = rows[0].length;
        float[] flat = new float[Math.multiplyExact(rows.length, features)];
        int rowsWithMissing = 0;
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != features) {
                throw new IllegalArgumentException("row " + r + " does not have " + features + " features");
            }
            System.arraycopy(rows[r], 0, flat, r * features, features);
            for (float value : rows[r]) {
                if (Float.isNaN(value)) {
                    rowsWithMissing++;
                    break;
                }
            }
        }

        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = environment.createSession(onnxModel, options);
                OnnxTensor input = OnnxTensor.createTensor(
                        environment, FloatBuffer.wrap(flat), new long[] {rows.length, features});
                OrtSession.Result result = session.run(Map.of(ModelContract.FEATURES_INPUT, input))) {
            FloatBuffer probabilities =
                    ((OnnxTensor) result.get(ModelContract.PROBABILITIES_OUTPUT).orElseThrow())
                            .getFloatBuffer();
            LongBuffer labels =
                    ((OnnxTensor) result.get(ModelContract.LABEL_OUTPUT).orElseThrow()).getLongBuffer();
            return compare(probabilities, labels, expected, rowsWithMissing);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not run the exported model", e);
        }
    }

    private ParityReport compare(
            FloatBuffer probabilities, LongBuffer labels, double[] expected, int rowsWithMissing) {
        double maxDifference = 0;
        int worstRow = 0;
        double sumDifference = 0;
        int flipped = 0;
        int inconsistent = 0;
        for (int r = 0; r < expected.length; r++) {
            double negative = probabilities.get(2 * r);
            double positive = probabilities.get(2 * r + 1);
            double difference = Math.abs(positive - expected[r]);
            // NaN must fail the check, so compare with !(<=) rather than >.
            if (!(difference <= maxDifference)) {
                maxDifference = difference;
                worstRow = r;
            }
            sumDifference += difference;
            if ((positive > 0.5) != (expected[r] > 0.5)) {
                flipped++;
            }
            boolean labelMatches = labels.get(r) == (positive > 0.5 ? 1 : 0);
            if (!(Math.abs(negative + positive - 1) <= tolerance) || !labelMatches) {
                inconsistent++;
            }
        }
        return new ParityReport(expected.length, rowsWithMissing, maxDifference, worstRow,
                sumDifference / expected.length, flipped, inconsistent, tolerance);
    }
}
