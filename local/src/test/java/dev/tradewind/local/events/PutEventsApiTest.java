package dev.tradewind.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.local.gateway.GatewayRequest;
import dev.tradewind.local.gateway.GatewayResponse;
import dev.tradewind.local.lambda.FunctionError;
import dev.tradewind.local.lambda.Invocation;
import dev.tradewind.local.template.EventBusDefinition;
import dev.tradewind.local.template.EventRuleDefinition;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PutEventsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUS = "tradewind-local-events";
    private static final Instant NOW = Instant.parse("2022-01-03T05:00:00Z");

    private final BlockingQueue<JsonNode> delivered = new LinkedBlockingQueue<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final LocalEventBridge bridge = new LocalEventBridge(List.of(new EventBusDefinition("EventBus", BUS)),
            List.of(new EventRuleDefinition("Predict", "CandlesClosed", BUS, Map.of("source",
                            List.of("tradewind.market-ingest"), "detail-type", List.of("CandlesClosed.v1")), true, 1,
                            600),
                    new EventRuleDefinition("Off", "All", BUS, Map.of("source", List.of("tradewind.market-ingest")),
                            false, 2, 600)),
            (function, payload) -> {
                if (failuresLeft.getAndDecrement() > 0) {
                    return new Invocation("r", function, null, new FunctionError("java.lang.IllegalStateException",
                            "boom"), 1, null, 512);
                }
                try {
                    delivered.add(((ObjectNode) JSON.readTree(payload)).put("_function", function));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                return new Invocation("r", function, "null".getBytes(StandardCharsets.UTF_8), null, 1, null, 512);
            }, new PrintStream(OutputStream.nullOutputStream()));
    private final PutEventsApi api = new PutEventsApi(bridge, Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        bridge.close();
    }

    private static ObjectNode entry(String source, String detailType, String detail, String bus) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("Source", source);
        entry.put("DetailType", detailType);
        entry.put("Detail", detail);
        if (bus != null) {
            entry.put("EventBusName", bus);
        }
        return entry;
    }

    private GatewayResponse put(String target, ObjectNode... entries) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("Entries");
        for (ObjectNode entry : entries) {
            list.add(entry);
        }
        return api.serve(new GatewayRequest("POST", PutEventsApi.PATH + "/", null,
                Map.of("X-Amz-Target", List.of(target), "Content-Type", List.of("application/x-amz-json-1.1")),
                body.toString().getBytes(StandardCharsets.UTF_8), "127.0.0.1", "HTTP/1.1")).orElseThrow();
    }

    private static JsonNode body(GatewayResponse response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** Waits until the bus has nothing pending (a condition, never a fixed sleep). */
    private void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (bridge.stats().path("pending").asLong() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, bridge.stats().path("pending").asLong(), "the bus went idle");
    }

    @Test
    void putEvents_validEntry_isDeliveredAsAnEventBridgeEvent() throws Exception {
        GatewayResponse response = put("AWSEvents.PutEvents",
                entry("tradewind.market-ingest", "CandlesClosed.v1", "{\"interval\":\"1h\"}", BUS));
        assertEquals(200, response.status(), response.bodyText());
        JsonNode answer = body(response);
        assertEquals(0, answer.path("FailedEntryCount").asInt());
        String id = answer.path("Entries").path(0).path("EventId").asText();
        JsonNode event = delivered.poll(30, TimeUnit.SECONDS);
        assertEquals("Predict", event.path("_function").asText(), "the disabled rule is not delivered to");
        assertEquals(id, event.path("id").asText());
        assertEquals("0", event.path("version").asText());
        assertEquals("CandlesClosed.v1", event.path("detail-type").asText());
        assertEquals("tradewind.market-ingest", event.path("source").asText());
        assertEquals("123456789012", event.path("account").asText());
        assertEquals("us-east-1", event.path("region").asText());
        assertEquals("2022-01-03T05:00:00Z", event.path("time").asText(), "no Time: the runtime's clock");
        assertEquals("1h", event.path("detail").path("interval").asText(), "detail is the object, not a string");
        assertTrue(event.path("resources").isArray());
        awaitIdle();
        assertEquals(1, bridge.stats().path("rules").path("PredictCandlesClosed").path("delivered").asInt());
        assertTrue(delivered.isEmpty());
    }

    @Test
    void putEvents_entryTimeAndBusArn_areUsed() throws Exception {
        ObjectNode entry = entry("tradewind.market-ingest", "CandlesClosed.v1", "{}",
                "arn:aws:events:us-east-1:123456789012:event-bus/" + BUS);
        entry.put("Time", 1641186000.5);
        assertEquals(0, body(put("AWSEvents.PutEvents", entry)).path("FailedEntryCount").asInt());
        assertEquals("2022-01-03T05:00:00Z", delivered.poll(30, TimeUnit.SECONDS).path("time").asText());
    }

    @Test
    void putEvents_badEntries_failAloneWithTheirErrorCodes() throws Exception {
        JsonNode answer = body(put("AWSEvents.PutEvents",
                entry(null, "CandlesClosed.v1", "{}", BUS),
                entry("tradewind.market-ingest", "CandlesClosed.v1", "[1]", BUS),
                entry("tradewind.market-ingest", "CandlesClosed.v1", "{not json", BUS),
                entry("tradewind.market-ingest", "CandlesClosed.v1", "{}", "nope"),
                entry("tradewind.other", "Other.v1", "{}", null)));
        assertEquals(4, answer.path("FailedEntryCount").asInt());
        JsonNode results = answer.path("Entries");
        assertEquals("InvalidArgument", results.path(0).path("ErrorCode").asText());
        assertEquals("Parameter Source is not valid. Reason: Source is a required argument.",
                results.path(0).path("ErrorMessage").asText());
        assertEquals("MalformedDetail", results.path(1).path("ErrorCode").asText());
        assertEquals("MalformedDetail", results.path(2).path("ErrorCode").asText());
        assertEquals("InvalidArgument", results.path(3).path("ErrorCode").asText());
        assertEquals("Event bus nope does not exist.", results.path(3).path("ErrorMessage").asText());
        assertFalse(results.path(4).path("EventId").asText().isEmpty(), "no bus name is the default bus");
        awaitIdle();
        assertEquals(1, bridge.stats().path("unmatched").asInt());
        assertTrue(delivered.isEmpty());
    }

    @Test
    void putEvents_overTenEntriesOrTheSizeLimit_failsTheWholeCall() throws Exception {
        ObjectNode[] eleven = new ObjectNode[11];
        java.util.Arrays.fill(eleven, entry("tradewind.market-ingest", "CandlesClosed.v1", "{}", BUS));
        GatewayResponse tooMany = put("AWSEvents.PutEvents", eleven);
        assertEquals(400, tooMany.status());
        assertEquals("ValidationException", body(tooMany).path("__type").asText());
        String large = "{\"x\":\"" + "a".repeat(200 * 1024) + "\"}";
        GatewayResponse tooLarge = put("AWSEvents.PutEvents", entry("s", "t", large, BUS), entry("s", "t", large, BUS));
        assertEquals(400, tooLarge.status());
        assertEquals("Total size of the entries in the request is over the limit.", body(tooLarge).path("message")
                .asText());
        assertEquals(0, bridge.stats().path("published").asInt());
    }

    @Test
    void putEvents_otherOperationsAndPaths_areNotServed() throws Exception {
        GatewayResponse other = put("AWSEvents.PutRule", entry("s", "t", "{}", BUS));
        assertEquals(400, other.status());
        assertEquals("UnknownOperationException", body(other).path("__type").asText());
        assertTrue(api.serve(new GatewayRequest("POST", "/v1/orders", null, Map.of(), new byte[0], "127.0.0.1",
                "HTTP/1.1")).isEmpty());
    }

    @Test
    void putEvents_fromAWebPageOrAnotherMachine_isRefusedAndPublishesNothing() throws Exception {
        String body = "{\"Entries\":[" + entry("tradewind.market-ingest", "CandlesClosed.v1", "{}", BUS) + "]}";
        List<Map<String, List<String>>> webPages = List.of(
                Map.of("Host", List.of("rebound.evil.example:3000"), "X-Amz-Target", List.of("AWSEvents.PutEvents")),
                Map.of("Origin", List.of("http://evil.example"), "X-Amz-Target", List.of("AWSEvents.PutEvents"),
                        "Content-Type", List.of("text/plain")));
        for (Map<String, List<String>> headers : webPages) {
            GatewayResponse response = api.serve(new GatewayRequest("POST", PutEventsApi.PATH, null, headers,
                    body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", "HTTP/1.1")).orElseThrow();
            assertEquals(403, response.status(), headers.toString());
            assertEquals("AccessDeniedException", body(response).path("__type").asText());
        }
        assertEquals(403, api.serve(new GatewayRequest("POST", PutEventsApi.PATH, null,
                Map.of("X-Amz-Target", List.of("AWSEvents.PutEvents")), body.getBytes(StandardCharsets.UTF_8),
                "192.168.1.20", "HTTP/1.1")).orElseThrow().status());
        assertEquals(0, bridge.stats().path("published").asInt());
    }

    @Test
    void failedDelivery_isRetriedAsTheRetryPolicySays_thenCountedFailed() throws Exception {
        failuresLeft.set(1);
        put("AWSEvents.PutEvents", entry("tradewind.market-ingest", "CandlesClosed.v1", "{}", BUS));
        assertEquals("Predict", delivered.poll(30, TimeUnit.SECONDS).path("_function").asText(),
                "delivered on its retry");
        awaitIdle();
        JsonNode rule = bridge.stats().path("rules").path("PredictCandlesClosed");
        assertEquals(1, rule.path("retries").asInt());
        assertEquals(1, rule.path("delivered").asInt());

        failuresLeft.set(2); // MaximumRetryAttempts 1: two attempts in all
        put("AWSEvents.PutEvents", entry("tradewind.market-ingest", "CandlesClosed.v1", "{}", BUS));
        awaitIdle();
        rule = bridge.stats().path("rules").path("PredictCandlesClosed");
        assertEquals(1, rule.path("failed").asInt());
        assertEquals(2, rule.path("retries").asInt());
        assertTrue(delivered.isEmpty());
    }
}
