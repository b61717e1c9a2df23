package dev.tradewind.trading.store;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.dynamo.SnapSafeRetries;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The trading function's one Lambda client, built on first use rather than at init: most invocations never need it.
 * {@code LAMBDA_ENDPOINT} points it at the local runtime, as {@code DYNAMODB_ENDPOINT} does DynamoDB's.
 */
public final class LambdaClients {

    public static final String ENDPOINT_VARIABLE = "LAMBDA_ENDPOINT";

    private LambdaClients() {
    }

    /**
     * A memoising supplier of the client; empty when DynamoDB is a local endpoint and Lambda is not (tests): such a
     * run must never reach the real Lambda API.
     */
    public static Optional<Supplier<LambdaClient>> lazy(Environment env) {
        Optional<String> endpoint = env.optional(ENDPOINT_VARIABLE);
        if (env.optional(DynamoDbClients.ENDPOINT_VARIABLE).isPresent() && endpoint.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Supplier<>() {
            private LambdaClient client;

            @Override
            public synchronized LambdaClient get() {
                if (client == null) {
                    client = build(env, endpoint);
                }
                return client;
            }
        });
    }

    private static LambdaClient build(Environment env, Optional<String> endpoint) {
        var builder = LambdaClient.builder()
                .region(Region.of(env.get("AWS_REGION", "us-east-1")))
                .credentialsProvider(DynamoDbClients.credentials(env, endpoint.isPresent()))
                .httpClient(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        // A forecast history of 10,000 bars takes a few seconds; the API's own limit is 30 s.
                        .socketTimeout(Duration.ofSeconds(25))
                        .useIdleConnectionReaper(false)
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(SnapSafeRetries.standard())
                        .apiCallTimeout(Duration.ofSeconds(27)));
        endpoint.ifPresent(url -> builder.endpointOverride(URI.create(url)));
        return builder.build();
    }
}
