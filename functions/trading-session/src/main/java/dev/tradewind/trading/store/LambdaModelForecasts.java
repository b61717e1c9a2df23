package dev.tradewind.trading.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.json.Json;
import dev.tradewind.trading.service.ModelForecasts;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * {@link ModelForecasts} from the predict function's forecast history, invoked synchronously through the Lambda API.
 * The client is built on the first model-signal backtest, not at init: most invocations of this function never
 * need it. {@code LAMBDA_ENDPOINT} points it at the local runtime, as {@code DYNAMODB_ENDPOINT} does DynamoDB's.
 */
public final class LambdaModelForecasts implements ModelForecasts {

    public static final String ENDPOINT_VARIABLE = "LAMBDA_ENDPOINT";
    /** The predict function's direct invocation this sends ({@code PredictHandler.FORECAST_HISTORY}). */
    static final String INVOCATION = "forecastHistory";

    private final String functionName;
    private final Supplier<LambdaClient> client;
    private volatile LambdaClient built;

    LambdaModelForecasts(String functionName, Supplier<LambdaClient> client) {
        this.functionName = functionName;
        this.client = client;
    }

    /**
     * The forecasts of {@code FORECAST_HISTORY_FUNCTION}, or {@link ModelForecasts#NONE} when it is not set, or when
     * DynamoDB is a local endpoint and Lambda is not (tests): such a run must never reach the real Lambda API.
     */
    public static ModelForecasts from(Optional<String> functionName, Environment env) {
        boolean localOnly = env.optional(DynamoDbClients.ENDPOINT_VARIABLE).isPresent()
                && env.optional(ENDPOINT_VARIABLE).isEmpty();
        return functionName.filter(name -> !localOnly)
                .<ModelForecasts>map(name -> new LambdaModelForecasts(name, () -> client(env))).orElse(NONE);
    }

    private static LambdaClient client(Environment env) {
        Optional<String> endpoint = env.optional(ENDPOINT_VARIABLE);
        var builder = LambdaClient.builder()
                .region(Region.of(env.get("AWS_REGION", "us-east-1")))
                .credentialsProvider(DynamoDbClients.credentials(env, endpoint.isPresent()))
                .httpClient(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        // A year of hourly forecasts is computed in a few seconds; the API's own limit is 30 s.
                        .socketTimeout(Duration.ofSeconds(25))
                        .useIdleConnectionReaper(false)
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(27)));
        endpoint.ifPresent(url -> builder.endpointOverride(URI.create(url)));
        return builder.build();
    }

    private LambdaClient client() {
        LambdaClient current = built;
        if (current == null) {
            synchronized (this) {
                if (built == null) {
                    built = client.get();
                }
                current = built;
            }
        }
        return current;
    }

    @Override
    public Series series(String symbol, Instant from, Instant to) {
        byte[] payload = Json.writeBytes(Map.of(INVOCATION, Map.of("symbol", symbol, "from", from.toString(), "to",
                to.toString())));
        InvokeResponse response;
        try {
            response = client().invoke(r -> r.functionName(functionName).payload(SdkBytes.fromByteArray(payload)));
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
        return new Series(new Model(model.path("version").asText(), model.path("family").asText(),
                Instant.parse(model.path("trainedThrough").asText()), model.path("horizonBars").asInt(),
                model.path("lowConfidence").asBoolean()), answer.path("thresholds").path("buyAt").asDouble(),
                answer.path("thresholds").path("sellAt").asDouble(), probability, volatility);
    }
}
