package dev.tradewind.shared.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.metrics.Counters;
import dev.tradewind.shared.metrics.EmfCounters;
import dev.tradewind.testing.StandardOutput;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

class EventBridgePublisherTest {

    private static final String BUS = "tradewind-events";

    /** An EventBridge client that records each call and answers what {@code answer} says. */
    static final class FakeEventBridge implements EventBridgeClient {
        final List<PutEventsRequest> calls = new CopyOnWriteArrayList<>();
        private final Function<PutEventsRequest, PutEventsResponse> answer;

        FakeEventBridge(Function<PutEventsRequest, PutEventsResponse> answer) {
            this.answer = answer;
        }

        static FakeEventBridge accepting() {
            return new FakeEventBridge(request -> accepted(request.entries().size()));
        }

        @Override
        public PutEventsResponse putEvents(PutEventsRequest request) {
            calls.add(request);
            return answer.apply(request);
        }

        @Override
        public String serviceName() {
            return "events";
        }

        @Override
        public void close() {
        }

        List<String> detailTypes(int call) {
            return calls.get(call).entries().stream().map(PutEventsRequestEntry::detailType).toList();
        }
    }

    static final class RecordingCounters implements Counters {
        final List<String> counted = new ArrayList<>();

        @Override
        public void increment(String metric) {
            counted.add(metric);
        }

        @Override
        public void increment(String metric, String dimension, String value) {
            counted.add(metric + " " + dimension + "=" + value);
        }
    }

    private final RecordingCounters counters = new RecordingCounters();
    private final List<Integer> backoffs = new ArrayList<>();

    private EventBridgePublisher publisher(EventBridgeClient client) {
        return new EventBridgePublisher(BUS, () -> client, counters, backoffs::add);
    }

    static PutEventsResponse accepted(int entries) {
        return PutEventsResponse.builder().failedEntryCount(0).entries(IntStream.range(0, entries)
                .mapToObj(i -> PutEventsResultEntry.builder().eventId("id-" + i).build()).toList()).build();
    }

    static DomainEvent event(String type, int number) {
        return new DomainEvent("tradewind.test", type, Map.of("number", number));
    }

    static DomainEvent sized(String type, int detailBytes) {
        // {"text":"..."}: 11 bytes around the text.
        return new DomainEvent("tradewind.test", type, Map.of("text", "x".repeat(detailBytes - 11)));
    }

    @Test
    void publish_twentyFiveEvents_goInCallsOfAtMostTenEntries_inOrder() {
        FakeEventBridge client = FakeEventBridge.accepting();
        List<DomainEvent> events = IntStream.range(0, 25).mapToObj(i -> event("Numbered.v1", i)).toList();

        publisher(client).publish(events);

        assertEquals(List.of(10, 10, 5), client.calls.stream().map(c -> c.entries().size()).toList());
        List<String> details = client.calls.stream().flatMap(c -> c.entries().stream())
                .map(PutEventsRequestEntry::detail).toList();
        assertEquals(events.stream().map(e -> Json.write(e.detail())).toList(), details);
        PutEventsRequestEntry first = client.calls.getFirst().entries().getFirst();
        assertEquals(BUS, first.eventBusName());
        assertEquals("tradewind.test", first.source());
        assertEquals("Numbered.v1", first.detailType());
        assertEquals("{\"number\":0}", first.detail());
        assertEquals(List.of(), counters.counted);
    }

    @Test
    void publish_entriesAddingUpToMoreThan256KB_areSplitSoThatNoCallExceedsIt() {
        FakeEventBridge client = FakeEventBridge.accepting();
        // Each entry: 14 bytes of source, 7 of detail-type, 100,000 of detail.
        List<DomainEvent> events = IntStream.range(0, 5).mapToObj(i -> sized("Big.v1x", 100_000)).toList();

        publisher(client).publish(events);

        assertEquals(List.of(2, 2, 1), client.calls.stream().map(c -> c.entries().size()).toList());
        for (PutEventsRequest call : client.calls) {
            int bytes = call.entries().stream().mapToInt(EventBridgePublisherTest::size).sum();
            assertTrue(bytes <= EventBridgePublisher.MAX_BYTES, bytes + " bytes in one call");
        }
    }

