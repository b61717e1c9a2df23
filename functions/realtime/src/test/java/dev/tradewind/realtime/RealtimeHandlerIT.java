package dev.tradewind.realtime;

import static dev.tradewind.realtime.RealtimeFixture.ALICE;
import static dev.tradewind.realtime.RealtimeFixture.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The WebSocket routes against DynamoDB Local, from the sample events of events/realtime. */
class RealtimeHandlerIT {

    private static final String CONNECTION = "Kq3xOdbJIAMCJ5Q=";
    private static final long EXPIRES_AT = RealtimeFixture.NOW.plusSeconds(2 * 3600 + 5 * 60).getEpochSecond();

    private RealtimeFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RealtimeFixture();
    }

    private static List<String> channels(HttpResult result) {
        return StreamSupport.stream(result.body().get("channels").spliterator(), false).map(JsonNode::asText).toList();
    }

    private static void assertError(HttpResult result, int status, String code, String requestId) {
        assertEquals(status, result.status(), result.toString());
        assertEquals("error", result.body().get("type").asText(), result.toString());
        assertEquals(code, result.errorCode(), result.toString());
        assertEquals(requestId, result.body().get("error").get("requestId").asText());
        assertTrue(result.body().get("error").get("message").isTextual());
    }

    private Map<String, Map<String, AttributeValue>> connected(String connectionId, String userId) {
        assertEquals(200, fixture.connect(connectionId, userId).status());
        return fixture.partition(connectionId);
    }

    @Test
    void sampleConnect_storesTheConnectionAsTheAuthorizersUser_expiringAfterTheConnectionLimit() {
        HttpResult result = fixture.invoke(RealtimeFixture.event("connect.json", CONNECTION));

        assertEquals(200, result.status(), result.toString());
        assertNull(result.body(), "nothing goes back on $connect");
        Map<String, AttributeValue> item = fixture.partition(CONNECTION).get("CONN");
        assertEquals(ALICE, item.get("userId").s());
        assertEquals(RealtimeFixture.NOW.toString(), item.get("connectedAt").s());
        assertEquals(Long.toString(EXPIRES_AT), item.get("expiresAt").n());
        assertEquals("0", item.get("subscriptions").n());
        assertEquals(1, fixture.items().size());
    }

    @Test
    void sampleConnect_storesTheAuthorizersSessionOnTheConnection() {
        fixture.invoke(RealtimeFixture.event("connect.json", CONNECTION));

        assertEquals(RealtimeFixture.SESSION, fixture.partition(CONNECTION).get("CONN").get("sessionId").s());
    }

    @Test
    void connect_withoutTheAuthorizersUser_answers401_andStoresNothing() {
        HttpResult result = fixture.connect(CONNECTION, null);

        assertError(result, 401, "UNAUTHORIZED", "Kq3xOgqCIAMEb9w=");
        assertEquals(List.of(), fixture.items());
    }

    @Test
    void connect_pastTheUsersConnectionCap_answers429_whileAnotherUserStillConnects() {
        for (int i = 0; i < 10; i++) {
            connected("alice-" + i, ALICE);
        }
        var before = LocalDynamoDb.contents();

        HttpResult refused = fixture.connect("alice-10", ALICE);

        assertError(refused, 429, "TOO_MANY_CONNECTIONS", "Kq3xOgqCIAMEb9w=");
        assertEquals(before, LocalDynamoDb.contents());
        assertEquals(200, fixture.connect("bob-0", BOB).status(), "the cap is per user");
        assertEquals(200, fixture.disconnect("alice-0").status());
        assertEquals(200, fixture.connect("alice-10", ALICE).status(), "a closed connection frees its place");
        assertError(fixture.connect("alice-11", ALICE), 429, "TOO_MANY_CONNECTIONS", "Kq3xOgqCIAMEb9w=");
    }

    @Test
    void connect_theUsersExpiredConnections_doNotCountTowardsTheCap() {
        for (int i = 0; i < 10; i++) {
            connected("stale-" + i, ALICE);
        }
        // Past every item's expiresAt, before TTL has deleted any of them.
        fixture.clock.advance(Duration.ofHours(2).plusMinutes(5).plusSeconds(1));
        connected("fresh-0", ALICE);
        fixture.clock.advance(Duration.ofMinutes(1));

        for (int i = 1; i < 10; i++) {
            assertEquals(200, fixture.connect("fresh-" + i, ALICE).status(), "fresh-" + i);
        }
        assertEquals(20, fixture.items().size());
        assertError(fixture.connect("fresh-10", ALICE), 429, "TOO_MANY_CONNECTIONS", "Kq3xOgqCIAMEb9w=");
    }

    @Test
    void connect_pastTheCap_isRefused_whileTheReplayedMarketClockRunsHoursAhead() {
        for (int i = 0; i < 10; i++) {
            connected("alice-" + i, ALICE);
        }
        // The local runtime replays an hour of market time every five seconds; the connections are still open.
        fixture.marketClock.advance(Duration.ofHours(3));

        assertError(fixture.connect("alice-10", ALICE), 429, "TOO_MANY_CONNECTIONS", "Kq3xOgqCIAMEb9w=");
    }

    @Test
    void sampleSubscribe_storesEachChannelWithItsIndexKey_andTheConnectionsExpiry() {
        connected(CONNECTION, ALICE);

        HttpResult result = fixture.invoke(RealtimeFixture.event("subscribe.json", CONNECTION));

        assertEquals(200, result.status(), result.toString());
        assertEquals("subscribed", result.body().get("type").asText());
        assertEquals(List.of("candles:BTCUSDT:1h", "forecast:BTCUSDT:1h", "signals:crypto", "me"), channels(result));
        Map<String, Map<String, AttributeValue>> partition = fixture.partition(CONNECTION);
        assertEquals(List.of("CONN", "SUB#candles:BTCUSDT:1h", "SUB#forecast:BTCUSDT:1h", "SUB#me",
                "SUB#signals:crypto"), List.copyOf(partition.keySet()));
        assertEquals("candles:BTCUSDT:1h", partition.get("SUB#candles:BTCUSDT:1h").get("channel").s());
        assertEquals("signals:crypto", partition.get("SUB#signals:crypto").get("channel").s());
        assertEquals("me#" + ALICE, partition.get("SUB#me").get("channel").s(), "bound to the connection's user");
        partition.values().forEach(item -> assertEquals(Long.toString(EXPIRES_AT), item.get("expiresAt").n()));
        assertEquals("4", partition.get("CONN").get("subscriptions").n());
    }

    @Test
    void subscribe_again_isNoChange_andCountsEachChannelOnce() {
        connected(CONNECTION, ALICE);
        fixture.subscribe(CONNECTION, "me", "signals:stock");

        HttpResult result = fixture.subscribe(CONNECTION, "signals:stock", "me", "candles:AAPL:1d", "me");

        assertEquals(List.of("signals:stock", "me", "candles:AAPL:1d"), channels(result));
        assertEquals("3", fixture.partition(CONNECTION).get("CONN").get("subscriptions").n());
        assertEquals(4, fixture.partition(CONNECTION).size());
    }

    @Test
    void subscribe_aMalformedChannel_isRefusedByPosition_andChangesNothing() {
        connected(CONNECTION, ALICE);
        fixture.subscribe(CONNECTION, "me");
        var before = LocalDynamoDb.contents();

        HttpResult result = fixture.subscribe(CONNECTION, "candles:ETHUSDT:1h", "candles:ETHUSDT:5m",
                "trades:ETHUSDT", "signals:crypto");

        assertError(result, 400, "VALIDATION_FAILED", "Kq3xRGV5IAMFvKg=");
        JsonNode details = result.body().get("error").get("details");
        assertEquals(2, details.size());
        assertEquals("channels[1]", details.get(0).get("field").asText());
        assertEquals("channels[2]", details.get(1).get("field").asText());
        assertEquals(before, LocalDynamoDb.contents());
    }

    @Test
    void subscribe_anUnknownSymbol_answersNotFound_andChangesNothing() {
        connected(CONNECTION, ALICE);
        var before = LocalDynamoDb.contents();

        HttpResult result = fixture.subscribe(CONNECTION, "candles:BTCUSDT:1h", "forecast:NOPEUSDT:1h",
                "candles:NOPEUSDT:1h", "candles:ZZZ:1d");

        assertError(result, 404, "NOT_FOUND", "Kq3xRGV5IAMFvKg=");
        assertEquals("No instrument with symbol NOPEUSDT, ZZZ", result.body().get("error").get("message").asText());
        assertEquals(before, LocalDynamoDb.contents());
    }

    @Test
    void subscribe_anIntervalTheCatalogDoesNotKeep_answersUnsupportedInterval() {
        connected(CONNECTION, ALICE);
        var before = LocalDynamoDb.contents();

        HttpResult result = fixture.subscribe(CONNECTION, "me", "forecast:AAPL:1h");

        assertError(result, 400, "UNSUPPORTED_INTERVAL", "Kq3xRGV5IAMFvKg=");
        assertTrue(result.body().get("error").get("message").asText().startsWith("AAPL has 1d forecasts only"));
        assertEquals(before, LocalDynamoDb.contents());
    }

    @Test
    void subscribe_pastTheLimit_isRefusedNamingIt_andChangesNothing() {
        connected(CONNECTION, ALICE);
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            channels.add("candles:" + RealtimeFixture.extraSymbol(i) + ":1h");
            channels.add("forecast:" + RealtimeFixture.extraSymbol(i) + ":1h");
        }
        assertEquals(200, fixture.subscribe(CONNECTION, channels.toArray(String[]::new)).status());
        var before = LocalDynamoDb.contents();

        // 48 held; "me" and signals:crypto would make 50, but candles:BTCUSDT:1h is the 51st.
        HttpResult result = fixture.subscribe(CONNECTION, "me", "signals:crypto", "candles:BTCUSDT:1h",
                channels.getFirst());

        assertError(result, 422, "TOO_MANY_SUBSCRIPTIONS", "Kq3xRGV5IAMFvKg=");
        assertEquals("A connection holds at most 50 subscriptions: this one has 48, and 3 of these channels are new",
                result.body().get("error").get("message").asText());
        assertEquals(before, LocalDynamoDb.contents());
        assertEquals(200, fixture.subscribe(CONNECTION, "me", "signals:crypto").status(), "up to the limit");
        assertEquals("50", fixture.partition(CONNECTION).get("CONN").get("subscriptions").n());
    }

    @Test
    void subscribe_concurrentMessages_neverPassTheLimit() throws Exception {
        connected(CONNECTION, ALICE);
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            first.add("candles:" + RealtimeFixture.extraSymbol(i) + ":1h");
            first.add("forecast:" + RealtimeFixture.extraSymbol(i) + ":1h");
            second.add("candles:" + RealtimeFixture.extraSymbol(i + 15) + ":1h");
            second.add("forecast:" + RealtimeFixture.extraSymbol(i + 15) + ":1h");
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResult>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (List<String> channels : List.of(first, second)) {
                results.add(threads.submit(() -> {
                    start.await();
                    return fixture.subscribe(CONNECTION, channels.toArray(String[]::new));
                }));
            }
            start.countDown();
        }

        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResult> result : results) {
            statuses.add(result.get().status());
        }
        assertEquals(List.of(200, 422), statuses.stream().sorted().toList(), "one of 30 + 30 fits in 50");
        Map<String, Map<String, AttributeValue>> partition = fixture.partition(CONNECTION);
        assertEquals(31, partition.size());
        assertEquals("30", partition.get("CONN").get("subscriptions").n());
    }

    @Test
    void subscribe_aBodyThatIsNotTheMessage_isRefused_andChangesNothing() {
        connected(CONNECTION, ALICE);
        var before = LocalDynamoDb.contents();
        String[][] cases = {
            {"{\"action\":\"subscribe\",\"channels\":[\"me\"],\"user\":\"" + BOB + "\"}", "VALIDATION_FAILED"},
            {"{\"action\":\"subscribe\",\"channels\":\"me\"}", "VALIDATION_FAILED"},
            {"{\"action\":\"subscribe\",\"channels\":[7]}", "VALIDATION_FAILED"},
            {"{\"action\":\"subscribe\"}", "VALIDATION_FAILED"},
            {"{\"action\":\"subscribe\",\"channels\":[]}", "VALIDATION_FAILED"},
            {"{\"action\":\"subscribe\",\"channels\":[\"me\"]", "MALFORMED_JSON"},
            {"[\"me\"]", "MALFORMED_JSON"},
        };
        for (String[] c : cases) {
            assertError(fixture.message("subscribe.json", CONNECTION, c[0]), 400, c[1], "Kq3xRGV5IAMFvKg=");
        }
        assertEquals(before, LocalDynamoDb.contents());
    }

    @Test
    void subscribe_aMessageOver16Kilobytes_answersPayloadTooLarge_andChangesNothing() {
        connected(CONNECTION, ALICE);
        var before = LocalDynamoDb.contents();
        String padded = "{\"action\":\"subscribe\",\"channels\":[\"me\"]" + " ".repeat(16 * 1024) + "}";

        assertError(fixture.message("subscribe.json", CONNECTION, padded), 413, "PAYLOAD_TOO_LARGE",
                "Kq3xRGV5IAMFvKg=");
        assertEquals(before, LocalDynamoDb.contents());
    }

    @Test
    void subscribe_onAConnectionNoLongerRegistered_answersConnectionGone() {
        HttpResult result = fixture.subscribe("expired-connection", "me");

        assertError(result, 409, "CONNECTION_GONE", "Kq3xRGV5IAMFvKg=");
        assertEquals(List.of(), fixture.items());
        assertError(fixture.unsubscribe("expired-connection", "me"), 409, "CONNECTION_GONE", "Kq3xVHJ0IAMF7sA=");
    }

    @Test
    void subscribe_findsTheUserOnTheConnection_notInTheMessage() {
        connected(CONNECTION, ALICE);
        ObjectNode event = RealtimeFixture.event("subscribe.json", CONNECTION)
                .put("body", RealtimeFixture.channelAction("subscribe", "me"));
        ((ObjectNode) event.path("requestContext")).putObject("authorizer").put("userId", BOB);

        assertEquals(200, fixture.invoke(event).status());

        assertEquals("me#" + ALICE, fixture.partition(CONNECTION).get("SUB#me").get("channel").s());
    }

    @Test
    void sampleUnsubscribe_removesThoseChannelsOnly_andCountsThemOff() {
        connected(CONNECTION, ALICE);
        fixture.invoke(RealtimeFixture.event("subscribe.json", CONNECTION));

        HttpResult result = fixture.invoke(RealtimeFixture.event("unsubscribe.json", CONNECTION));

        assertEquals(200, result.status(), result.toString());
        assertEquals("unsubscribed", result.body().get("type").asText());
        assertEquals(List.of("signals:crypto"), channels(result));
        assertEquals(List.of("CONN", "SUB#candles:BTCUSDT:1h", "SUB#forecast:BTCUSDT:1h", "SUB#me"),
                List.copyOf(fixture.partition(CONNECTION).keySet()));
        assertEquals("3", fixture.partition(CONNECTION).get("CONN").get("subscriptions").n());

        HttpResult again = fixture.unsubscribe(CONNECTION, "signals:crypto", "me", "candles:NOPEUSDT:1h");
        assertEquals(List.of("signals:crypto", "me", "candles:NOPEUSDT:1h"), channels(again));
        assertEquals("2", fixture.partition(CONNECTION).get("CONN").get("subscriptions").n());
        assertEquals(3, fixture.partition(CONNECTION).size());
    }

    @Test
    void unsubscribe_aMalformedChannel_changesNothing() {
        connected(CONNECTION, ALICE);
        fixture.subscribe(CONNECTION, "me", "signals:crypto");
        var before = LocalDynamoDb.contents();

        assertError(fixture.unsubscribe(CONNECTION, "me", "signals:forex"), 400, "VALIDATION_FAILED",
                "Kq3xVHJ0IAMF7sA=");
        assertEquals(before, LocalDynamoDb.contents());
    }

    @Test
    void sampleDisconnect_deletesEveryItemOfTheConnection_andNoOtherConnections() {
        connected(CONNECTION, ALICE);
        connected("other-connection", BOB);
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            channels.add("candles:" + RealtimeFixture.extraSymbol(i) + ":1h");
            channels.add("forecast:" + RealtimeFixture.extraSymbol(i) + ":1h");
        }
        fixture.subscribe(CONNECTION, channels.toArray(String[]::new));
        fixture.subscribe("other-connection", "me", "candles:BTCUSDT:1h");
        assertEquals(51, fixture.partition(CONNECTION).size());

        HttpResult result = fixture.invoke(RealtimeFixture.event("disconnect.json", CONNECTION));

        assertEquals(200, result.status(), result.toString());
        assertEquals(Map.of(), fixture.partition(CONNECTION));
        assertEquals(3, fixture.partition("other-connection").size());
        assertEquals(200, fixture.disconnect(CONNECTION).status(), "a second $disconnect finds nothing");
    }

    @Test
    void ping_answersPong_andChangesNothing() {
        connected(CONNECTION, ALICE);
        fixture.subscribe(CONNECTION, "me", "candles:BTCUSDT:1h");
        var before = LocalDynamoDb.contents();

        HttpResult result = fixture.invoke(RealtimeFixture.event("ping.json", CONNECTION));

        assertEquals(200, result.status(), result.toString());
        assertEquals("{\"type\":\"pong\"}", result.body().toString());
        assertEquals(before, LocalDynamoDb.contents());
    }

    @Test
    void sampleDefault_answersUnknownAction_namingTheActions() {
        connected(CONNECTION, ALICE);

        HttpResult result = fixture.invoke(RealtimeFixture.event("default.json", CONNECTION));

        assertError(result, 400, "UNKNOWN_ACTION", "Kq3xWK8mIAMFs9Q=");
        String message = result.body().get("error").get("message").asText();
        assertTrue(message.contains("subscribe") && message.contains("unsubscribe") && message.contains("ping"),
                message);
        assertEquals(1, fixture.items().size());
    }

    @Test
    void anEventThatIsNoWebSocketEvent_answers400() {
        HttpResult result = fixture.invoke(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("detail-type", "CandlesClosed.v1"));

        assertEquals(400, result.status());
        assertEquals("MALFORMED_EVENT", result.errorCode());
        assertEquals(List.of(), fixture.items());
    }
}
