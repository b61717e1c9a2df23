package dev.tradewind.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.local.lambda.Invocation;
import dev.tradewind.local.template.HttpApiDefinition;
import dev.tradewind.local.template.HttpRoute;
import dev.tradewind.local.template.Intrinsics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Emulates an API Gateway HTTP API in front of the functions: route selection, the payload 2.0 event, the Lambda
 * REQUEST authorizer (missing identity source → 401 without calling it; {@code isAuthorized: false} → 403; the
 * authorizer failing with "Unauthorized" → 401; any other authorizer failure → 500; answers cached per identity for
 * ReauthorizeEvery seconds), CORS, and the mapping of the function's response back to HTTP.
 */
public final class HttpApiGateway {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private final HttpApiDefinition api;
    private final RouteTable routes;
    private final BiFunction<String, byte[], Invocation> invoker;
    private final Map<String, CachedAuthorization> authorizationCache = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private record CachedAuthorization(boolean authorized, Map<String, Object> context, long expiresAtNanos) {
    }

    /** @param invoker runs a function (by logical id) with a payload and returns the invocation outcome */
    public HttpApiGateway(HttpApiDefinition api, List<HttpRoute> routes, BiFunction<String, byte[], Invocation> invoker) {
        this.api = api;
        this.routes = new RouteTable(routes);
        this.invoker = invoker;
    }

    public GatewayResponse handle(GatewayRequest request) {
        String requestId = newRequestId();
        GatewayResponse response = route(request, requestId);
        Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
        headers.put("apigw-requestid", List.of(requestId));
        corsHeaders(request).forEach(headers::put);
        return new GatewayResponse(response.status(), headers, response.body());
    }

    private GatewayResponse route(GatewayRequest request, String requestId) {
        if (request.method().equals("OPTIONS") && api != null && api.cors() != null) {
            Optional<RouteTable.Match> explicit = routes.match("OPTIONS", request.path());
            if (explicit.isEmpty() || explicit.get().route().method().equals("ANY")) {
                return new GatewayResponse(204, preflightHeaders(request), new byte[0]);
            }
        }
        Optional<RouteTable.Match> match = routes.match(request.method(), request.path());
        if (match.isEmpty()) {
            return GatewayResponse.gatewayError(404, "Not Found");
        }
        HttpRoute route = match.get().route();
        ObjectNode requestContext = requestContext(request, route, requestId);
        if (route.authorized() && api != null && api.defaultAuthorizer() != null) {
            HttpApiDefinition.Authorizer authorizer = api.authorizers().get(api.defaultAuthorizer());
            Authorization authorization = authorize(authorizer, request, route, match.get(), requestContext);
            if (authorization.failure != null) {
                return authorization.failure;
            }
            ObjectNode lambda = JSON.valueToTree(authorization.context);
            requestContext.putObject("authorizer").set("lambda", lambda);
        }
        ObjectNode event = event(request, route, match.get().pathParameters(), requestContext);
        Invocation invocation = invoker.apply(route.functionLogicalId(), bytes(event));
        if (invocation.failed()) {
            return GatewayResponse.gatewayError(500, "Internal Server Error");
        }
        return toHttp(invocation.payload());
    }

    private record Authorization(Map<String, Object> context, GatewayResponse failure) {
    }

