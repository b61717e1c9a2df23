package dev.tradewind.trading.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.json.Json;
import dev.tradewind.trading.service.ModelForecasts;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * {@link ModelForecasts} from the predict function's forecast history, invoked synchronously through the Lambda API
 * ({@link LambdaClients}).
 */
public final class LambdaModelForecasts implements ModelForecasts {

    /** The predict function's direct invocation this sends ({@code PredictHandler.FORECAST_HISTORY}). */
    static final String INVOCATION = "forecastHistory";

    private final String functionName;
    private final Supplier<LambdaClient> client;

    LambdaModelForecasts(String functionName, Supplier<LambdaClient> client) {
        this.functionName = functionName;
        this.client = client;
    }

    /**
     * The forecasts of {@code FORECAST_HISTORY_FUNCTION}, or {@link ModelForecasts#NONE} when it is not set or there is
     * no Lambda client here ({@link LambdaClients#lazy}).
     */
    public static ModelForecasts from(Optional<String> functionName, Optional<Supplier<LambdaClient>> client) {
        return functionName.flatMap(name -> client.<ModelForecasts>map(c -> new LambdaModelForecasts(name, c)))
                .orElse(NONE);
    }

    @Override
    public Series series(String symbol, Instant from, Instant to) {
        byte[] payload = Json.writeBytes(Map.of(INVOCATION, Map.of("symbol", symbol, "from", from.toString(), "to",
                to.toString())));
        InvokeResponse response;
        try {
            response = client.get().invoke(r -> r.functionName(functionName).payload(SdkBytes.fromByteArray(payload)));
        } catch (SdkException e) {
            throw new UnavailableException("FORECASTS_UNAVAILABLE", "the forecast history could not be read; try"
                    + " again later", Duration.ofSeconds(5));
        }
        if (response.functionError() != null) {
            throw new UnavailableException("FORECASTS_UNAVAILABLE", "the forecast history failed; try again later",
                    Duration.ofSeconds(5));
        }
        try {
            return parse(Json.mapper().readTree(response.payload().asByteArray()));
        } catch (IOException e) {
            throw new UnavailableException("FORECASTS_UNAVAILABLE", "the forecast history answered something"
                    + " other than JSON");
        }
    }

    /** The predict function's answer: a series, or its refusal turned into the same error here. */
    static Series parse(JsonNode answer) {
        JsonNode error = answer.path("error");
        if (error.isObject()) {
            String code = error.path("code").asText("FORECASTS_UNAVAILABLE");
            String message = error.path("message").asText("");
            throw switch (code) {
                case "NOT_FOUND" -> new NotFoundException(message);
                case "VALIDATION_FAILED" -> InvalidInputException.field("from", message);
                case "MODEL_UNAVAILABLE", "FORECASTS_UNAVAILABLE" -> new UnavailableException(code, message);
                default -> new UnprocessableException(code, message);
            };
        }
        JsonNode model = answer.path("model");
        if (!model.path("trainedThrough").isTextual() || !answer.path("openTimes").isArray()) {
            throw new UnavailableException("FORECASTS_UNAVAILABLE", "the forecast history answered something"
                    + " other than a series");
        }
        Map<Instant, Double> probability = new HashMap<>();
        Map<Instant, Double> volatility = new HashMap<>();
        JsonNode opens = answer.path("openTimes");
        for (int i = 0; i < opens.size(); i++) {
            Instant open = Instant.parse(opens.get(i).asText());
            JsonNode p = answer.path("probabilityUp").path(i);
            if (p.isNumber()) {
                probability.put(open, p.doubleValue());
            }
            JsonNode v = answer.path("volatility").path(i);
            if (v.isNumber()) {
                volatility.put(open, v.doubleValue());
            }
        }
        Map<String, Map<Instant, Double>> rangeLow = new HashMap<>();
        answer.path("rangeLow").fields().forEachRemaining(level -> {
            Map<Instant, Double> lows = new HashMap<>();
            for (int i = 0; i < opens.size() && i < level.getValue().size(); i++) {
                if (level.getValue().get(i).isNumber()) {
                    lows.put(Instant.parse(opens.get(i).asText()), level.getValue().get(i).doubleValue());
                }
            }
            rangeLow.put(level.getKey(), lows);
        });
        return new Series(new Model(model.path("version").asText(), model.path("family").asText(),
                Instant.parse(model.path("trainedThrough").asText()), model.path("horizonBars").asInt(),
                model.path("lowConfidence").asBoolean()), answer.path("thresholds").path("buyAt").asDouble(),
                answer.path("thresholds").path("sellAt").asDouble(), probability, volatility, rangeLow);
    }
}
