package dev.tradewind.model;

import dev.tradewind.model.features.FeatureSet;
import dev.tradewind.shared.market.Candle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One trained model ready to serve: its card, its features and its ONNX session, checked against each other when
 * loaded, so a corrupted, replaced or mismatched model fails at init with a {@link ModelLoadException} rather than
 * serving wrong numbers. Load once per process and share; thread-safe.
 */
public final class ForecastModel implements AutoCloseable {

    private final ModelCard card;
    private final FeatureSet features;
    private final OnnxBinaryClassifier classifier;

    private ForecastModel(ModelCard card, FeatureSet features, OnnxBinaryClassifier classifier) {
        this.card = card;
        this.features = features;
        this.classifier = classifier;
    }

    /**
     * @param directory a model folder holding {@value ModelContract#MODEL_FILE} and {@value ModelContract#CARD_FILE}
     * @throws ModelLoadException if either file is missing or unreadable, the model is not the one its card
     *                            describes (SHA-256), or the features differ from this code's {@link FeatureSet}
     */
    public static ForecastModel load(Path directory) {
        return load(directory, InferenceOptions.defaults());
    }

    public static ForecastModel load(Path directory, InferenceOptions options) {
        Objects.requireNonNull(directory, "directory");
        Path modelFile = directory.resolve(ModelContract.MODEL_FILE);
        Path cardFile = directory.resolve(ModelContract.CARD_FILE);
        ModelCard card = ModelCard.parse(read(cardFile), cardFile);
        byte[] model = read(modelFile);
        String sha256 = sha256(model);
        if (!sha256.equals(card.modelSha256())) {
            throw new ModelLoadException(ModelLoadException.Reason.VERSION_MISMATCH, modelFile, "SHA-256 " + sha256
                    + " is not the " + card.modelSha256() + " of model " + card.version(), null);
        }
        FeatureSet features = FeatureSet.forInterval(card.interval());
        if (!features.names().equals(card.features()) || !features.id().equals(card.featureSet())
                || features.windowLength() != card.windowLength()) {
            throw new ModelLoadException(ModelLoadException.Reason.CONTRACT_VIOLATION, cardFile, "the model was "
                    + "trained on " + card.featureSet() + " " + card.features() + " but this code computes "
                    + features.id() + " " + features.names(), null);
        }
        OnnxBinaryClassifier classifier = OnnxBinaryClassifier.fromBytes(model, modelFile, options);
        String embedded = classifier.metadata(ModelContract.FEATURES_METADATA).orElse("");
        if (classifier.featureCount() != features.size() || !embedded.equals(String.join(",", features.names()))) {
            classifier.close();
            throw new ModelLoadException(ModelLoadException.Reason.CONTRACT_VIOLATION, modelFile, "the model takes "
                    + classifier.featureCount() + " features [" + embedded + "], the card lists " + card.features(),
                    null);
        }
        return new ForecastModel(card, features, classifier);
    }

    public ModelCard card() {
        return card;
    }

    public String version() {
        return card.version();
    }

    public FeatureSet features() {
        return features;
    }

    /** The feature vector of a window's last candle; see {@link FeatureSet#compute}. */
    public float[] features(List<Candle> window) {
        return features.compute(window);
    }

    /** Calibrated P(up over the horizon) per row. */
    public float[] predict(float[][] rows) {
        return classifier.predict(rows);
    }

    /** Calibrated P(up over the horizon) for one row. */
    public float predict(float[] row) {
        return classifier.predict(row);
    }

    @Override
    public void close() {
        classifier.close();
    }

    private static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(ModelLoadException.Reason.NOT_FOUND, file, "no such file", null);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException(ModelLoadException.Reason.UNREADABLE, file, e.getMessage(), e);
        }
    }

    /** Lower-case hex SHA-256, as the card records it. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ForecastModel[" + card.version() + ", " + features.size() + " features, horizon "
                + card.horizonBars() + " x " + card.interval().code() + "]";
    }
}
