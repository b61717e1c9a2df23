package dev.tradewind.realtime;

import static dev.tradewind.realtime.RealtimeFixture.ALICE;
import static dev.tradewind.realtime.RealtimeFixture.BOB;
import static dev.tradewind.realtime.RealtimeFixture.NOW;
import static dev.tradewind.realtime.RealtimeFixture.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.realtime.api.BusEvents;
import dev.tradewind.realtime.domain.Push;
import dev.tradewind.realtime.service.FanOutConfig;
import dev.tradewind.realtime.service.FanOutService;
import dev.tradewind.realtime.service.Pusher;
import dev.tradewind.realtime.store.ConnectionRepository;
import dev.tradewind.realtime.store.EmfFanOutReporter;
import dev.tradewind.realtime.store.ManagementApiPusher;
import dev.tradewind.shared.auth.ActiveSessions;
import dev.tradewind.shared.auth.DynamoActiveSessions;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.testing.DynamoFaults;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.StandardOutput;
import dev.tradewind.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The fan-out of the bus's sample events (events/realtime) to connections the WebSocket routes registered, against
 * DynamoDB Local and a Management API that records what it is sent.
 */
class FanOutHandlerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeManagementApi api;

    private RealtimeFixture fixture;
    private Environment env;
    private FanOutHandler handler;

    @BeforeAll
    static void startApi() {
        api = new FakeManagementApi();
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @BeforeEach
    void setUp() {
        api.clear();
        fixture = new RealtimeFixture();
        env = fixture.fanOutEnvironment(api.endpoint());
        handler = new FanOutHandler(env);
        fixture.activeSession(ALICE, SESSION);
        fixture.activeSession(BOB, SESSION);
    }

    private void subscribed(String connectionId, String userId, String... channels) {
        assertEquals(200, fixture.connect(connectionId, userId).status());
        assertEquals(200, fixture.subscribe(connectionId, channels).status());
    }

    private static JsonNode fanOut(FanOutHandler target, byte[] event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            target.handleRequest(new ByteArrayInputStream(event), out, new TestContext("RealtimeFanOutFunction"));
            return JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode fanOut(String sample) {
        return fanOut(handler, HttpEvent.Events.bytes("realtime/" + sample));
    }

    private JsonNode fanOut(ObjectNode event) {
        try {
            return fanOut(handler, JSON.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode sample(String name) {
        return HttpEvent.Events.json("realtime/" + name);
    }

    /** The messages the mapping makes of a sample event, by channel key. */
    private static String message(String sample, String channelKey) {
        return BusEvents.decode(HttpEvent.Events.bytes("realtime/" + sample)).pushes().stream()
                .filter(push -> push.channelKey().equals(channelKey)).map(Push::message).findFirst().orElseThrow();
    }

    @Test
    void sampleCandlesClosed_reachesEachSubscriberOfItsChannels_inTheEventsOrder_withTheCandleUnchanged() {
        subscribed("c1", ALICE, "candles:ETHUSDT:1h", "candles:BTCUSDT:1h");
        subscribed("c2", BOB, "candles:BTCUSDT:1h");
        subscribed("c3", BOB, "forecast:BTCUSDT:1h", "candles:AAPL:1d");

        JsonNode answer = fanOut("candles-closed.json");

        assertEquals(List.of(message("candles-closed.json", "candles:BTCUSDT:1h"),
                message("candles-closed.json", "candles:ETHUSDT:1h")), api.delivered("c1"));
        assertEquals(List.of(message("candles-closed.json", "candles:BTCUSDT:1h")), api.delivered("c2"));
        assertEquals(List.of(), api.delivered("c3"));
        JsonNode btc = read(api.delivered("c2").getFirst());
        assertEquals("candle", btc.get("type").asText());
        assertEquals("candles:BTCUSDT:1h", btc.get("channel").asText());
        assertEquals(sample("candles-closed.json").at("/detail/series/1/candle"), btc.get("data"));
        JsonNode summary = answer.get("summary");
        assertEquals(3, summary.get("pushes").asInt());
        assertEquals(2, summary.get("connections").asInt());
        assertEquals(3, summary.get("delivered").asInt());
        assertEquals(3, summary.get("reads").asInt(), "one Query per channel");
    }

    @Test
    void sampleForecastsComputed_pushesTheForecast_andTheSignalToItsClass() {
        subscribed("c1", ALICE, "forecast:BTCUSDT:1h", "signals:crypto");
        subscribed("c2", BOB, "signals:stock", "forecast:ETHUSDT:1h");
        subscribed("c3", BOB, "signals:crypto");

        fanOut("forecasts-computed.json");

        List<String> c1 = api.delivered("c1");
        assertEquals(2, c1.size());
        JsonNode entry = sample("forecasts-computed.json").at("/detail/forecasts/0");
        assertEquals("forecast", read(c1.get(0)).get("type").asText());
        assertEquals(entry.get("forecast"), read(c1.get(0)).get("data"));
        assertEquals("signal", read(c1.get(1)).get("type").asText());
        assertEquals("signals:crypto", read(c1.get(1)).get("channel").asText());
        assertEquals(entry.get("signal"), read(c1.get(1)).get("data"));
        assertEquals(List.of(), api.delivered("c2"));
        assertEquals(List.of(c1.get(1)), api.delivered("c3"));
    }

    @Test
    void forecastsComputedOfTwoSymbols_reachesAConnectionInTheEventsOrder_notGroupedByChannel() {
        subscribed("c1", ALICE, "forecast:BTCUSDT:1h", "forecast:ETHUSDT:1h", "signals:crypto");
        ObjectNode event = (ObjectNode) sample("forecasts-computed.json");
        ArrayNode forecasts = (ArrayNode) event.path("detail").path("forecasts");
        ObjectNode eth = forecasts.get(0).deepCopy();
        eth.put("symbol", "ETHUSDT");
        ((ObjectNode) eth.get("forecast")).put("symbol", "ETHUSDT");
        ((ObjectNode) eth.get("signal")).put("symbol", "ETHUSDT");
        forecasts.add(eth);

        fanOut(event);

        List<String> received = api.delivered("c1").stream().map(FanOutHandlerIT::read)
                .map(m -> m.get("type").asText() + " " + m.get("data").get("symbol").asText()).toList();
        assertEquals(List.of("forecast BTCUSDT", "signal BTCUSDT", "forecast ETHUSDT", "signal ETHUSDT"), received);
    }

    @Test
    void redeliveredEvent_isPushedAgain_withTheSameEventId_soTheClientCanRecogniseIt() {
        subscribed("alice-1", ALICE, "me", "candles:BTCUSDT:1h", "candles:ETHUSDT:1h");

        fanOut("order-filled.json");
        fanOut("order-filled.json"); // EventBridge delivers at least once: the same event (same id) again
        fanOut("candles-closed.json");

        List<String> eventIds = api.delivered("alice-1").stream().map(m -> read(m).get("eventId").asText()).toList();
        String filled = sample("order-filled.json").get("id").asText();
        String closed = sample("candles-closed.json").get("id").asText();
        assertEquals(List.of(filled, filled, closed, closed), eventIds);
    }

    @Test
    void twoMessagesOfOneEvent_toOneConnection_carryDistinctMessageIds_andARedeliveryRepeatsThem() {
        subscribed("c1", ALICE, "candles:BTCUSDT:1h", "candles:ETHUSDT:1h");

        fanOut("candles-closed.json");
        fanOut("candles-closed.json"); // the same event again

        List<String> ids = api.delivered("c1").stream().map(m -> read(m).path("messageId").asText()).toList();
        assertEquals(4, ids.size());
        assertEquals(ids.subList(0, 2), ids.subList(2, 4), "a redelivery repeats its messages' ids");
        assertEquals(2, Set.copyOf(ids).size(), "a client dropping the ids it has seen keeps both candles: " + ids);
    }

    @Test
    void sampleOrderFilled_reachesItsUsersConnectionsOnMe_andNobodyElses() {
        subscribed("alice-1", ALICE, "me");
        subscribed("alice-2", ALICE, "me", "candles:BTCUSDT:1h");
        subscribed("alice-3", ALICE, "candles:BTCUSDT:1h");
        subscribed("bob-1", BOB, "me");

        fanOut("order-filled.json");

        String fill = message("order-filled.json", "me#" + ALICE);
        assertEquals(List.of(fill), api.delivered("alice-1"));
        assertEquals(List.of(fill), api.delivered("alice-2"));
        assertEquals(List.of(), api.delivered("alice-3"));
        assertEquals(List.of(), api.delivered("bob-1"), "another user's fill never reaches Bob");
        assertEquals("me", read(fill).get("channel").asText());
        assertEquals("fill", read(fill).get("type").asText());
        assertTrue(fill.contains("\"realizedPnl\":0.00"), fill);

        ObjectNode bobs = (ObjectNode) sample("order-filled.json");
        ((ObjectNode) bobs.get("detail")).put("userId", BOB);
        api.clear();
        fanOut(bobs);
        assertEquals(1, api.delivered("bob-1").size());
        assertEquals(List.of("bob-1"), api.posts().stream().map(FakeManagementApi.Post::connectionId).toList());
    }

    @Test
    void meEvent_reachesOnlyConnectionsOfActiveSessions_andForgetsThoseOfEndedSessions() {
        fixture.activeSession(ALICE, "active");
        fixture.session(ALICE, "revoked", true, NOW.plus(Duration.ofDays(1)));
        fixture.session(ALICE, "expired", false, NOW);
        for (String session : List.of("active", "revoked", "expired")) {
            assertEquals(200, fixture.connect(session, ALICE, session).status());
            assertEquals(200, fixture.subscribe(session, "me", "candles:BTCUSDT:1h").status());
        }

        fanOut("candles-closed.json");
        String candle = message("candles-closed.json", "candles:BTCUSDT:1h");
        for (String session : List.of("active", "revoked", "expired")) {
            assertEquals(List.of(candle), api.delivered(session), "a public channel is not per user: " + session);
        }
        api.clear();
        JsonNode summary = fanOut("order-filled.json").get("summary");

        assertEquals(List.of(message("order-filled.json", "me#" + ALICE)), api.delivered("active"));
        assertEquals(List.of(), api.delivered("revoked"));
        assertEquals(List.of(), api.delivered("expired"));
        assertEquals(Map.of(), fixture.partition("revoked"), "deleted as a gone connection's");
        assertEquals(Map.of(), fixture.partition("expired"), "deleted as a gone connection's");
        assertEquals(Set.of("revoked", "expired"), api.closed(), "the sockets of ended sessions are closed");
        assertEquals(3, fixture.partition("active").size());
        assertEquals(1, summary.get("delivered").asInt());
        assertEquals(2, summary.get("gone").asInt());
        assertEquals(2, summary.get("discarded").asInt());
    }

    @Test
    void meEvent_readsItsSubscribersConnectionsOnce_andChecksEachDistinctSessionOnce_andAPublicEventDoesNeither() {
        fixture.activeSession(ALICE, "second");
        subscribed("alice-1", ALICE, "me", "candles:BTCUSDT:1h");
        subscribed("alice-2", ALICE, "me");
        assertEquals(200, fixture.connect("alice-3", ALICE, "second").status());
        assertEquals(200, fixture.subscribe("alice-3", "me").status());
        FanOutConfig config = FanOutConfig.from(env);
        DynamoFaults calls = new DynamoFaults();
        DynamoDbClient counted = DynamoDbClients.create(env, List.of(calls));
        ActiveSessions real = new DynamoActiveSessions(LocalDynamoDb.client(), config.usersTable());
        List<String> checked = new CopyOnWriteArrayList<>();
        FanOutService service = new FanOutService(new ConnectionRepository(DynamoDbClients.enhanced(counted),
                config.realtimeTable()), (user, session, now) -> {
                    checked.add(user + "/" + session);
                    return real.isActive(user, session, now);
                }, fixture.clock, ManagementApiPusher.create(env, api.endpoint(), 10));
        FanOutHandler counting = new FanOutHandler(service, (detailType, summary, durationMs) -> { },
                config.eventBudget());

        fanOut(counting, HttpEvent.Events.bytes("realtime/candles-closed.json"));
        assertEquals(List.of(), checked, "a public channel is not per user");
        assertEquals(0, calls.attempts("BatchGetItem"), "a public channel reads no connection");
        JsonNode summary = fanOut(counting, HttpEvent.Events.bytes("realtime/order-filled.json")).get("summary");

        assertEquals(3, summary.get("delivered").asInt());
        assertEquals(1, calls.attempts("BatchGetItem"), "the user's three connections in one read");
        assertEquals(2, checked.size(), "one read per session, not per connection: " + checked);
        assertEquals(Set.of(ALICE + "/" + SESSION, ALICE + "/second"), Set.copyOf(checked));
    }

    @Test
    void meEvent_toASubscriberWithoutAConnectionRecord_isDiscardedAsGone_andItsItemsDeleted() {
        subscribed("alice-1", ALICE, "me");
        subscribed("alice-2", ALICE, "me");
        LocalDynamoDb.client().deleteItem(r -> r.tableName(fixture.table).key(Map.of(
                "pk", AttributeValue.fromS("CONN#alice-2"), "sk", AttributeValue.fromS("CONN"))));

        JsonNode summary = fanOut("order-filled.json").get("summary");

        assertEquals(List.of(message("order-filled.json", "me#" + ALICE)), api.delivered("alice-1"));
        assertEquals(List.of(), api.delivered("alice-2"));
        assertEquals(Map.of(), fixture.partition("alice-2"), "deleted as a gone connection's");
        assertEquals(1, summary.get("gone").asInt());
        assertEquals(1, summary.get("discarded").asInt());
    }

    @Test
    void meEvent_toAConnectionStoredWithoutASession_isPushedAsBefore() {
        assertEquals(200, fixture.connect("old", ALICE, null).status());
        assertEquals(200, fixture.subscribe("old", "me").status());

        fanOut("order-filled.json");

        assertEquals(List.of(message("order-filled.json", "me#" + ALICE)), api.delivered("old"));
    }

    @Test
    void sampleOrderEndedAndCooldownStarted_reachTheirUserOnMe() {
        subscribed("alice-1", ALICE, "me");
        subscribed("bob-1", BOB, "me");

        fanOut("order-ended.json");
        fanOut("cooldown-started.json");

        List<String> delivered = api.delivered("alice-1");
        assertEquals(List.of("orderEnded", "cooldown"), delivered.stream().map(m -> read(m).get("type").asText())
                .toList());
        assertEquals(sample("cooldown-started.json").at("/detail/cooldown"), read(delivered.get(1)).get("data"));
        assertEquals(List.of(), api.delivered("bob-1"));
    }

    @Test
    void goneConnection_hasItsItemsDeleted_andTheOthersStillGetTheirs() throws Exception {
        subscribed("c1", ALICE, "candles:BTCUSDT:1h", "candles:ETHUSDT:1h", "me");
        subscribed("c2", BOB, "candles:BTCUSDT:1h");
        api.gone("c1");

        String output = StandardOutput.capture(() -> {
            JsonNode summary = fanOut("candles-closed.json").get("summary");
            assertEquals(1, summary.get("gone").asInt());
            assertEquals(2, summary.get("discarded").asInt(), "both of c1's candles: one refused, one never tried");
            assertEquals(1, summary.get("delivered").asInt());
            assertEquals(0, summary.get("failed").asInt());
        });

        assertEquals(1, api.posts().stream().filter(post -> post.connectionId().equals("c1")).count());
        assertEquals(Map.of(), fixture.partition("c1"), "deleted as its $disconnect would");
        assertEquals(2, fixture.partition("c2").size());
        assertEquals(1, api.delivered("c2").size());
        JsonNode log = output.lines().filter(line -> line.contains("\"Event fanned out\"")).map(FanOutHandlerIT::read)
                .findFirst().orElseThrow(() -> new AssertionError(output));
        assertEquals("CandlesClosed.v1", log.get("detailType").asText());
        assertEquals(1, log.get("gone").asInt());
        assertEquals(3, log.get("reads").asInt(), "one Query per channel of the event");
        JsonNode metrics = metrics(output);
        assertEquals(1, metrics.get("ConnectionsGone").asInt());
        assertEquals(1, metrics.get("PushesDelivered").asInt());
        assertEquals("realtime-fanout", metrics.get("Service").asText());

        api.clear();
        fanOut("candles-closed.json");
        assertEquals(List.of("c2"), api.posts().stream().map(FakeManagementApi.Post::connectionId).toList());
    }

    @Test
    void goneConnectionWhoseItemsCannotBeDeleted_isLoggedWithTheEventsRequestId() throws Exception {
        subscribed("c1", ALICE, "candles:BTCUSDT:1h");
        api.gone("c1");
        DynamoFaults faults = new DynamoFaults();
        faults.on("BatchWriteItem").internalServerError();
        FanOutConfig config = FanOutConfig.from(env);
        FanOutService service = new FanOutService(new ConnectionRepository(DynamoDbClients.enhanced(
                DynamoDbClients.create(env, List.of(faults))), config.realtimeTable()), (user, session, now) -> true,
                fixture.clock, ManagementApiPusher.create(env, api.endpoint(), 10));
        FanOutHandler failing = new FanOutHandler(service, new EmfFanOutReporter("TradewindTest", "realtime-fanout"),
                config.eventBudget());

        String output = StandardOutput.capture(() -> fanOut(failing, HttpEvent.Events.bytes(
                "realtime/candles-closed.json")));

        JsonNode summary = output.lines().filter(line -> line.contains("\"Event fanned out\""))
                .map(FanOutHandlerIT::read).findFirst().orElseThrow(() -> new AssertionError(output));
        JsonNode notDeleted = output.lines().filter(line -> line.contains("were not deleted"))
                .map(FanOutHandlerIT::read).findFirst().orElseThrow(() -> new AssertionError(output));
        assertFalse(summary.path("function_request_id").asText().isEmpty(), summary.toString());
        assertEquals(summary.get("function_request_id"), notDeleted.get("function_request_id"), notDeleted.toString());
    }

    @Test
    void throttledPush_isRetried_andDelivered() {
        subscribed("c1", ALICE, "candles:BTCUSDT:1h");
        api.throttle("c1", 2);

        JsonNode summary = fanOut("candles-closed.json").get("summary");

        assertEquals(List.of(429, 429, 200), api.posts().stream().map(FakeManagementApi.Post::status).toList());
        assertEquals(1, api.delivered("c1").size());
        assertEquals(1, summary.get("delivered").asInt());
        assertEquals(2, summary.get("throttled").asInt());
        assertEquals(0, summary.get("failed").asInt());
    }

    @Test
    void pushThrottledAtEveryAttempt_isCountedFailed_andTheConnectionKept() throws Exception {
        subscribed("c1", ALICE, "candles:BTCUSDT:1h");
        api.throttle("c1", 100);

        String output = StandardOutput.capture(() -> {
            JsonNode summary = fanOut("candles-closed.json").get("summary");
            assertEquals(1, summary.get("failed").asInt());
            assertEquals(1, summary.at("/failures/LimitExceededException").asInt(), summary.toString());
        });

        assertEquals(4, api.posts().size(), "bounded attempts");
        assertEquals(2, fixture.partition("c1").size());
        assertEquals(1, metrics(output).get("PushesFailed").asInt());
    }

    @Test
    void spentBudget_dropsWhatIsLeft_andCountsIt() throws Exception {
        subscribed("c1", ALICE, "candles:BNBUSDT:1h", "candles:BTCUSDT:1h", "candles:ETHUSDT:1h");
        AtomicLong now = new AtomicLong();
        Pusher real = ManagementApiPusher.create(env, api.endpoint(), 10);
        Pusher slow = (connectionId, message) -> {
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            return real.push(connectionId, message);
        };
        FanOutConfig config = FanOutConfig.from(env);
        FanOutService service = new FanOutService(new ConnectionRepository(
                DynamoDbClients.enhanced(LocalDynamoDb.client()), config.realtimeTable()), (user, session, at) -> true,
                fixture.clock, slow,
                attempt -> { }, now::get, 10);
        FanOutHandler budgeted = new FanOutHandler(service, new EmfFanOutReporter("TradewindTest", "realtime-fanout"),
                Duration.ofMillis(1500));

        String output = StandardOutput.capture(() -> {
            JsonNode summary = fanOut(budgeted, HttpEvent.Events.bytes("realtime/candles-closed.json"))
                    .get("summary");
            assertEquals(2, summary.get("delivered").asInt());
            assertEquals(1, summary.get("dropped").asInt());
        });

        assertEquals(List.of(message("candles-closed.json", "candles:BNBUSDT:1h"),
                message("candles-closed.json", "candles:BTCUSDT:1h")), api.delivered("c1"));
        assertEquals(1, metrics(output).get("PushesDropped").asInt());
    }

    @Test
    void eventNobodyIsSubscribedTo_sendsNothing_afterOneReadPerChannel() {
        subscribed("c1", ALICE, "signals:stock");

        JsonNode summary = fanOut("forecasts-computed.json").get("summary");

        assertEquals(0, summary.get("connections").asInt());
        assertEquals(2, summary.get("reads").asInt());
        assertEquals(List.of(), api.posts());
    }

    @Test
    void unknownDetailType_isIgnored_withoutFailing() {
        subscribed("c1", ALICE, "me");
        ObjectNode event = (ObjectNode) sample("order-filled.json");
        event.put("detail-type", "OrderFilled.v9");

        JsonNode answer = fanOut(event);

        assertEquals("UNKNOWN_DETAIL_TYPE", answer.get("ignored").asText());
        assertEquals(List.of(), api.posts());
    }

    @Test
    void malformedEvent_isIgnored_withoutFailing() throws Exception {
        String output = StandardOutput.capture(() -> {
            JsonNode answer = fanOut(handler, "{\"detail-type\": ".getBytes(StandardCharsets.UTF_8));
            assertEquals("NOT_AN_EVENT", answer.get("ignored").asText());
        });

        assertTrue(output.contains("Event ignored"), output);
        assertTrue(!output.contains("Exception"), "no stack trace: " + output);
        assertEquals(List.of(), api.posts());
    }

    /** The EMF line of the fan-out's metrics. */
    private static JsonNode metrics(String output) {
        return output.lines().filter(line -> line.contains("\"_aws\"") && line.contains("PushesDelivered"))
                .map(FanOutHandlerIT::read).findFirst().orElseThrow(() -> new AssertionError(output));
    }
}
