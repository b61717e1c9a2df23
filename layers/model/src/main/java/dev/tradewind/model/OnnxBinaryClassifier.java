package dev.tradewind.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Scores feature rows with a binary classifier exported under {@link ModelContract}.
 *
 * <p>Load once per process (at init) and share: one {@link OrtSession} serves every call, and the predict methods
 * may be called from any number of threads at once (ONNX Runtime's {@code Run} is thread-safe on a shared session).
 */
public final class OnnxBinaryClassifier implements AutoCloseable {

    static {
        // Before any ONNX Runtime class initialises: that is when it loads its native libraries.
        OrtNatives.configure();
    }

    private static final Set<String> REQUESTED_OUTPUTS = Set.of(ModelContract.PROBABILITIES_OUTPUT);

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final int featureCount;
    private final Map<String, String> metadata;
    // Closing frees native memory; a predict racing with close must not touch a freed session.
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxBinaryClassifier(OrtEnvironment environment, OrtSession session, int featureCount,
                                 Map<String, String> metadata) {
        this.environment = environment;
        this.session = session;
        this.featureCount = featureCount;
        this.metadata = metadata;
    }

    /** Loads with {@link InferenceOptions#defaults()}. */
    public static OnnxBinaryClassifier load(Path modelFile) {
        return load(modelFile, InferenceOptions.defaults());
    }

    /**
     * @throws ModelLoadException if the file is missing, unreadable, not a valid ONNX model, does not follow
     *                            {@link ModelContract}, or ONNX Runtime's native libraries cannot be loaded
     */
    public static OnnxBinaryClassifier load(Path modelFile, InferenceOptions options) {
        Objects.requireNonNull(modelFile, "modelFile");
        if (!Files.isRegularFile(modelFile)) {
            throw new ModelLoadException(ModelLoadException.Reason.NOT_FOUND, modelFile, "no such model file", null);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(modelFile);
        } catch (IOException e) {
            throw new ModelLoadException(ModelLoadException.Reason.UNREADABLE, modelFile, e.getMessage(), e);
        }
        return fromBytes(bytes, modelFile, options);
    }

    /** For a model already in memory; {@code origin} is only used in error messages. */
    public static OnnxBinaryClassifier fromBytes(byte[] model, Path origin, InferenceOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        OrtEnvironment environment = environment(origin);
        OrtSession session;
        try (OrtSession.SessionOptions sessionOptions = options.toSessionOptions()) {
            session = environment.createSession(model, sessionOptions);
        } catch (OrtException e) {
            throw new ModelLoadException(ModelLoadException.Reason.INVALID_MODEL, origin, e.getMessage(), e);
        }
        try {
            int features = validateContract(session, origin);
            Map<String, String> metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
            return new OnnxBinaryClassifier(environment, session, features, metadata);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelLoadException(ModelLoadException.Reason.INVALID_MODEL, origin, e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static OrtEnvironment environment(Path origin) {
        try {
            return OrtEnvironment.getEnvironment();
        } catch (LinkageError | IllegalStateException e) {
            // UnsatisfiedLinkError (wrong architecture, missing file), or the class failing to initialise because of it.
            throw new ModelLoadException(ModelLoadException.Reason.RUNTIME_UNAVAILABLE, origin,
                    "ONNX Runtime's native libraries could not be loaded from " + OrtNatives.describe() + ": " + e, e);
        } catch (RuntimeException e) {
            throw new ModelLoadException(ModelLoadException.Reason.RUNTIME_UNAVAILABLE, origin,
                    "ONNX Runtime could not start: " + e, e);
        }
    }

    private static int validateContract(OrtSession session, Path origin) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        NodeInfo input = inputs.get(ModelContract.FEATURES_INPUT);
        if (inputs.size() != 1 || input == null || !(input.getInfo() instanceof TensorInfo tensor)) {
            throw contractViolation(origin, "expected exactly one tensor input named '" + ModelContract.FEATURES_INPUT
                    + "', found " + inputs.keySet());
        }
        long[] shape = tensor.getShape();
        if (tensor.type != OnnxJavaType.FLOAT || shape.length != 2 || shape[1] <= 0) {
            throw contractViolation(origin, "input must be float[N, F] with a fixed F, found " + tensor.type
                    + Arrays.toString(shape));
        }
        if (!session.getOutputInfo().containsKey(ModelContract.PROBABILITIES_OUTPUT)) {
            throw contractViolation(origin, "missing output '" + ModelContract.PROBABILITIES_OUTPUT + "', found "
                    + session.getOutputNames());
        }
        return Math.toIntExact(shape[1]);
    }

    private static ModelLoadException contractViolation(Path origin, String message) {
        return new ModelLoadException(ModelLoadException.Reason.CONTRACT_VIOLATION, origin, message, null);
    }

    /** Number of features each row must have. */
    public int featureCount() {
        return featureCount;
    }

    /** A custom metadata entry of the ONNX model (the trainer writes provenance there). */
    public Optional<String> metadata(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    /**
     * @param rows each of length {@link #featureCount()}; NaN marks a missing value
     * @return P(up) for each row, in row order
     * @throws IllegalArgumentException on a null or wrongly sized row
     * @throws IllegalStateException    after {@link #close()}
     * @throws ModelInferenceException  if ONNX Runtime fails
     */
    public float[] predict(float[][] rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0) {
            return new float[0];
        }
        float[] flat = new float[Math.multiplyExact(rows.length, featureCount)];
        for (int r = 0; r < rows.length; r++) {
            float[] row = rows[r];
            if (row == null || row.length != featureCount) {
                throw new IllegalArgumentException("row " + r + " must have " + featureCount + " features, has "
                        + (row == null ? "null" : row.length));
            }
            System.arraycopy(row, 0, flat, r * featureCount, featureCount);
        }
        return score(flat, rows.length);
    }

    /** One row: the per-request path. */
    public float predict(float[] row) {
        Objects.requireNonNull(row, "row");
        if (row.length != featureCount) {
            throw new IllegalArgumentException("row must have " + featureCount + " features, has " + row.length);
        }
        return score(row, 1)[0];
    }

    private float[] score(float[] flat, int rowCount) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("model is closed");
            }
            long[] shape = {rowCount, featureCount};
            try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(flat), shape);
                 OrtSession.Result result = session.run(Map.of(ModelContract.FEATURES_INPUT, input),
                         REQUESTED_OUTPUTS)) {
                FloatBuffer probabilities = ((OnnxTensor) result.get(ModelContract.PROBABILITIES_OUTPUT).orElseThrow())
                        .getFloatBuffer();
                float[] positive = new float[rowCount];
                for (int r = 0; r < rowCount; r++) {
                    positive[r] = probabilities.get(r * 2 + ModelContract.POSITIVE_CLASS_COLUMN);
                }
                return positive;
            } catch (OrtException e) {
                throw new ModelInferenceException("ONNX Runtime failed to score " + rowCount + " rows", e);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeQuietly(session);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // Nothing useful to do: the process is dropping the model either way.
        }
    }
}
