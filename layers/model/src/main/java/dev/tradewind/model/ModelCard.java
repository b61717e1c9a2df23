package dev.tradewind.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a model is and how good it is, as the trainer wrote it beside {@code model.onnx}. The typed fields are what
 * code needs to serve the model; {@link #json()} is the whole card (metrics per fold, baselines, hyper-parameters,
 * data sources) for {@code GET /v1/model}.
 *
 * @param family              the model folder's name, e.g. {@code crypto-1h}
 * @param version             {@code <family>-<first 12 hex digits of modelSha256>}: changes whenever the model does
 * @param modelSha256         SHA-256 of model.onnx, checked when the model loads
 * @param interval            the candle interval the model forecasts
 * @param assetClass          the market it was trained on
 * @param symbols             the instruments whose history it was trained on
 * @param horizonBars         the forecast is P(close[t + horizon] &gt; close[t])
 * @param featureSet          the feature definitions' identifier ({@code FeatureSet.id()})
 * @param features            feature names in input order
 * @param windowLength        candles needed to compute one feature vector
 * @param trainedThrough      no training label looked past this instant: forecasts after it are out of sample
 * @param lowConfidence       the 95% block-bootstrap interval of the walk-forward log-loss gain over the constant
 *                            training base rate did not lie above 0, so the model serves that base rate (the card's
 *                            {@code served} is then {@code baseRate}; docs/model.md#direction)
 * @param lowConfidenceReason the measured numbers behind the flag, either way
 * @param json                the complete card
 */
public record ModelCard(String family, String version, String modelSha256, Interval interval, AssetClass assetClass,
                        List<String> symbols, int horizonBars, String featureSet, List<String> features,
                        int windowLength, Instant trainedThrough, boolean lowConfidence, String lowConfidenceReason,
                        ObjectNode json) {

    public ModelCard {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(modelSha256, "modelSha256");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(assetClass, "assetClass");
        symbols = List.copyOf(symbols);
        features = List.copyOf(features);
        Objects.requireNonNull(trainedThrough, "trainedThrough");
        Objects.requireNonNull(lowConfidenceReason, "lowConfidenceReason");
        Objects.requireNonNull(json, "json");
        json = json.deepCopy();
    }

    @Override
    public ObjectNode json() {
        return json.deepCopy();
    }

    /** Reads a card; every field listed above must be present and well-formed. */
    public static ModelCard parse(byte[] bytes, Path origin) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw invalid(origin, "not JSON", e);
        }
        if (!(root instanceof ObjectNode card)) {
            throw invalid(origin, "a model card is a JSON object", null);
        }
        try {
            JsonNode target = required(card, "target");
            JsonNode featureBlock = required(card, "features");
            List<String> symbols = new ArrayList<>();
            required(target, "symbols").forEach(s -> symbols.add(s.asText()));
            List<String> names = new ArrayList<>();
            required(featureBlock, "names").forEach(n -> names.add(n.asText()));
            return new ModelCard(
                    text(card, "family"),
                    text(card, "version"),
                    text(card, "modelSha256"),
                    Interval.fromCode(text(target, "interval")),
                    AssetClass.fromCode(text(target, "assetClass")),
                    symbols,
                    required(target, "horizonBars").asInt(),
                    text(featureBlock, "set"),
                    names,
                    required(featureBlock, "windowLength").asInt(),
                    Instant.parse(text(required(card, "training"), "labelsThrough")),
                    required(card, "lowConfidence").asBoolean(),
                    text(card, "lowConfidenceReason"),
                    card);
        } catch (RuntimeException e) {
            throw invalid(origin, e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static ModelLoadException invalid(Path origin, String message, Throwable cause) {
        return new ModelLoadException(ModelLoadException.Reason.INVALID_CARD, origin, message, cause);
    }
}
