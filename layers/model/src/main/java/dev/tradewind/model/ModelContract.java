package dev.tradewind.model;

/**
 * The tensors of an exported model and the files of a model folder, shared by the trainer (which writes them) and
 * the predict function (which reads them). Changing any of these breaks every model already published.
 */
public final class ModelContract {

    /** Float tensor of shape [N, F]; NaN marks a missing feature value. */
    public static final String FEATURES_INPUT = "features";

    /** Float tensor of shape [N, 2]: column 0 is P(down), column 1 is P(up), already calibrated. */
    public static final String PROBABILITIES_OUTPUT = "probabilities";

    /** Int64 tensor of shape [N]: 1 when P(up) &gt; 0.5. */
    public static final String LABEL_OUTPUT = "label";

    public static final int POSITIVE_CLASS_COLUMN = 1;

    /** The model inside a model folder ({@code models/<family>/} in the repository, {@code /opt/model/<family>/}). */
    public static final String MODEL_FILE = "model.onnx";

    /** The model card beside it: version, features, training window, metrics, low-confidence flag. */
    public static final String CARD_FILE = "model-card.json";

    /**
     * The volatility and price-range model beside them (coefficients, conformal quantiles, evaluation), read by
     * {@code VolatilityModel.load}.
     */
    public static final String VOLATILITY_FILE = "volatility.json";

    /** ONNX metadata key holding the comma-separated feature names the model was trained on. */
    public static final String FEATURES_METADATA = "tradewind.features";

    private ModelContract() {
    }
}
