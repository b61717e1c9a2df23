package dev.tradewind.shared.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.testing.DynamoFaults;
import dev.tradewind.testing.LocalDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The fault injector on a real client over DynamoDB Local: the SDK retries what it injects as it retries the real
 * failures, a fault before sending writes nothing, one after sending loses the answer to a write that happened, and
 * {@link DynamoFailures} tells a transient failure (503) from a business outcome or a bug.
 */
class DynamoFaultsIT {

    @RegisterExtension
    final DynamoFaults faults = new DynamoFaults();

    private DynamoDbClient client;
    private String table;

    @BeforeEach
    void setUp() {
        Environment env = new Environment(LocalDynamoDb.environment("TradingSessionFunction"), Clock.systemUTC());
        table = env.require("BEHAVIOR_TABLE");
        client = DynamoDbClients.create(env, List.of(faults));
    }

    @Test
    void throttledOnEveryAttempt_sdkRetriesThenGivesUp_writesNothing_andIsUnavailable() {
        faults.on("PutItem").provisionedThroughputExceeded();
        String pk = UUID.randomUUID().toString();

        var e = assertThrows(ProvisionedThroughputExceededException.class, () -> put(pk));

        assertTrue(faults.attempts("PutItem") > 1, "the SDK retried: " + faults.attempts("PutItem"));
        assertEquals(faults.attempts("PutItem"), faults.injected("PutItem"));
        assertFalse(stored(pk));
        UnavailableException unavailable = DynamoFailures.unavailable(e).orElseThrow();
        assertEquals("TEMPORARILY_UNAVAILABLE", unavailable.code());
        assertEquals(Duration.ofSeconds(1), unavailable.retryAfter().orElseThrow());
    }

    @Test
    void throttlingExceptionOnce_sdkRetrySucceeds() {
        faults.on("PutItem").throttling().times(1);
        String pk = UUID.randomUUID().toString();

        put(pk);

        assertEquals(1, faults.injected());
        assertEquals(2, faults.attempts("PutItem"));
        assertTrue(stored(pk));
    }

    @Test
    void timeoutAfterSend_writeHappened_butTheClientSeesATimeout() {
        faults.on("PutItem").afterSend().attemptTimeout();
        String pk = UUID.randomUUID().toString();

        var e = assertThrows(SdkException.class, () -> put(pk));

        assertTrue(e instanceof ApiCallAttemptTimeoutException, e.toString());
        assertTrue(stored(pk), "DynamoDB applied it; only the answer was lost");
        assertTrue(DynamoFailures.unavailable(e).isPresent());
    }

    @Test
    void nth_failsOnlyThatAttempt() {
        faults.on("PutItem").nth(2).internalServerError();
        put(UUID.randomUUID().toString());
        put(UUID.randomUUID().toString());
        assertEquals(1, faults.injected());
        assertEquals(3, faults.attempts("PutItem"), "the second put was retried once");
    }

    @Test
    void transactionCancelled_forCapacityOrConflict_isTransient_forAFailedCondition_isNot() {
        for (String reason : List.of("ThrottlingError", "TransactionConflict", "ConditionalCheckFailed")) {
            faults.clearRules();
            faults.on("TransactWriteItems").transactionCanceled(reason);
            String pk = UUID.randomUUID().toString();
            var e = assertThrows(TransactionCanceledException.class, () -> client.transactWriteItems(r -> r
                    .transactItems(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item(pk))
                            .build()).build())));
            assertEquals(reason, e.cancellationReasons().getFirst().code());
            assertEquals(!reason.equals("ConditionalCheckFailed"), DynamoFailures.unavailable(e).isPresent(), reason);
            assertFalse(stored(pk));
        }
        assertEquals(3, faults.attempts("TransactWriteItems"), "the SDK does not retry a cancelled transaction");
    }

    @Test
    void validationError_isABug_notUnavailable() {
        var e = DynamoDbException.builder().statusCode(400).message("bad").awsErrorDetails(
                software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder().errorCode("ValidationException")
                        .build()).build();
        assertTrue(DynamoFailures.unavailable(e).isEmpty());
        assertTrue(DynamoFailures.unavailable(new IllegalStateException("wrapped", e)).isEmpty());
        assertTrue(DynamoFailures.unavailable(new IllegalStateException("no SDK at all")).isEmpty());
    }

    private void put(String pk) {
        client.putItem(r -> r.tableName(table).item(item(pk)));
    }

    private Map<String, AttributeValue> item(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("FAULTS"));
    }

    private boolean stored(String pk) {
        return LocalDynamoDb.client().getItem(r -> r.tableName(table).consistentRead(true)
                .key(item(pk))).hasItem();
    }
}
