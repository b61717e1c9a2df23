package dev.tradewind.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.local.lambda.FunctionError;
import dev.tradewind.local.lambda.Invocation;
import dev.tradewind.local.template.HttpApiDefinition;
import dev.tradewind.local.template.HttpRoute;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class HttpApiGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> invoked = new ArrayList<>();
    private final Map<String, JsonNode> lastEvent = new LinkedHashMap<>();
    private Function<JsonNode, Invocation> authorizer = event -> ok("{\"isAuthorized\":true,\"context\":{\"userId\":\"u1\"}}");
    private Function<JsonNode, Invocation> backend = event -> ok("{\"statusCode\":200,\"headers\":{\"X-A\":\"1\"},"
            + "\"body\":\"{\\\"ok\\\":true}\"}");

    private static Invocation ok(String payload) {
        return new Invocation("id", "fn", payload.getBytes(StandardCharsets.UTF_8), null, 1, null, 128);
    }

    private static Invocation failed(String message) {
        return new Invocation("id", "fn", null, new FunctionError("java.lang.RuntimeException", message), 1, null, 128);
    }

    private HttpApiGateway gateway(int ttlSeconds) {
        var jwt = new HttpApiDefinition.Authorizer("Jwt", "AuthorizerFn", List.of("Authorization"), ttlSeconds, true, "2.0");
        var cors = new HttpApiDefinition.Cors(List.of("https://app.example"), List.of("GET", "POST"),
                List.of("authorization"), List.of("location"), 600, false);
        var api = new HttpApiDefinition("Api", "Jwt", Map.of("Jwt", jwt), cors);
        List<HttpRoute> routes = List.of(
                new HttpRoute("Backend", "Get", "GET", "/v1/assets/{symbol}", true),
                new HttpRoute("Backend", "Summary", "GET", "/v1/assets/summary", true),
                new HttpRoute("Backend", "Health", "GET", "/v1/health", false),
                new HttpRoute("Backend", "Proxy", "ANY", "/v1/files/{proxy+}", false));
        return new HttpApiGateway(api, routes, (function, payload) -> {
            invoked.add(function);
            try {
                JsonNode event = JSON.readTree(payload);
                lastEvent.put(function, event);
                return function.equals("AuthorizerFn") ? authorizer.apply(event) : backend.apply(event);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static GatewayRequest request(String method, String path, String query, Map<String, List<String>> headers,
                                          String body) {
        return new GatewayRequest(method, path, query, headers, body == null ? new byte[0]
                : body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", "HTTP/1.1");
    }

    private static Map<String, List<String>> bearer() {
        return Map.of("Authorization", List.of("Bearer t1"));
    }

    @Test
    void protectedRoute_withoutIdentitySource_is401AndTheAuthorizerIsNotCalled() {
        GatewayResponse response = gateway(300).handle(request("GET", "/v1/assets/BTC", null, Map.of(), null));
        assertEquals(401, response.status());
        assertEquals("{\"message\":\"Unauthorized\"}", response.bodyText());
        assertEquals(List.of(), invoked);
    }

    @Test
    void authorizerAllows_contextReachesTheFunctionInPayload2Shape() {
        GatewayResponse response = gateway(300).handle(request("GET", "/v1/assets/BTC%2FUSD", "limit=5&tag=a&tag=b",
                Map.of("Authorization", List.of("Bearer t1"), "X-Trace", List.of("a", "b"),
                        "Cookie", List.of("s=1; t=2")), null));
        assertEquals(200, response.status());
        assertEquals(List.of("1"), response.headers().get("x-a"));
        JsonNode event = lastEvent.get("Backend");
        assertEquals("2.0", event.get("version").asText());
        assertEquals("GET /v1/assets/{symbol}", event.get("routeKey").asText());
        assertEquals("BTC/USD", event.get("pathParameters").get("symbol").asText());
        assertEquals("b", event.get("queryStringParameters").get("tag").asText().split(",")[1]);
        assertEquals("a,b", event.get("headers").get("x-trace").asText());
        assertEquals("s=1", event.get("cookies").get(0).asText());
        assertEquals("u1", event.get("requestContext").get("authorizer").get("lambda").get("userId").asText());
        JsonNode authorizerEvent = lastEvent.get("AuthorizerFn");
        assertEquals("REQUEST", authorizerEvent.get("type").asText());
        assertEquals("Bearer t1", authorizerEvent.get("identitySource").get(0).asText());
    }

    @Test
    void literalRoute_beatsParameterRoute() {
        gateway(0).handle(request("GET", "/v1/assets/summary", null, bearer(), null));
        assertEquals("GET /v1/assets/summary", lastEvent.get("Backend").get("routeKey").asText());
    }

    @Test
    void greedyProxy_capturesTheRestOfThePath() {
        gateway(0).handle(request("DELETE", "/v1/files/a/b/c.txt", null, Map.of(), null));
        assertEquals("a/b/c.txt", lastEvent.get("Backend").get("pathParameters").get("proxy").asText());
    }

    @Test
    void authorizerRefuses_is403() {
        authorizer = event -> ok("{\"isAuthorized\":false}");
        GatewayResponse response = gateway(300).handle(request("GET", "/v1/assets/BTC", null, bearer(), null));
        assertEquals(403, response.status());
        assertEquals("{\"message\":\"Forbidden\"}", response.bodyText());
        assertFalse(invoked.contains("Backend"));
    }

    @Test
    void authorizerFailsWithUnauthorized_is401_otherFailures500() {
        authorizer = event -> failed("Unauthorized");
        assertEquals(401, gateway(300).handle(request("GET", "/v1/assets/BTC", null, bearer(), null)).status());
        authorizer = event -> failed("boom");
        assertEquals(500, gateway(300).handle(request("GET", "/v1/assets/BTC", null, bearer(), null)).status());
        authorizer = event -> ok("not json");
        assertEquals(500, gateway(300).handle(request("GET", "/v1/assets/BTC", null, bearer(), null)).status());
    }

    @Test
    void authorizerAnswer_isCachedPerIdentityForReauthorizeEvery() {
        HttpApiGateway cached = gateway(300);
        cached.handle(request("GET", "/v1/assets/BTC", null, bearer(), null));
        cached.handle(request("GET", "/v1/assets/ETH", null, bearer(), null));
        assertEquals(1, invoked.stream().filter("AuthorizerFn"::equals).count());
        cached.handle(request("GET", "/v1/assets/ETH", null, Map.of("Authorization", List.of("Bearer t2")), null));
        assertEquals(2, invoked.stream().filter("AuthorizerFn"::equals).count());

        invoked.clear();
        HttpApiGateway uncached = gateway(0);
        uncached.handle(request("GET", "/v1/assets/BTC", null, bearer(), null));
        uncached.handle(request("GET", "/v1/assets/BTC", null, bearer(), null));
        assertEquals(2, invoked.stream().filter("AuthorizerFn"::equals).count());
    }

    @Test
    void publicRoute_skipsTheAuthorizer() {
        assertEquals(200, gateway(300).handle(request("GET", "/v1/health", null, Map.of(), null)).status());
        assertEquals(List.of("Backend"), invoked);
    }

    @Test
    void unknownPathOrMethod_is404() {
        assertEquals(404, gateway(300).handle(request("GET", "/v2/x", null, Map.of(), null)).status());
        assertEquals(404, gateway(300).handle(request("POST", "/v1/health", null, Map.of(), null)).status());
    }

    @Test
    void functionFailure_is500WithGatewayMessage() {
        backend = event -> failed("NullPointerException");
        GatewayResponse response = gateway(300).handle(request("GET", "/v1/health", null, Map.of(), null));
        assertEquals(500, response.status());
        assertEquals("{\"message\":\"Internal Server Error\"}", response.bodyText());
    }

    @Test
    void responseWithoutStatusCode_isA200WithThatJson() {
        backend = event -> ok("{\"hello\":\"world\"}");
        GatewayResponse response = gateway(300).handle(request("GET", "/v1/health", null, Map.of(), null));
        assertEquals(200, response.status());
        assertEquals("{\"hello\":\"world\"}", response.bodyText());
    }

    @Test
    void base64ResponseAndCookies_areDecoded() {
        backend = event -> ok("{\"statusCode\":201,\"isBase64Encoded\":true,\"body\":\"aGk=\",\"cookies\":[\"a=1\",\"b=2\"]}");
        GatewayResponse response = gateway(300).handle(request("GET", "/v1/health", null, Map.of(), null));
        assertEquals(201, response.status());
        assertEquals("hi", response.bodyText());
        assertEquals(List.of("a=1", "b=2"), response.headers().get("set-cookie"));
    }

    @Test
    void binaryRequestBody_isBase64Encoded_textIsNot() {
        HttpApiGateway gateway = gateway(300);
        gateway.handle(new GatewayRequest("GET", "/v1/health", null, Map.of("Content-Type", List.of("image/png")),
                new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "127.0.0.1", "HTTP/1.1"));
        assertTrue(lastEvent.get("Backend").get("isBase64Encoded").asBoolean());
        gateway.handle(request("GET", "/v1/health", null, Map.of("Content-Type", List.of("application/json")), "{}"));
        assertEquals("{}", lastEvent.get("Backend").get("body").asText());
        assertFalse(lastEvent.get("Backend").get("isBase64Encoded").asBoolean());
    }

    @Test
    void corsPreflight_andAllowOriginOnResponses() {
        HttpApiGateway gateway = gateway(300);
        GatewayResponse preflight = gateway.handle(request("OPTIONS", "/v1/assets/BTC", null,
                Map.of("Origin", List.of("https://app.example")), null));
        assertEquals(204, preflight.status());
        assertEquals(List.of("GET,POST"), preflight.headers().get("access-control-allow-methods"));
        assertEquals(List.of("600"), preflight.headers().get("access-control-max-age"));
        assertEquals(List.of(), invoked, "preflight never reaches a function");

        GatewayResponse response = gateway.handle(request("GET", "/v1/health", null,
                Map.of("Origin", List.of("https://app.example")), null));
        assertEquals(List.of("https://app.example"), response.headers().get("access-control-allow-origin"));
        GatewayResponse foreign = gateway.handle(request("GET", "/v1/health", null,
                Map.of("Origin", List.of("https://evil.example")), null));
        assertFalse(foreign.headers().containsKey("access-control-allow-origin"));
    }
}
