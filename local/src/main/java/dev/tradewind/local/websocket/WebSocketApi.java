package dev.tradewind.local.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.local.gateway.GatewayRequest;
import dev.tradewind.local.gateway.GatewayResponse;
import dev.tradewind.local.gateway.QueryStrings;
import dev.tradewind.local.gateway.WebSocketEndpoint;
import dev.tradewind.local.lambda.Invocation;
import dev.tradewind.local.template.Intrinsics;
import dev.tradewind.local.template.WebSocketApiDefinition;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Emulates an API Gateway WebSocket API in front of the functions. {@code $connect} runs while the upgrade waits:
 * the route's REQUEST authorizer first (a missing identity source → 401 without calling it; the authorizer failing
 * with "Unauthorized" → 401; a policy that does not allow {@code methodArn} → 403; any other failure → 500), its
 * principal and context becoming {@code requestContext.authorizer} of every event of the connection; then the
 * route's function, whose non-2xx {@code statusCode} refuses the upgrade with that status. Each message is routed by
 * the API's selection expression ({@code $request.body.action}; not JSON, or no such route → {@code $default}), the
 * messages of one connection one at a time in order, and a two-way route's answer {@code body} is sent back. A
 * close from either side runs {@code $disconnect} once, after the messages before it. Connections live at most
 * {@link #MAX_CONNECTION_DURATION} (then closed with 1001, as API Gateway does); the server closes idle ones.
 */
public final class WebSocketApi implements WebSocketEndpoint, AutoCloseable {

    /** API Gateway's limit on a connection's life. */
    public static final Duration MAX_CONNECTION_DURATION = Duration.ofHours(2);

    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final Pattern SUCCESS = Pattern.compile("2\\d\\d");
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final WebSocketApiDefinition api;
    private final BiFunction<String, byte[], Invocation> invoker;
    private final PrintStream log;
    private final Duration maxConnectionDuration;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    // Platform threads: an invocation may start a function instance, whose class loading pins a virtual thread.
    private final ExecutorService dispatch = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("websocket-", 1).factory());
    private final ScheduledThreadPoolExecutor limits = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().daemon().name("websocket-limits").factory());

    /** @param invoker runs a function (by logical id) with a payload and returns the invocation outcome */
    public WebSocketApi(WebSocketApiDefinition api, BiFunction<String, byte[], Invocation> invoker, PrintStream log) {
        this(api, invoker, log, MAX_CONNECTION_DURATION);
    }

    WebSocketApi(WebSocketApiDefinition api, BiFunction<String, byte[], Invocation> invoker, PrintStream log,
                 Duration maxConnectionDuration) {
        this.api = api;
        this.invoker = invoker;
        this.log = log;
        this.maxConnectionDuration = maxConnectionDuration;
        limits.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Upgrade upgrade(GatewayRequest request) {
        String connectionId = newId();
        Instant connectedAt = Instant.now();
        Connection connection = new Connection(this, connectionId, connectedAt, request.sourceIp(),
                firstHeader(request, "user-agent").orElse(""), firstHeader(request, "host").orElse("localhost"));
        WebSocketApiDefinition.Route route = api.routes().get("$connect");
        if (route == null) {
            return Upgrade.accepted(connection);
        }
        String requestId = newId();
        if (route.authorizer() != null) {
            Optional<GatewayResponse> refusal = authorize(route.authorizer(), request, connection, requestId);
            if (refusal.isPresent()) {
                return Upgrade.refused(refusal.get());
            }
        }
        ObjectNode event = requestParts(request);
        event.set("requestContext", requestContext(connection, "$connect", "CONNECT", requestId, connectedAt));
        event.put("isBase64Encoded", false);
        Invocation invocation = invoker.apply(route.functionLogicalId(), GatewayResponse.jsonBytes(event));
        if (invocation.failed()) {
            return Upgrade.refused(GatewayResponse.gatewayError(500, "Internal server error"));
        }
        int status = statusCode(invocation.payload());
        if (!SUCCESS.matcher(Integer.toString(status)).matches()) {
            return Upgrade.refused(GatewayResponse.gatewayError(status, reason(status)));
        }
        return Upgrade.accepted(connection);
    }

    /** The refusal of the authorizer, or empty with the connection's authorizer context set. */
    private Optional<GatewayResponse> authorize(WebSocketApiDefinition.Authorizer authorizer, GatewayRequest request,
                                                Connection connection, String requestId) {
        Map<String, String> query = QueryStrings.parse(request.rawQuery());
        for (String source : authorizer.identitySources()) {
            String value = source.startsWith("route.request.querystring.")
                    ? query.get(source.substring("route.request.querystring.".length()))
                    : firstHeader(request, source.substring("route.request.header.".length())).orElse(null);
            if (value == null || value.isBlank()) {
                return Optional.of(GatewayResponse.gatewayError(401, "Unauthorized"));
            }
        }
        String methodArn = "arn:aws:execute-api:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":"
                + api.apiId() + "/" + api.stage() + "/$connect";
        ObjectNode event = JSON.createObjectNode();
        event.put("type", "REQUEST");
        event.put("methodArn", methodArn);
        event.setAll(requestParts(request));
        event.putObject("stageVariables");
        event.set("requestContext", requestContext(connection, "$connect", "CONNECT", requestId,
                connection.connectedAt()));
        Invocation invocation = invoker.apply(authorizer.functionLogicalId(), GatewayResponse.jsonBytes(event));
        if (invocation.failed()) {
            return Optional.of("Unauthorized".equals(invocation.error().errorMessage())
                    ? GatewayResponse.gatewayError(401, "Unauthorized")
                    : GatewayResponse.gatewayError(500, "Internal server error"));
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(invocation.payload());
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject() || !answer.path("policyDocument").isObject()) {
            return Optional.of(GatewayResponse.gatewayError(500, "Internal server error"));
        }
        if (!Policies.allows(answer.get("policyDocument"), methodArn)) {
            return Optional.of(GatewayResponse.gatewayError(403, "Forbidden"));
        }
        ObjectNode context = JSON.createObjectNode();
        answer.path("context").fields().forEachRemaining(e -> context.set(e.getKey(), e.getValue()));
        context.put("principalId", answer.path("principalId").asText(""));
        connection.authorized(context);
        return Optional.empty();
    }

    /** Headers and query parameters as the REST-style events of WebSocket APIs carry them. */
    private static ObjectNode requestParts(GatewayRequest request) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode headers = event.putObject("headers");
        ObjectNode multiValueHeaders = event.putObject("multiValueHeaders");
        request.headers().forEach((name, values) -> {
            headers.put(name, String.join(",", values));
            values.forEach(multiValueHeaders.withArray(name)::add);
        });
        Map<String, List<String>> query = QueryStrings.parseMultiValue(request.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode single = event.putObject("queryStringParameters");
            ObjectNode multi = event.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                single.put(name, values.getLast());
                values.forEach(multi.withArray(name)::add);
            });
        }
        return event;
    }

    ObjectNode requestContext(Connection connection, String routeKey, String eventType, String requestId,
                              Instant requestTime) {
        ObjectNode context = JSON.createObjectNode();
        context.put("routeKey", routeKey);
        context.put("eventType", eventType);
        context.put("extendedRequestId", requestId);
        context.put("requestTime", REQUEST_TIME.format(requestTime));
        context.put("messageDirection", "IN");
        context.put("stage", api.stage());
        context.put("connectedAt", connection.connectedAt().toEpochMilli());
        context.put("requestTimeEpoch", requestTime.toEpochMilli());
        ObjectNode identity = context.putObject("identity");
        identity.put("sourceIp", connection.sourceIp());
        identity.put("userAgent", connection.userAgent());
        context.put("requestId", requestId);
        context.put("domainName", connection.domainName());
        context.put("connectionId", connection.id());
        context.put("apiId", api.apiId());
        if (connection.authorizerContext() != null) {
            context.set("authorizer", connection.authorizerContext().deepCopy());
        }
        return context;
    }

    /** Runs the route a message selects; called one message at a time per connection. */
    void message(Connection connection, String body, boolean base64) {
        String routeKey = base64 ? "$default" : selectRoute(body);
        WebSocketApiDefinition.Route route = api.routes().get(routeKey);
        String requestId = newId();
        if (route == null) {
            connection.send(errorMessage("Forbidden", connection, requestId));
            return;
        }
        Instant now = Instant.now();
        ObjectNode context = requestContext(connection, routeKey, "MESSAGE", requestId, now);
        context.put("messageId", newId());
        ObjectNode event = JSON.createObjectNode();
        event.set("requestContext", context);
        event.put("body", body);
        event.put("isBase64Encoded", base64);
        Invocation invocation = invoker.apply(route.functionLogicalId(), GatewayResponse.jsonBytes(event));
        if (invocation.failed()) {
            connection.send(errorMessage("Internal server error", connection, requestId));
            return;
        }
        if (route.twoWay()) {
            answerBody(invocation.payload()).ifPresent(connection::send);
        }
    }

    /** Runs {@code $disconnect} (if the API has it) for a connection that has closed. */
    void disconnect(Connection connection, int statusCode, String reason) {
        connections.remove(connection.id(), connection);
        connection.expires(null);
        WebSocketApiDefinition.Route route = api.routes().get("$disconnect");
        if (route == null) {
            return;
        }
        ObjectNode context = requestContext(connection, "$disconnect", "DISCONNECT", newId(), Instant.now());
        context.put("disconnectStatusCode", statusCode);
        context.put("disconnectReason", reason == null ? "" : reason);
        ObjectNode event = JSON.createObjectNode();
        event.set("requestContext", context);
        event.put("isBase64Encoded", false);
        Invocation invocation = invoker.apply(route.functionLogicalId(), GatewayResponse.jsonBytes(event));
        if (invocation.failed()) {
            log.println("[websocket] $disconnect of " + connection.id() + " failed: "
                    + invocation.error().errorType() + ": " + invocation.error().errorMessage());
        }
    }

    void opened(Connection connection) {
        connections.put(connection.id(), connection);
        long remaining = Duration.between(Instant.now(), connection.connectedAt().plus(maxConnectionDuration))
                .toMillis();
        connection.expires(limits.schedule(() -> connection.close(1001, "Going away"), Math.max(0, remaining),
                TimeUnit.MILLISECONDS));
    }

    void failed(Connection connection, RuntimeException e) {
        log.println("[websocket] an event of connection " + connection.id() + " failed: " + e);
    }

    ExecutorService dispatch() {
        return dispatch;
    }

    /** An open connection, for the Management API. */
    public Optional<Connection> connection(String connectionId) {
        return Optional.ofNullable(connections.get(connectionId));
    }

    private String selectRoute(String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            return "$default";
        }
        for (String field : api.selectionPath()) {
            node = node == null ? null : node.get(field);
        }
        String key = node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
        return key != null && !key.startsWith("$") && api.routes().containsKey(key) ? key : "$default";
    }

    private static Optional<String> answerBody(byte[] payload) {
        try {
            JsonNode answer = JSON.readTree(payload);
            JsonNode body = answer == null ? null : answer.get("body");
            return body == null || body.isNull() ? Optional.empty() : Optional.of(body.asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** An integration answer's statusCode; an answer without one counts as 200, as a proxy integration's does. */
    private static int statusCode(byte[] payload) {
        try {
            JsonNode answer = JSON.readTree(payload);
            JsonNode status = answer == null ? null : answer.get("statusCode");
            return status != null && status.canConvertToInt() ? status.asInt() : 200;
        } catch (IOException e) {
            return 500;
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            default -> status >= 500 ? "Internal server error" : "Error";
        };
    }

    /** What API Gateway sends the caller when it cannot route a message or the integration failed. */
    private static String errorMessage(String message, Connection connection, String requestId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("message", message);
        body.put("connectionId", connection.id());
        body.put("requestId", requestId);
        return body.toString();
    }

    /** An id in API Gateway's shape: 11 random bytes in base64, such as {@code L0SM9cOFvHcCIhw=} (URL-safe here). */
    String newId() {
        byte[] bytes = new byte[11];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    private static Optional<String> firstHeader(GatewayRequest request, String name) {
        return request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }


    /** Closes every connection (1001, as a deployment does) and waits a while for their {@code $disconnect}s. */
    @Override
    public void close() {
        List<Connection> open = new ArrayList<>(connections.values());
        open.forEach(connection -> connection.close(1001, "Going away"));
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Connection connection : open) {
            connection.awaitDisconnected(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        limits.shutdownNow();
        dispatch.shutdownNow();
    }
}