    @Test
    void publish_anEntryOfExactly256KB_isSent_andOneByteMoreIsNeverSentButCounted() {
        FakeEventBridge client = FakeEventBridge.accepting();
        int envelope = "tradewind.test".length() + "Huge.v1".length();
        DomainEvent fits = sized("Huge.v1", EventBridgePublisher.MAX_BYTES - envelope);
        DomainEvent tooLarge = sized("Huge.v1", EventBridgePublisher.MAX_BYTES - envelope + 1);

        publisher(client).publish(List.of(tooLarge, event("Small.v1", 1), fits));

        assertEquals(2, client.calls.size(), "the small event and the one that fits, in calls of their own");
        assertEquals(List.of("Small.v1"), client.detailTypes(0));
        assertEquals(EventBridgePublisher.MAX_BYTES, size(client.calls.get(1).entries().getFirst()));
        assertEquals(List.of("EventsNotPublished DetailType=Huge.v1"), counters.counted);
    }

    @Test
    void publish_entriesTheResponseReportsFailed_areSentAgainAlone_untilAccepted() {
        List<List<String>> sent = new ArrayList<>();
        FakeEventBridge client = new FakeEventBridge(request -> {
            sent.add(request.entries().stream().map(PutEventsRequestEntry::detail).toList());
            if (sent.size() > 1) {
                return accepted(request.entries().size());
            }
            return PutEventsResponse.builder().failedEntryCount(2).entries(
                    PutEventsResultEntry.builder().eventId("a").build(),
                    PutEventsResultEntry.builder().errorCode("ThrottlingException").errorMessage("slow down").build(),
                    PutEventsResultEntry.builder().eventId("c").build(),
                    PutEventsResultEntry.builder().errorCode("InternalFailure").build()).build();
        });

        publisher(client).publish(IntStream.range(0, 4).mapToObj(i -> event("Numbered.v1", i)).toList());

        assertEquals(List.of("{\"number\":1}", "{\"number\":3}"), sent.get(1));
        assertEquals(2, sent.size());
        assertEquals(List.of(2), backoffs);
        assertEquals(List.of(), counters.counted);
    }

    @Test
    void publish_failingEveryAttempt_stopsAfterThreeAttempts_andCountsEachEvent_withoutThrowing() {
        FakeEventBridge client = new FakeEventBridge(request -> {
            throw SdkClientException.create("Unable to execute HTTP request: connection refused");
        });

        publisher(client).publish(List.of(event("OrderFilled.v1", 1), event("OrderEnded.v1", 2)));

        assertEquals(3, client.calls.size());
        assertEquals(List.of(2, 3), backoffs);
        assertEquals(List.of("EventsNotPublished DetailType=OrderFilled.v1",
                "EventsNotPublished DetailType=OrderEnded.v1"), counters.counted);
    }

    @Test
    void publish_entriesStillFailingAfterThreeAttempts_areCounted_andOnlyThose() {
        FakeEventBridge client = new FakeEventBridge(request -> PutEventsResponse.builder()
                .failedEntryCount(1).entries(request.entries().stream().map(entry -> entry.detail().contains("1")
                        ? PutEventsResultEntry.builder().errorCode("InternalFailure").build()
                        : PutEventsResultEntry.builder().eventId("ok").build()).toList()).build());

        publisher(client).publish(List.of(event("A.v1", 0), event("B.v1", 1)));

        assertEquals(List.of(List.of("A.v1", "B.v1"), List.of("B.v1"), List.of("B.v1")),
                IntStream.range(0, client.calls.size()).mapToObj(client::detailTypes).toList());
        assertEquals(List.of("EventsNotPublished DetailType=B.v1"), counters.counted);
    }

