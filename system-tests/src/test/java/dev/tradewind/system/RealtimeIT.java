package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.auth.domain.token.JwtIssuer;
import dev.tradewind.auth.store.keys.LocalDevKeys;
import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.testing.Repository;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Real time end to end on the local runtime (docs/realtime.md): two traders hold WebSocket connections with their
 * access tokens; one places an order over HTTP and market time moves on; each receives the next candle, its forecast
 * and their own fill, never the other's. Every message received is checked against docs/asyncapi.yaml.
 *
 * <p>The replay runs at 1× so nothing moves unless the test moves it.
 */
class RealtimeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDirectory;

    private static RuntimeProcess runtime;

    @BeforeAll
    static void startAndIngest() throws Exception {
        runtime = RuntimeProcess.startApi(dataDirectory.resolve("data"), "--replay-speed", "1");
        runtime.ingest();
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static URI socket(String token) {
        return URI.create(runtime.uri("/ws").toString().replaceFirst("^http", "ws")
                + (token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
    }

    private static WsClient connect(String name, String token) throws Exception {
        return WsClient.connect(name, socket(token), runtime::alive);
    }

    private static int refusal(String token) {
        WsClient.Refused refused = assertThrows(WsClient.Refused.class,
                () -> WsClient.connect("refused", socket(token), runtime::alive).close());
        return refused.status;
    }

    @Test
    void connect_withoutAForgedOrAnExpiredToken_isRefusedWith401() throws Exception {
        AuthClient.Trader eve = new AuthClient(runtime).signUp("eve");
        assertEquals(401, refusal(null));
        String[] parts = eve.accessToken().split("\\.");
        String forgedSignature = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        assertEquals(401, refusal(parts[0] + "." + parts[1] + "." + forgedSignature));

        // Signed with the runtime's own key, by its issuer for its audience, but an hour ago: only its age is wrong.
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        LocalDevKeys keys = new LocalDevKeys(dataDirectory.resolve("data").resolve(LocalDevKeys.FILE_NAME), false,
                anHourAgo, new SecureRandom());
        String expired = new JwtIssuer(keys.ring().active(), claims.get("iss").asText(), claims.get("aud").asText(),
                Duration.ofMinutes(15), anHourAgo, JwtIssuer.randomJti(new SecureRandom()), new SecureRandom())
                .issue(eve.userId(), claims.get("sid").asText()).token();
        assertEquals(401, refusal(expired));

        try (WsClient accepted = connect("eve", eve.accessToken())) {
            assertEquals("subscribed", accepted.ask("{\"action\":\"subscribe\",\"channels\":[\"me\"]}")
                    .get("type").asText());
        }
    }

    @Test
    void subscribers_receiveTheNextCandleItsForecastAndOnlyTheirOwnFills() throws Exception {
        AuthClient auth = new AuthClient(runtime);
        AuthClient.Trader ann = auth.signUp("ann");
        AuthClient.Trader bob = auth.signUp("bob");
        try (WsClient annSocket = connect("ann", ann.accessToken());
             WsClient bobSocket = connect("bob", bob.accessToken());
             DynamoDbClient dynamo = DynamoDbLocalServer.clientFor(runtime.dynamoDbEndpoint())) {
            JsonNode subscribed = annSocket.ask("{\"action\":\"subscribe\",\"channels\":[\"candles:BTCUSDT:1h\","
                    + "\"forecast:BTCUSDT:1h\",\"me\"]}");
            assertEquals("subscribed", subscribed.get("type").asText(), subscribed.toString());
            assertEquals("subscribed", bobSocket.ask("{\"action\":\"subscribe\",\"channels\":[\"candles:BTCUSDT:1h\","
                    + "\"me\"]}").get("type").asText());
            assertEquals("error", annSocket.ask("{\"action\":\"subscribe\",\"channels\":[\"candles:NOPE:1h\"]}")
                    .get("type").asText());

            String annOrder = marketOrder(ann, "0.1");
            String bobOrder = marketOrder(bob, "0.2");
            assertEquals("FILLED", annSocket.await("ann's fill", m -> m.path("type").asText().equals("fill")
                    && m.path("data").path("id").asText().equals(annOrder)).path("data").path("status").asText());
            assertEquals("me", bobSocket.await("bob's fill", m -> m.path("type").asText().equals("fill")
                    && m.path("data").path("id").asText().equals(bobOrder)).path("channel").asText());

            // A connection API Gateway no longer has (its $disconnect never ran), subscribed to the same candles.
            String lost = "bG9zdC1jb25uZWN0aW9u";
            putItem(dynamo, "CONN#" + lost, "CONN", Map.of("userId", AttributeValue.fromS(ann.userId())));
            putItem(dynamo, "CONN#" + lost, "SUB#candles:BTCUSDT:1h",
                    Map.of("channel", AttributeValue.fromS("candles:BTCUSDT:1h")));
            assertEquals(2, connectionItems(dynamo, lost));

            JsonNode latest = JSON.readTree(runtime.get("/v1/assets/BTCUSDT/candles?limit=1", ann.bearer()).body())
                    .get("candles").get(0);
            assertEquals(200, runtime.send("POST", "/_local/clock/advance?by=PT1H", null).statusCode());
            runtime.ingest();

            JsonNode candle = annSocket.await("the next candle", m -> m.path("type").asText().equals("candle")
                    && Instant.parse(m.path("data").path("closeTime").asText())
                    .isAfter(Instant.parse(latest.get("closeTime").asText())));
            assertEquals("candles:BTCUSDT:1h", candle.get("channel").asText());
            JsonNode forecast = annSocket.await("the next candle's forecast",
                    m -> m.path("type").asText().equals("forecast")
                            && m.path("data").path("asOf").asText().equals(candle.path("data").path("openTime").asText()));
            assertEquals("forecast:BTCUSDT:1h", forecast.get("channel").asText());
            assertEquals(forecast.get("data").get("probabilityUp"), JSON.readTree(runtime.get(
                    "/v1/assets/BTCUSDT/forecast?interval=1h", ann.bearer()).body()).get("probabilityUp"));
            assertEquals(candle.get("data"), bobSocket.await("the same candle", m -> m.path("type").asText()
                    .equals("candle") && m.path("data").equals(candle.get("data"))).get("data"));

            // Everything caused by the order and the candle has been delivered once the bus is idle.
            assertTrue(annSocket.received().stream().noneMatch(m -> m.path("data").path("id").asText()
                    .equals(bobOrder)), annSocket.received().toString());
            assertTrue(bobSocket.received().stream().noneMatch(m -> m.path("data").path("id").asText()
                    .equals(annOrder) || m.path("type").asText().equals("forecast")), bobSocket.received().toString());
            assertEquals(0, connectionItems(dynamo, lost), "the fan-out found the connection gone and removed it");
        }
    }

    /**
     * Every message type docs/asyncapi.yaml lets the server send, sent by the real functions and checked against it
     * (as {@link WsClient} checks every message): the answers to the three actions and to one the API does not
     * know, and a push of each sample bus event in events/realtime/, its user made the connected trader's, through
     * the runtime's Lambda Invoke API as the bus rule would invoke the fan-out.
     */
    @Test
    void everyMessageTypeTheServerSends_isOneTheAsyncApiContractDescribes() throws Exception {
        AuthClient.Trader cat = new AuthClient(runtime).signUp("cat");
        Set<String> types = new TreeSet<>();
        try (WsClient socket = connect("cat", cat.accessToken())) {
            types.add(socket.ask("{\"action\":\"subscribe\",\"channels\":[\"candles:BTCUSDT:1h\","
                    + "\"forecast:BTCUSDT:1h\",\"signals:crypto\",\"signals:stock\",\"me\"]}").get("type").asText());
            types.add(socket.ask("{\"action\":\"unsubscribe\",\"channels\":[\"signals:stock\"]}").get("type")
                    .asText());
            types.add(socket.ask("{\"action\":\"ping\"}").get("type").asText());
            types.add(socket.ask("{\"action\":\"hello\"}").get("type").asText());
            for (String sample : List.of("candles-closed", "forecasts-computed", "order-filled", "order-ended",
                    "cooldown-started")) {
                ObjectNode event = (ObjectNode) JSON.readTree(Repository.path("events/realtime/" + sample + ".json")
                        .toFile());
                if (event.path("detail").has("userId")) {
                    ((ObjectNode) event.get("detail")).put("userId", cat.userId());
                }
                HttpResponse<String> invoked = runtime.send("POST",
                        "/2015-03-31/functions/RealtimeFanOutFunction/invocations", event.toString());
                assertEquals(200, invoked.statusCode(), invoked.body());
                assertTrue(invoked.headers().firstValue("x-amz-function-error").isEmpty(), invoked.body());
            }
            for (String type : List.of("candle", "forecast", "signal", "fill", "orderEnded", "cooldown")) {
                types.add(socket.await("a " + type, m -> m.path("type").asText().equals(type)).get("type").asText());
            }
        }
        assertEquals(RealtimeContract.load().serverMessages(), types);
    }

    /**
     * The keep-alive a client sends on a quiet connection (docs/realtime.md#keeping-a-connection-open): answered on
     * the same connection, which stays open.
     */
    @Test
    void ping_isAnsweredPong_onTheSameConnection() throws Exception {
        AuthClient.Trader dan = new AuthClient(runtime).signUp("dan");
        try (WsClient socket = connect("dan", dan.accessToken())) {
            assertEquals("subscribed", socket.ask("{\"action\":\"subscribe\",\"channels\":[\"me\"]}")
                    .get("type").asText());

            assertEquals("{\"type\":\"pong\"}", socket.ask("{\"action\":\"ping\"}").toString());

            assertEquals("unsubscribed", socket.ask("{\"action\":\"unsubscribe\",\"channels\":[\"me\"]}")
                    .get("type").asText(), "the connection is still open");
        }
    }

    private static String marketOrder(AuthClient.Trader trader, String quantity) throws Exception {
        String sessionId = runtime.call(trader.accessToken(), "POST", "/v1/sessions",
                "{\"name\":\"live\",\"startingCash\":100000}", 201).get("id").asText();
        return runtime.call(trader.accessToken(), "POST", "/v1/sessions/" + sessionId + "/orders",
                "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"" + quantity + "\"}", 201,
                "Content-Type", "application/json", "Idempotency-Key", UUID.randomUUID().toString())
                .get("id").asText();
    }

    private static void putItem(DynamoDbClient dynamo, String pk, String sk, Map<String, AttributeValue> more) {
        Map<String, AttributeValue> item = new HashMap<>(more);
        item.put("pk", AttributeValue.fromS(pk));
        item.put("sk", AttributeValue.fromS(sk));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(Instant.now().plus(Duration.ofHours(2))
                .getEpochSecond())));
        dynamo.putItem(b -> b.tableName("RealtimeTable").item(item));
    }

    private static int connectionItems(DynamoDbClient dynamo, String connectionId) {
        return dynamo.query(b -> b.tableName("RealtimeTable").keyConditionExpression("pk = :pk").consistentRead(true)
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("CONN#" + connectionId)))).count();
    }
}