    private Authorization authorize(HttpApiDefinition.Authorizer authorizer, GatewayRequest request, HttpRoute route,
                                    RouteTable.Match match, ObjectNode requestContext) {
        List<String> identity = new ArrayList<>();
        for (String header : authorizer.identityHeaders()) {
            String value = firstHeader(request, header);
            if (value == null || value.isBlank()) {
                return new Authorization(null, GatewayResponse.gatewayError(401, "Unauthorized"));
            }
            identity.add(value);
        }
        String cacheKey = authorizer.name() + "\n" + String.join("\n", identity);
        CachedAuthorization cached = authorizationCache.get(cacheKey);
        if (cached == null || cached.expiresAtNanos < System.nanoTime()) {
            ObjectNode event = JSON.createObjectNode();
            event.put("version", "2.0");
            event.put("type", "REQUEST");
            event.put("routeArn", "arn:aws:execute-api:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID
                    + ":local/$default/" + route.method() + route.path());
            ArrayNode sources = event.putArray("identitySource");
            identity.forEach(sources::add);
            event.put("routeKey", route.routeKey());
            event.put("rawPath", request.path());
            event.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());
            addRequestParts(event, request);
            event.set("requestContext", requestContext.deepCopy());
            if (!match.pathParameters().isEmpty()) {
                event.set("pathParameters", JSON.valueToTree(match.pathParameters()));
            }
            Invocation invocation = invoker.apply(authorizer.functionLogicalId(), bytes(event));
            if (invocation.failed()) {
                boolean unauthorized = "Unauthorized".equals(invocation.error().errorMessage());
                return new Authorization(null, unauthorized ? GatewayResponse.gatewayError(401, "Unauthorized")
                        : GatewayResponse.gatewayError(500, "Internal Server Error"));
            }
            cached = parseAuthorizerResponse(authorizer, invocation.payload());
            if (cached == null) {
                return new Authorization(null, GatewayResponse.gatewayError(500, "Internal Server Error"));
            }
            if (authorizer.reauthorizeEverySeconds() > 0) {
                authorizationCache.put(cacheKey, cached);
            }
        }
        if (!cached.authorized) {
            return new Authorization(null, GatewayResponse.gatewayError(403, "Forbidden"));
        }
        return new Authorization(cached.context, null);
    }

    private CachedAuthorization parseAuthorizerResponse(HttpApiDefinition.Authorizer authorizer, byte[] payload) {
        try {
            JsonNode response = JSON.readTree(payload);
            if (!authorizer.simpleResponses() || response == null || !response.path("isAuthorized").isBoolean()) {
                return null;
            }
            Map<String, Object> context = new LinkedHashMap<>();
            response.path("context").fields().forEachRemaining(e -> context.put(e.getKey(),
                    JSON.convertValue(e.getValue(), Object.class)));
            long ttl = authorizer.reauthorizeEverySeconds() * 1_000_000_000L;
            return new CachedAuthorization(response.get("isAuthorized").asBoolean(), context, System.nanoTime() + ttl);
        } catch (IOException e) {
            return null;
        }
    }

    private ObjectNode requestContext(GatewayRequest request, HttpRoute route, String requestId) {
        ObjectNode context = JSON.createObjectNode();
        context.put("accountId", Intrinsics.ACCOUNT_ID);
        context.put("apiId", "local");
        String host = Optional.ofNullable(firstHeader(request, "host")).orElse("localhost");
        context.put("domainName", host);
        context.put("domainPrefix", host.contains(".") ? host.substring(0, host.indexOf('.')) : host.split(":")[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.path());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", Optional.ofNullable(firstHeader(request, "user-agent")).orElse(""));
        context.put("requestId", requestId);
        context.put("routeKey", route.routeKey());
        context.put("stage", "$default");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toInstant().toEpochMilli());
        return context;
    }

    private ObjectNode event(GatewayRequest request, HttpRoute route, Map<String, String> pathParameters,
                             ObjectNode requestContext) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", route.routeKey());
        event.put("rawPath", request.path());
        event.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());
        addRequestParts(event, request);
        event.set("requestContext", requestContext);
        if (!pathParameters.isEmpty()) {
            event.set("pathParameters", JSON.valueToTree(pathParameters));
        }
        if (request.body().length > 0) {
            Optional<String> text = isTextual(request) ? utf8(request.body()) : Optional.empty();
            event.put("body", text.orElseGet(() -> Base64.getEncoder().encodeToString(request.body())));
            event.put("isBase64Encoded", text.isEmpty());
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /** Cookies, headers (lower-cased, repeats joined by commas) and query parameters, as payload 2.0 has them. */
    private static void addRequestParts(ObjectNode event, GatewayRequest request) {
        ObjectNode headers = JSON.createObjectNode();
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(value -> {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                });
            } else {
                String existing = headers.path(lower).asText(null);
                String joined = String.join(",", values);
                headers.put(lower, existing == null ? joined : existing + "," + joined);
            }
        });
        if (!cookies.isEmpty()) {
            ArrayNode array = event.putArray("cookies");
            cookies.forEach(array::add);
        }
        event.set("headers", headers);
        Map<String, String> query = QueryStrings.parse(request.rawQuery());
        if (!query.isEmpty()) {
            event.set("queryStringParameters", JSON.valueToTree(query));
        }
    }

    /** Payload 2.0 response: an object with statusCode is explicit; any other JSON is a 200 with that JSON. */
    private static GatewayResponse toHttp(byte[] payload) {
        JsonNode response;
        try {
            response = JSON.readTree(payload);
        } catch (IOException e) {
            return GatewayResponse.gatewayError(500, "Internal Server Error");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (response == null || !response.isObject() || !response.has("statusCode")) {
            headers.put("content-type", List.of("application/json"));
            return new GatewayResponse(200, headers, payload);
        }
        response.path("headers").fields().forEachRemaining(e ->
                headers.put(e.getKey().toLowerCase(Locale.ROOT), List.of(e.getValue().asText())));
        response.path("multiValueHeaders").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            headers.put(e.getKey().toLowerCase(Locale.ROOT), values);
        });
        List<String> setCookies = new ArrayList<>();
        response.path("cookies").forEach(cookie -> setCookies.add(cookie.asText()));
        if (!setCookies.isEmpty()) {
            headers.put("set-cookie", setCookies);
        }
        byte[] body = new byte[0];
        JsonNode bodyNode = response.get("body");
        if (bodyNode != null && !bodyNode.isNull()) {
            body = response.path("isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(bodyNode.asText())
                    : bodyNode.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new GatewayResponse(response.get("statusCode").asInt(), headers, body);
    }

    private Map<String, List<String>> corsHeaders(GatewayRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String origin = firstHeader(request, "origin");
        if (api == null || api.cors() == null || origin == null || !originAllowed(origin)) {
            return headers;
        }
        headers.put("access-control-allow-origin", List.of(api.cors().allowOrigins().contains("*")
                && !api.cors().allowCredentials() ? "*" : origin));
        headers.put("vary", List.of("Origin"));
        if (api.cors().allowCredentials()) {
            headers.put("access-control-allow-credentials", List.of("true"));
        }
        if (!api.cors().exposeHeaders().isEmpty()) {
            headers.put("access-control-expose-headers", List.of(String.join(",", api.cors().exposeHeaders())));
        }
        return headers;
    }

    private Map<String, List<String>> preflightHeaders(GatewayRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String origin = firstHeader(request, "origin");
        if (origin == null || !originAllowed(origin)) {
            return headers;
        }
        HttpApiDefinition.Cors cors = api.cors();
        headers.put("access-control-allow-methods", List.of(String.join(",", cors.allowMethods())));
        headers.put("access-control-allow-headers", List.of(String.join(",", cors.allowHeaders())));
        if (cors.maxAgeSeconds() > 0) {
            headers.put("access-control-max-age", List.of(Integer.toString(cors.maxAgeSeconds())));
        }
        return headers;
    }

    private boolean originAllowed(String origin) {
        return api.cors().allowOrigins().contains("*") || api.cors().allowOrigins().contains(origin);
    }

    private static String firstHeader(GatewayRequest request, String name) {
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().getFirst();
            }
        }
        return null;
    }

    private static boolean isTextual(GatewayRequest request) {
        String type = firstHeader(request, "content-type");
        if (type == null) {
            return true;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("text/") || lower.contains("json") || lower.contains("xml")
                || lower.contains("x-www-form-urlencoded") || lower.contains("csv") || lower.contains("javascript");
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private String newRequestId() {
        byte[] id = new byte[12];
        random.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JSON.writeValue(out, node);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
