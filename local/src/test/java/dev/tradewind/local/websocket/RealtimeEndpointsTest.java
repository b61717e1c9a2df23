package dev.tradewind.local.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.local.events.LocalEventBridge;
import dev.tradewind.local.events.PutEventsApi;
import dev.tradewind.local.gateway.GatewayResponse;
import dev.tradewind.local.gateway.LocalHttpServer;
import dev.tradewind.local.lambda.FunctionError;
import dev.tradewind.local.lambda.Invocation;
import dev.tradewind.local.template.EventBusDefinition;
import dev.tradewind.local.template.EventRuleDefinition;
import dev.tradewind.local.template.WebSocketApiDefinition;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * The WebSocket API, its Management API and PutEvents on a real port, with fake functions: a real
 * {@code java.net.http.WebSocket} client connects, and the SDK clients the functions use call the emulated APIs.
 */
class RealtimeEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BUS = "tradewind-local-events";

    private static final WebSocketApiDefinition API = new WebSocketApiDefinition("RealtimeApi", "RealtimeApi", "live",
            List.of("action"), Map.of(
                    "$connect", new WebSocketApiDefinition.Route("$connect", "Realtime", false,
                            new WebSocketApiDefinition.Authorizer("TokenAuthorizer", "Authorizer",
                                    List.of("route.request.querystring.token"))),
                    "$disconnect", new WebSocketApiDefinition.Route("$disconnect", "Realtime", false, null),
                    "subscribe", new WebSocketApiDefinition.Route("subscribe", "Realtime", true, null),
                    "$default", new WebSocketApiDefinition.Route("$default", "Realtime", false, null)));

    private final BlockingQueue<JsonNode> realtimeEvents = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> authorizerEvents = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> busEvents = new LinkedBlockingQueue<>();
    private final List<WebSocket> clients = new ArrayList<>();
    private LocalHttpServer server;
    private WebSocketApi webSocketApi;
    private LocalEventBridge eventBridge;
    private ApiGatewayManagementApiClient management;
    private EventBridgeClient events;

    /** The fake functions: an authorizer that decides by token, the realtime handler, two bus targets. */
    private Invocation invoke(String function, byte[] payload) {
        JsonNode event;
        try {
            event = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return switch (function) {
            case "Authorizer" -> {
                authorizerEvents.add(event);
                String token = event.path("queryStringParameters").path("token").asText();
                if (token.equals("forged")) {
                    yield failed("Unauthorized");
                }
                ObjectNode answer = JSON.createObjectNode();
                answer.put("principalId", "u1");
                ObjectNode statement = answer.putObject("policyDocument").put("Version", "2012-10-17")
                        .putArray("Statement").addObject();
                statement.put("Action", "execute-api:Invoke");
                statement.put("Effect", token.equals("denied") ? "Deny" : "Allow");
                statement.put("Resource", event.path("methodArn").asText());
                answer.putObject("context").put("userId", "u1").put("sessionId", "s1");
                yield ok(answer.toString());
            }
            case "Realtime" -> {
                realtimeEvents.add(event);
                String routeKey = event.path("requestContext").path("routeKey").asText();
                if (routeKey.equals("$connect") && event.path("queryStringParameters").has("refuse")) {
                    yield ok("{\"statusCode\":429}");
                }
                ObjectNode answer = JSON.createObjectNode().put("statusCode", 200);
                if (routeKey.equals("subscribe") || routeKey.equals("$default")) {
                    answer.put("body", "{\"type\":\"" + routeKey + "\",\"echo\":" + JSON.valueToTree(
                            event.path("body").asText()) + "}");
                }
                yield ok(answer.toString());
            }
            case "FanOut", "Other" -> {
                busEvents.add(((ObjectNode) event).put("_function", function));
                yield ok("null");
            }
            default -> throw new IllegalArgumentException(function);
        };
    }

    private static Invocation ok(String payload) {
        return new Invocation("r", "fn", payload.getBytes(StandardCharsets.UTF_8), null, 1, null, 512);
    }

    private static Invocation failed(String message) {
        return new Invocation("r", "fn", null, new FunctionError("java.lang.RuntimeException", message), 1, null, 512);
    }

    @BeforeEach
    void start() throws IOException {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        server = LocalHttpServer.start("127.0.0.1", 0);
        webSocketApi = new WebSocketApi(API, this::invoke, quiet);
        eventBridge = new LocalEventBridge(List.of(new EventBusDefinition("EventBus", BUS)), List.of(
                new EventRuleDefinition("FanOut", "DomainEvents", BUS, Map.of("source",
                        List.of("tradewind.market-ingest"), "detail-type", List.of("CandlesClosed.v1")), true, 2, 120),
                new EventRuleDefinition("Other", "Orders", BUS, Map.of("source", List.of("tradewind.trading-session"),
                        "detail", Map.of("order", Map.of("status", List.of("FILLED")))), true, 2, 120)),
                this::invoke, quiet);
        ManagementApi managementApi = new ManagementApi(webSocketApi);
        PutEventsApi putEvents = new PutEventsApi(eventBridge, Clock.systemUTC());
        server.attach(request -> putEvents.serve(request).or(() -> managementApi.serve(request))
                .orElseGet(() -> GatewayResponse.gatewayError(404, "Not Found")), null);
        server.attachWebSocket(webSocketApi);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        management = ApiGatewayManagementApiClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(Apache5HttpClient.create())
                .endpointOverride(URI.create("http://127.0.0.1:" + server.port() + ManagementApi.PATH)).build();
        events = EventBridgeClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(Apache5HttpClient.create())
                .endpointOverride(URI.create("http://127.0.0.1:" + server.port() + PutEventsApi.PATH)).build();
    }

    @AfterEach
    void stop() {
        clients.forEach(WebSocket::abort);
        management.close();
        events.close();
        webSocketApi.close();
        eventBridge.close();
        server.close();
    }

    /** A client that collects what the server sends and how it closed. */
    private static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }

        JsonNode next() throws Exception {
            String text = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(text != null, "a message arrived");
            return JSON.readTree(text);
        }
    }

    private WebSocket connect(String query, Client client) throws Exception {
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + LocalHttpServer.WEBSOCKET_PATH + query),
                        client)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        clients.add(socket);
        return socket;
    }

    private int refusedStatus(String query) throws Exception {
        ExecutionException refused = assertThrows(ExecutionException.class, () -> connect(query, new Client()));
        return assertInstanceOf(WebSocketHandshakeException.class, refused.getCause()).getResponse().statusCode();
    }

    /** The next event the realtime function got of this route. */
    private JsonNode nextRealtimeEvent(String routeKey) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode event = realtimeEvents.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.path("requestContext").path("routeKey").asText().equals(routeKey)) {
                return event;
            }
        }
        throw new AssertionError("no " + routeKey + " event");
    }

    @Test
    void connect_withoutToken_is401AndTheAuthorizerIsNotCalled() throws Exception {
        assertEquals(401, refusedStatus(""));
        assertTrue(authorizerEvents.isEmpty());
        assertTrue(realtimeEvents.isEmpty());
    }

    @Test
    void connect_refusedByTheAuthorizerOrTheConnectRoute_isThatStatus() throws Exception {
        assertEquals(401, refusedStatus("?token=forged"));
        assertEquals(403, refusedStatus("?token=denied"));
        assertTrue(realtimeEvents.isEmpty(), "$connect runs only once the authorizer allowed");
        assertEquals(429, refusedStatus("?token=good&refuse=1"));
        assertEquals(1, realtimeEvents.size());
    }

    @Test
    void connect_authorized_passesTheRequestAuthorizerEventAndItsContext() throws Exception {
        connect("?token=good", new Client());
        JsonNode authorizer = authorizerEvents.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("REQUEST", authorizer.path("type").asText());
        assertEquals("arn:aws:execute-api:us-east-1:123456789012:RealtimeApi/live/$connect",
                authorizer.path("methodArn").asText());
        assertEquals("good", authorizer.path("queryStringParameters").path("token").asText());
        assertEquals("good", authorizer.path("multiValueQueryStringParameters").path("token").path(0).asText());
        assertTrue(authorizer.path("headers").has("Host"), authorizer.toString());
        assertEquals("CONNECT", authorizer.path("requestContext").path("eventType").asText());

        JsonNode connect = nextRealtimeEvent("$connect");
        JsonNode context = connect.path("requestContext");
        assertEquals("CONNECT", context.path("eventType").asText());
        assertEquals("live", context.path("stage").asText());
        assertEquals("RealtimeApi", context.path("apiId").asText());
        assertEquals("127.0.0.1", context.path("identity").path("sourceIp").asText());
        assertEquals(authorizer.path("requestContext").path("connectionId").asText(),
                context.path("connectionId").asText());
        assertTrue(context.path("connectionId").asText().matches("[A-Za-z0-9_-]{15}="), context.toString());
        assertEquals(Map.of("userId", "u1", "sessionId", "s1", "principalId", "u1"),
                JSON.convertValue(context.path("authorizer"), Map.class));
    }

    @Test
    void messages_areRoutedByAction_inOrder_andTwoWayRoutesAnswer() throws Exception {
        Client client = new Client();
        WebSocket socket = connect("?token=good", client);
        String connectionId = nextRealtimeEvent("$connect").path("requestContext").path("connectionId").asText();
        for (int i = 0; i < 5; i++) {
            socket.sendText("{\"action\":\"subscribe\",\"n\":" + i + "}", true).get();
        }
        for (int i = 0; i < 5; i++) {
            JsonNode answer = client.next();
            assertEquals("subscribe", answer.path("type").asText());
            assertEquals("{\"action\":\"subscribe\",\"n\":" + i + "}", answer.path("echo").asText());
        }
        JsonNode event = nextRealtimeEvent("subscribe");
        JsonNode context = event.path("requestContext");
        assertEquals("MESSAGE", context.path("eventType").asText());
        assertEquals("IN", context.path("messageDirection").asText());
        assertEquals(connectionId, context.path("connectionId").asText());
        assertTrue(context.path("messageId").isTextual());
        assertEquals("u1", context.path("authorizer").path("userId").asText(), "every event has the context");
        assertEquals(false, event.path("isBase64Encoded").asBoolean(true));

        socket.sendText("not json", true).get();
        socket.sendText("{\"action\":\"unknown\"}", true).get();
        assertEquals("not json", nextRealtimeEvent("$default").path("body").asText());
        assertEquals("{\"action\":\"unknown\"}", nextRealtimeEvent("$default").path("body").asText());
        socket.sendText("{\"action\":\"subscribe\",\"n\":5}", true).get();
        assertEquals("subscribe", client.next().path("type").asText(),
                "the one-way $default route's answers were not sent");
    }

    @Test
    void managementApi_postReachesTheClient_getDescribes_andAClosedConnectionIsGone() throws Exception {
        Client client = new Client();
        WebSocket socket = connect("?token=good", client);
        String connectionId = nextRealtimeEvent("$connect").path("requestContext").path("connectionId").asText();

        management.postToConnection(r -> r.connectionId(connectionId)
                .data(SdkBytes.fromUtf8String("{\"type\":\"candle\",\"channel\":\"candles:BTCUSDT:1h\"}")));
        assertEquals("candles:BTCUSDT:1h", client.next().path("channel").asText());
        GetConnectionResponse described = management.getConnection(r -> r.connectionId(connectionId));
        assertEquals("127.0.0.1", described.identity().sourceIp());
        assertTrue(!described.lastActiveAt().isBefore(described.connectedAt()));

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get();
        JsonNode disconnect = nextRealtimeEvent("$disconnect");
        assertEquals("DISCONNECT", disconnect.path("requestContext").path("eventType").asText());
        assertEquals(1000, disconnect.path("requestContext").path("disconnectStatusCode").asInt());
        assertEquals(connectionId, disconnect.path("requestContext").path("connectionId").asText());
        assertThrows(GoneException.class, () -> management.postToConnection(r -> r.connectionId(connectionId)
                .data(SdkBytes.fromUtf8String("{}"))));
        assertThrows(GoneException.class, () -> management.deleteConnection(r -> r.connectionId(connectionId)));
        assertThrows(GoneException.class, () -> management.postToConnection(r -> r.connectionId("nope")
                .data(SdkBytes.fromUtf8String("{}"))));
        assertTrue(realtimeEvents.stream().noneMatch(e -> e.path("requestContext").path("routeKey").asText()
                .equals("$disconnect")), "$disconnect ran once");
    }

    @Test
    void managementApi_postFromAWebPage_isRefusedAndNotSent() throws Exception {
        Client client = new Client();
        connect("?token=good", client);
        String connectionId = nextRealtimeEvent("$connect").path("requestContext").path("connectionId").asText();
        try (HttpClient http = HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<String> refused = http.send(java.net.http.HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + ManagementApi.PATH + "/@connections/"
                                    + connectionId))
                    .header("Origin", "http://evil.example").header("Content-Type", "text/plain")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"forged\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(403, refused.statusCode());
        }
        management.postToConnection(r -> r.connectionId(connectionId)
                .data(SdkBytes.fromUtf8String("{\"type\":\"candle\"}")));
        assertEquals("candle", client.next().path("type").asText(), "the forged message was not sent before it");
    }

    @Test
    void managementApi_deleteClosesTheConnection_andDisconnectRunsOnce() throws Exception {
        Client client = new Client();
        connect("?token=good", client);
        String connectionId = nextRealtimeEvent("$connect").path("requestContext").path("connectionId").asText();
        management.deleteConnection(r -> r.connectionId(connectionId));
        assertEquals(1000, client.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(connectionId, nextRealtimeEvent("$disconnect").path("requestContext").path("connectionId")
                .asText());
        assertThrows(GoneException.class, () -> management.getConnection(r -> r.connectionId(connectionId)));
        assertTrue(realtimeEvents.isEmpty(), "$disconnect ran once");
    }

    @Test
    void connections_haveDistinctIds() throws Exception {
        connect("?token=good", new Client());
        connect("?token=good", new Client());
        assertNotEquals(nextRealtimeEvent("$connect").path("requestContext").path("connectionId").asText(),
                nextRealtimeEvent("$connect").path("requestContext").path("connectionId").asText());
    }

    @Test
    void aMessageOver128KB_closesTheConnectionWith1009() throws Exception {
        Client client = new Client();
        WebSocket socket = connect("?token=good", client);
        socket.sendText("{\"action\":\"subscribe\",\"x\":\"" + "a".repeat(128 * 1024) + "\"}", true);
        assertEquals(1009, client.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(1009, nextRealtimeEvent("$disconnect").path("requestContext").path("disconnectStatusCode")
                .asInt());
    }

    @Test
    void aFrameOver32KB_closesTheConnectionWith1009() throws Exception {
        String message = "{\"action\":\"subscribe\",\"x\":\"" + "a".repeat(40 * 1024) + "\"}";
        assertEquals(1009, closeStatusAfterOneFrame(message));
        assertEquals(1009, nextRealtimeEvent("$disconnect").path("requestContext").path("disconnectStatusCode")
                .asInt());
    }

    @Test
    void aMessageOver32KB_inFramesOf32KBAtMost_reachesItsRoute() throws Exception {
        Client client = new Client();
        WebSocket socket = connect("?token=good", client);
        String message = "{\"action\":\"subscribe\",\"x\":\"" + "a".repeat(100 * 1024) + "\"}";
        for (int from = 0; from < message.length(); from += 16 * 1024) {
            int to = Math.min(message.length(), from + 16 * 1024);
            socket.sendText(message.substring(from, to), to == message.length()).get(WAIT.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        assertEquals(message, nextRealtimeEvent("subscribe").path("body").asText());
    }

    @Test
    void managementApi_postOver32KB_reachesTheClientWhole() throws Exception {
        Client client = new Client();
        connect("?token=good", client);
        String connectionId = nextRealtimeEvent("$connect").path("requestContext").path("connectionId").asText();
        String data = "{\"type\":\"candle\",\"x\":\"" + "é".repeat(50 * 1024) + "\"}";
        management.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(data)));
        assertEquals(data, client.next().toString());
    }

    /**
     * Connects with a raw socket and sends {@code text} as one unfragmented frame, which the JDK's client would
     * split; answers the status of the close frame the server sends back.
     */
    private int closeStatusAfterOneFrame(String text) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + LocalHttpServer.WEBSOCKET_PATH + "?token=good HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x81);
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
            frame.write(new byte[4]);
            frame.write(payload);
            out.write(frame.toByteArray());
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0f;
                int length = in.readUnsignedByte() & 0x7f;
                byte[] body = in.readNBytes(length == 126 ? in.readUnsignedShort() : length);
                if (opcode == 0x8) {
                    return (body[0] & 0xff) << 8 | body[1] & 0xff;
                }
            }
        }
    }

    @Test
    void aConnectionPastItsLifetime_isClosedWith1001() throws Exception {
        webSocketApi.close();
        webSocketApi = new WebSocketApi(API, this::invoke, new PrintStream(OutputStream.nullOutputStream()),
                Duration.ofMillis(200));
        server.attachWebSocket(webSocketApi);
        Client client = new Client();
        connect("?token=good", client);
        assertEquals(1001, client.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(1001, nextRealtimeEvent("$disconnect").path("requestContext").path("disconnectStatusCode")
                .asInt());
    }

    @Test
    void putEvents_throughTheSdk_reachesOnlyTheMatchingRulesFunction() throws Exception {
        PutEventsResponse response = events.putEvents(r -> r.entries(
                PutEventsRequestEntry.builder().eventBusName(BUS).source("tradewind.market-ingest")
                        .detailType("CandlesClosed.v1").detail("{\"interval\":\"1h\",\"series\":[]}").build(),
                PutEventsRequestEntry.builder().eventBusName(BUS).source("tradewind.trading-session")
                        .detailType("OrderFilled.v1").detail("{\"order\":{\"status\":\"CANCELLED\"}}").build(),
                PutEventsRequestEntry.builder().eventBusName("missing").source("tradewind.market-ingest")
                        .detailType("CandlesClosed.v1").detail("{}").build()));
        assertEquals(1, response.failedEntryCount());
        assertEquals("InvalidArgument", response.entries().get(2).errorCode());
        String eventId = response.entries().getFirst().eventId();

        JsonNode delivered = busEvents.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("FanOut", delivered.path("_function").asText());
        assertEquals(eventId, delivered.path("id").asText());
        assertEquals("1h", delivered.path("detail").path("interval").asText());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (eventBridge.stats().path("pending").asLong() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        JsonNode stats = eventBridge.stats();
        assertEquals(0, stats.path("pending").asLong());
        assertEquals(1, stats.path("delivered").asLong());
        assertEquals(1, stats.path("unmatched").asLong(), "the cancelled order matched no rule");
        assertTrue(busEvents.isEmpty(), "the non-matching rule's function got nothing");

        EventBridgeException tooMany = assertThrows(EventBridgeException.class, () -> events.putEvents(r -> r.entries(
                java.util.Collections.nCopies(11, PutEventsRequestEntry.builder().eventBusName(BUS).source("s")
                        .detailType("t").detail("{}").build()))));
        assertEquals(400, tooMany.statusCode());
        assertEquals("ValidationException", tooMany.awsErrorDetails().errorCode());
    }
}
