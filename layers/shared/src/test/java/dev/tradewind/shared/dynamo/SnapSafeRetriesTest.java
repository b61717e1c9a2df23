package dev.tradewind.shared.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tradewind.shared.config.Environment;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

class SnapSafeRetriesTest {

    private final AtomicInteger requests = new AtomicInteger();
    private volatile String errorType;
    private volatile int status;
    private HttpServer dynamo;

    @BeforeEach
    void startRefusingDynamoDb() throws Exception {
        dynamo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        dynamo.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            String body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + errorType + "\",\"message\":\"refused\"}";
            byte[] error = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(status, error.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(error);
            }
        });
        dynamo.start();
    }

    @AfterEach
    void stop() {
        dynamo.stop(0);
    }

    @Test
    void exponential_firstAttemptWaitsNothing_laterOnesUpToTheDoubledCeilingExcluded() {
        BackoffStrategy backoff = SnapSafeRetries.exponential(Duration.ofMillis(4), Duration.ofMillis(12));
        assertEquals(Duration.ZERO, backoff.computeDelay(1));
        // Ceilings 4, 8, then the cap of 12 ms: every whole millisecond below each occurs, none at or above it.
        for (int attempt = 2; attempt <= 5; attempt++) {
            long ceiling = Math.min(4L << (attempt - 2), 12);
            boolean[] seen = new boolean[(int) ceiling];
            for (int i = 0; i < 2_000; i++) {
                long delay = backoff.computeDelay(attempt).toMillis();
                assertTrue(delay >= 0 && delay < ceiling, "attempt " + attempt + " waited " + delay + " ms");
                seen[(int) delay] = true;
            }
            for (int millis = 0; millis < ceiling; millis++) {
                assertTrue(seen[millis], "attempt " + attempt + " never waited " + millis + " ms");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> backoff.computeDelay(0));
    }

    @Test
    void dynamoDbClient_serverError_triesThreeTimes() {
        assertEquals(3, attemptsOfOneGetItem("InternalServerError", 500));
    }

    @Test
    void dynamoDbClient_throttled_triesThreeTimes() {
        assertEquals(3, attemptsOfOneGetItem("ProvisionedThroughputExceededException", 400));
    }

    @Test
    void dynamoDbClient_conditionFailed_triesOnce() {
        assertEquals(1, attemptsOfOneGetItem("ConditionalCheckFailedException", 400));
    }

    private int attemptsOfOneGetItem(String type, int httpStatus) {
        errorType = type;
        status = httpStatus;
        Environment env = new Environment(Map.of(DynamoDbClients.ENDPOINT_VARIABLE,
                "http://127.0.0.1:" + dynamo.getAddress().getPort(), "DYNAMODB_CALL_TIMEOUT", "PT60S"),
                Clock.systemUTC());
        try (DynamoDbClient client = DynamoDbClients.create(env)) {
            DynamoDbException refused = assertThrows(DynamoDbException.class, () -> client.getItem(r -> r
                    .tableName("Table").key(Map.of("pk", AttributeValue.fromS("key")))));
            assertEquals(type, refused.awsErrorDetails().errorCode());
        }
        return requests.get();
    }
}