    @Test
    void publish_aClientThatCannotBeBuilt_neverThrows_andCountsTheEvents() {
        EventBridgePublisher publisher = new EventBridgePublisher(BUS, () -> {
            throw new IllegalArgumentException("bad endpoint");
        }, counters, backoffs::add);

        publisher.publish(List.of(event("A.v1", 0)));

        assertEquals(List.of("EventsNotPublished DetailType=A.v1"), counters.counted);
    }

    @Test
    void publish_whileSnapStartPrimingRuns_sendsNothing() {
        FakeEventBridge client = FakeEventBridge.accepting();
        EventBridgePublisher publisher = publisher(client);

        Priming.Report report = Priming.builder("test").step("publish", () -> publisher.publish(List.of(
                event("A.v1", 0)))).build().prime();

        assertEquals(List.of(), report.failed());
        assertEquals(List.of(), client.calls);
        assertEquals(List.of(), counters.counted);
        publisher.publish(List.of(event("A.v1", 0)));
        assertEquals(1, client.calls.size(), "published again once priming is over");
    }

    @Test
    void notPublished_isAnEmfCountByDetailType_andTheLogHoldsNoDetail() throws Exception {
        FakeEventBridge client = new FakeEventBridge(request -> {
            throw SdkClientException.create("connection refused");
        });
        EventBridgePublisher publisher = new EventBridgePublisher(BUS, () -> client,
                new EmfCounters("TradewindTest", "trading-session"), attempt -> {
                });

        String output = StandardOutput.capture(() -> publisher.publish(List.of(new DomainEvent(
                "tradewind.trading-session", "OrderFilled.v1", Map.of("userId", "U1", "note", "private words")))));

        assertFalse(output.contains("private words"), output);
        JsonNode metric = output.lines().filter(line -> line.contains("\"EventsNotPublished\""))
                .map(EventBridgePublisherTest::json).findFirst().orElseThrow(() -> new AssertionError(output));
        assertEquals(1, metric.get("EventsNotPublished").asInt());
        assertEquals("OrderFilled.v1", metric.get("DetailType").asText());
        assertEquals("[[\"Service\",\"DetailType\"]]", metric.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
        assertTrue(output.contains("Event not published"), output);
    }

    @Test
    void create_withoutABus_publishesNothing() {
        Environment env = new Environment(Map.of(), Clock.systemUTC());
        assertSame(EventPublisher.none(), EventBridgePublisher.create(env, Optional.empty(), counters));
    }

    @Test
    void create_withLocalDynamoDbButNoEventsEndpoint_neverReachesRealEventBridge() {
        Environment env = new Environment(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000"), Clock.systemUTC());
        assertSame(EventPublisher.none(), EventBridgePublisher.create(env, Optional.of(BUS), counters));
    }

    @Test
    void create_withEventsEndpoint_sendsPutEventsToItsPath() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> targets = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            targets.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        try {
            Environment env = new Environment(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000",
                    EventBridgePublisher.ENDPOINT_VARIABLE, "http://127.0.0.1:" + server.getAddress().getPort()
                            + "/_aws/events"),
                    Clock.systemUTC());
            EventPublisher publisher = EventBridgePublisher.create(env, Optional.of(BUS), counters);
            assertInstanceOf(EventBridgePublisher.class, publisher);

            publisher.publish(List.of(event("A.v1", 7)));

            // The SDK appends the operation's path, "/", to the endpoint's (the local runtime accepts both).
            assertEquals(List.of("POST /_aws/events/ AWSEvents.PutEvents"), targets);
            JsonNode entry = json(bodies.getFirst()).at("/Entries/0");
            assertEquals(BUS, entry.get("EventBusName").asText());
            assertEquals("tradewind.test", entry.get("Source").asText());
            assertEquals("A.v1", entry.get("DetailType").asText());
            assertEquals("{\"number\":7}", entry.get("Detail").asText());
            assertEquals(List.of(), counters.counted);
        } finally {
            server.stop(0);
        }
    }

    private static int size(PutEventsRequestEntry entry) {
        return entry.source().getBytes(StandardCharsets.UTF_8).length
                + entry.detailType().getBytes(StandardCharsets.UTF_8).length
                + entry.detail().getBytes(StandardCharsets.UTF_8).length;
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
