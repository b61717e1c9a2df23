package dev.tradewind.shared.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ser.DefaultSerializerProvider;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.shared.json.Json;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PrimingTest {

    @Test
    void prime_aFailingStep_isRecordedAndTheOthersStillRun() {
        List<String> ran = new ArrayList<>();
        Priming priming = Priming.builder("test")
                .step("first", () -> ran.add("first"))
                .step("broken", () -> {
                    throw new IllegalStateException("boom");
                })
                .request((in, out, context) -> {
                    throw new AssertionError("never invoked: the event does not exist");
                }, "no-such-event.json")
                .step("last", () -> 204)
                .build();

        Priming.Report report = priming.prime();

        assertEquals(List.of("first"), ran);
        assertEquals(List.of("broken", "no-such-event.json"), report.failed());
        assertEquals(Priming.FAILED, report.outcome("broken"));
        assertEquals(204, report.outcome("last"));
        assertFalse(Priming.running());
    }

    @Test
    void rounds_runEveryStepThatManyTimes_eachRoundWithItsOwnStore_andReportTheLastRound() {
        AtomicInteger calls = new AtomicInteger();
        List<Map<String, Object>> stores = new ArrayList<>();
        Priming priming = Priming.builder("test").inMemoryWrites().rounds(3)
                .step("count", () -> 200 + calls.incrementAndGet())
                .step("store", () -> stores.add(Priming.inMemoryScratch().orElseThrow()))
                .step("fails in the second round", () -> {
                    if (calls.get() == 2) {
                        throw new IllegalStateException("boom");
                    }
                })
                .build();

        Priming.Report report = priming.prime();

        assertEquals(3, calls.get());
        assertEquals(203, report.outcome("count"));
        assertEquals(3, stores.size());
        assertNotSame(stores.get(0), stores.get(1));
        assertNotSame(stores.get(1), stores.get(2));
        assertEquals(List.of("fails in the second round"), report.failed());
        assertEquals(Priming.DONE, report.outcome("fails in the second round"));
        assertFalse(Priming.running());
    }

    @Test
    void standingFor_isTheIdAKeptRequestCreated_untilThenTheSampleId() {
        String created = "01JH4WBT00000000000000CAFE";
        Map<String, String> seen = new java.util.LinkedHashMap<>();
        Priming priming = Priming.builder("test").inMemoryWrites()
                .step("before", () -> seen.put("before", Priming.standingFor(Priming.USER_ID)))
                .requestKeeping((in, out, context) -> out.write(Json.writeBytes(Map.of("statusCode", 201,
                        "body", Json.write(Map.of("userId", created))))), "sign-up.json", "userId", Priming.USER_ID)
                .step("after", () -> seen.put("after", Priming.standingFor(Priming.USER_ID)))
                .build();

        Priming.Report report = priming.prime();

        assertEquals(List.of(), report.failed(), report.toString());
        assertEquals(201, report.outcome("sign-up.json"));
        assertEquals(Map.of("before", Priming.USER_ID, "after", created), seen);
        assertEquals(Priming.USER_ID, Priming.standingFor(Priming.USER_ID), "the run's ids end with it");
    }

    @Test
    void rounds_lessThanOne_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> Priming.builder("test").rounds(0));
    }

    /** Types nothing else serializes or binds: the mapper has no cached serializer for them yet. */
    record PrimedAnswer(String id, BigDecimal amount, List<String> tags) {
    }

    record PrimedBody(String name, Integer count) {
    }

    @Test
    void json_buildsTheAnswersSerializers_intoTheMappersCache() {
        int before = serializers();

        Priming.Report report = Priming.builder("test").json(List.of(PrimedAnswer.class), List.of(PrimedBody.class))
                .build().prime();

        assertEquals(Priming.DONE, report.outcome("JSON shapes"));
        assertTrue(serializers() > before, "the answer's serializer is cached");
    }

    private static int serializers() {
        return ((DefaultSerializerProvider) Json.mapper().getSerializerProvider()).cachedSerializersCount();
    }

    @Test
    void beforeCheckpoint_neverThrows_andAfterRestoreRunsEveryAction() {
        AtomicBoolean restored = new AtomicBoolean();
        Priming priming = Priming.builder("test")
                .step("broken", () -> {
                    throw new IllegalStateException("boom");
                })
                .afterRestore(() -> {
                    throw new IllegalStateException("boom");
                })
                .afterRestore(() -> restored.set(true))
                .build();

        priming.beforeCheckpoint(null);
        priming.afterRestore(null);

        assertTrue(restored.get());
    }

    @Test
    void writeGuard_refusesEveryWriteWhilePrimingRuns_beforeItIsSent() {
        // Nothing listens there: a write that were sent would fail with a connection error, not this refusal.
        DynamoDbClient dynamo = DynamoDbClients.create(new Environment(Map.of("DYNAMODB_ENDPOINT",
                "http://127.0.0.1:9", "DYNAMODB_CALL_TIMEOUT", "PT2S"), Clock.systemUTC()));
        List<Class<?>> refusals = new ArrayList<>();
        Priming priming = Priming.builder("test")
                .step("put", () -> refusals.add(assertThrows(UnavailableException.class, () -> dynamo.putItem(b -> b
                        .tableName("t").item(Map.of("pk", AttributeValue.fromS("x"))))).getClass()))
                .step("delete", () -> refusals.add(assertThrows(UnavailableException.class, () -> dynamo.deleteItem(
                        b -> b.tableName("t").key(Map.of("pk", AttributeValue.fromS("x"))))).getClass()))
                .build();

        Priming.Report report = priming.prime();

        assertEquals(List.of(), report.failed(), report.toString());
        assertEquals(2, refusals.size());
    }

    @Test
    void inMemoryWrites_answerWritesAndTheirReadsFromTheRun_sendNothing_andEndWithTheRun() {
        // Nothing listens there: any request that were sent would fail with a connection error.
        DynamoDbClient dynamo = DynamoDbClients.create(new Environment(Map.of("DYNAMODB_ENDPOINT",
                "http://127.0.0.1:9", "DYNAMODB_CALL_TIMEOUT", "PT2S"), Clock.systemUTC()));
        String partition = "USER#" + Priming.USER_ID;
        Map<String, Object> seen = new java.util.HashMap<>();
        Priming priming = Priming.builder("test").inMemoryWrites()
                .step("writes", () -> {
                    for (String sk : List.of("ORDER#2", "ORDER#1", "ORDER#3", "SESSION")) {
                        dynamo.putItem(b -> b.tableName("t").item(Map.of("pk", AttributeValue.fromS(partition),
                                "sk", AttributeValue.fromS(sk), "n", AttributeValue.fromN("1"))));
                    }
                    dynamo.transactWriteItems(b -> b.transactItems(w -> w.delete(d -> d.tableName("t").key(Map.of(
                            "pk", AttributeValue.fromS(partition), "sk", AttributeValue.fromS("ORDER#3"))))));
                })
                .step("reads", () -> {
                    seen.put("get", dynamo.getItem(b -> b.tableName("t").key(Map.of("pk",
                            AttributeValue.fromS(partition), "sk", AttributeValue.fromS("SESSION")))).item());
                    seen.put("missing", dynamo.getItem(b -> b.tableName("t").key(Map.of("pk",
                            AttributeValue.fromS(partition), "sk", AttributeValue.fromS("NONE")))).hasItem());
                    seen.put("newest first", dynamo.query(b -> b.tableName("t").scanIndexForward(false).limit(5)
                            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                            .expressionAttributeNames(Map.of("#pk", "pk", "#sk", "sk"))
                            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition),
                                    ":prefix", AttributeValue.fromS("ORDER#")))).items().stream()
                            .map(item -> item.get("sk").s()).toList());
                })
                .build();

        Priming.Report report = priming.prime();

        assertEquals(List.of(), report.failed(), report.toString());
        assertEquals(AttributeValue.fromN("1"), ((Map<?, ?>) seen.get("get")).get("n"));
        assertEquals(false, seen.get("missing"));
        assertEquals(List.of("ORDER#2", "ORDER#1"), seen.get("newest first"));
        assertTrue(Priming.inMemoryScratch().isEmpty(), "the run's store is gone with it");
        Priming.Report again = Priming.builder("test").inMemoryWrites().step("read", () -> dynamo.getItem(b -> b
                .tableName("t").key(Map.of("pk", AttributeValue.fromS(partition), "sk",
                        AttributeValue.fromS("SESSION")))).hasItem() ? 200 : 404).build().prime();
        assertEquals(404, again.outcome("read"), "a later run starts from nothing");
    }
}
