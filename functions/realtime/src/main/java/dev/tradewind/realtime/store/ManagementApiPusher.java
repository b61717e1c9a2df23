package dev.tradewind.realtime.store;

import dev.tradewind.realtime.service.Pusher;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;

/**
 * {@link Pusher} through the WebSocket API's Management API (PostToConnection) at {@code WEBSOCKET_ENDPOINT}.
 *
 * <p>The client is built on the first push, once per instance: an event no one is subscribed to never needs it. Its
 * HTTP client is Apache5, as DynamoDB's ({@code DynamoDbClients}), with a connection per push in flight. The SDK
 * makes one attempt per call: the fan-out retries throttled pushes itself, within the event's budget. Credentials
 * are the function's (the default chain) on AWS; where DynamoDB is a local endpoint (the local runtime, tests), the
 * environment's or dummy ones, as every client's there, and an endpoint on AWS is never called: with a local
 * DynamoDB and the template's {@code execute-api} address (an in-process test without the local runtime's
 * emulation), every push fails as {@code NO_LOCAL_ENDPOINT} without a request.
 */
public final class ManagementApiPusher implements Pusher {

    private final Environment env;
    private final URI endpoint;
    private final int maxConnections;
    /** A lock rather than synchronized: on Java 21 a virtual thread waiting for a monitor pins its carrier. */
    private final ReentrantLock building = new ReentrantLock();
    private volatile ApiGatewayManagementApiClient client;

    private ManagementApiPusher(Environment env, URI endpoint, int maxConnections) {
        this.env = env;
        this.endpoint = endpoint;
        this.maxConnections = maxConnections;
    }

    /** @param maxConnections the HTTP connections kept: one per push in flight */
    public static ManagementApiPusher create(Environment env, URI endpoint, int maxConnections) {
        return new ManagementApiPusher(env, endpoint, maxConnections);
    }

    private boolean awsFromLocal() {
        String host = endpoint.getHost() == null ? "" : endpoint.getHost();
        return env.optional(DynamoDbClients.ENDPOINT_VARIABLE).isPresent()
                && (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"));
    }

    private ApiGatewayManagementApiClient client() {
        ApiGatewayManagementApiClient built = client;
        if (built != null) {
            return built;
        }
        building.lock();
        try {
            if (client == null) {
                client = client(env, endpoint, maxConnections);
            }
            return client;
        } finally {
            building.unlock();
        }
    }

    /**
     * Closes the client, so that the next push builds a new one: after a SnapStart restore, since the snapshot's
     * pooled connections are dead and a push is never retried on another one. Its classes stay loaded.
     */
    public void forgetClient() {
        building.lock();
        try {
            if (client != null) {
                client.close();
                client = null;
            }
        } finally {
            building.unlock();
        }
    }

    private static ApiGatewayManagementApiClient client(Environment env, URI endpoint, int maxConnections) {
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(env.get("AWS_REGION", "us-east-1")))
                .credentialsProvider(DynamoDbClients.credentials(env,
                        env.optional(DynamoDbClients.ENDPOINT_VARIABLE).isPresent()))
                .httpClient(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(Duration.ofSeconds(2))
                        .maxConnections(maxConnections)
                        .tcpKeepAlive(true)
                        // A reaper thread would run while the sandbox is frozen between invocations, for nothing.
                        .useIdleConnectionReaper(false)
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(3)))
                .build();
    }

    @Override
    public Result push(String connectionId, String message) {
        if (awsFromLocal()) {
            return new Result(Outcome.FAILED, "NO_LOCAL_ENDPOINT");
        }
        try {
            client().postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(message)));
            return Result.DELIVERED;
        } catch (GoneException e) {
            return new Result(Outcome.GONE, "GoneException");
        } catch (AwsServiceException e) {
            boolean throttled = e instanceof LimitExceededException || e.statusCode() == 429
                    || e.isThrottlingException();
            String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                    ? e.awsErrorDetails().errorCode() : "HTTP_" + e.statusCode();
            return new Result(throttled ? Outcome.THROTTLED : Outcome.FAILED, code);
        } catch (SdkException e) {
            return new Result(Outcome.FAILED, e.getClass().getSimpleName());
        }
    }

    @Override
    public void disconnect(String connectionId) {
        if (awsFromLocal()) {
            return;
        }
        try {
            client().deleteConnection(r -> r.connectionId(connectionId));
        } catch (SdkException e) {
            // Gone already, or not closed now: its items are deleted, so it is pushed nothing more either way.
        }
    }
}
