package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local runtime as a newcomer starts it, answering over HTTP from handlers loaded out of their zips. */
class LocalRuntimeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDirectory;

    private static RuntimeProcess runtime;

    @BeforeAll
    static void start() throws Exception {
        runtime = RuntimeProcess.startApi(dataDirectory);
    }

    @AfterAll
    static void stop() throws Exception {
        runtime.close();
    }

    @Test
    void healthRoutes_answer200FromEveryFunction() throws Exception {
        Map<String, String> routes = Map.of("/v1/health/auth", "auth", "/v1/health/market", "market-ingest",
                "/v1/health/predict", "predict", "/v1/health/trading", "trading-session",
                "/v1/health/behavior", "analyze-behavior");
        for (var route : routes.entrySet()) {
            HttpResponse<String> response = runtime.get(route.getKey());
            assertEquals(200, response.statusCode(), route.getKey() + " -> " + response.body());
            JsonNode body = JSON.readTree(response.body());
            assertEquals("ok", body.get("status").asText());
            assertEquals(route.getValue(), body.get("function").asText());
            assertTrue(response.headers().firstValue("apigw-requestid").isPresent());
        }
    }

    @Test
    void firstInvocation_reportsInitDurationAndLaterOnesDoNot() throws Exception {
        runtime.get("/v1/health/behavior");
        runtime.get("/v1/health/behavior");
        List<String> reports = runtime.output().stream()
                .filter(line -> line.startsWith("REPORT RequestId:") && line.contains("Function: AnalyzeBehaviorFunction"))
                .toList();
        assertTrue(reports.size() >= 2, reports.toString());
        assertTrue(reports.getFirst().contains("Init Duration:"), reports.getFirst());
        assertFalse(reports.getLast().contains("Init Duration:"), reports.getLast());
    }

    @Test
    void protectedRoute_withoutToken_returns401WithoutCallingTheAuthorizer() throws Exception {
        long authorizerCallsBefore = authorizerReports();
        HttpResponse<String> response = runtime.get("/v1/auth/me");
        assertEquals(401, response.statusCode());
        assertEquals("Unauthorized", JSON.readTree(response.body()).get("message").asText());
        assertEquals(authorizerCallsBefore, authorizerReports());
    }

    @Test
    void protectedRoute_withInvalidToken_returns401() throws Exception {
        HttpResponse<String> response = runtime.get("/v1/auth/me", "Authorization", "Bearer not-a-token");
        assertEquals(401, response.statusCode());
        assertTrue(authorizerReports() > 0, "the authorizer function decided");
    }

    @Test
    void unknownRoute_returns404() throws Exception {
        assertEquals(404, runtime.get("/v1/nowhere").statusCode());
    }

    @Test
    void corsPreflight_answersWithTheTemplateConfiguration() throws Exception {
        HttpResponse<String> response = runtime.send("OPTIONS", "/v1/auth/me", null, "Origin", "https://app.example",
                "Access-Control-Request-Method", "GET");
        assertEquals(204, response.statusCode());
        assertTrue(response.headers().firstValue("access-control-allow-methods").orElse("").contains("GET"));
        assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElse(""));
    }

    @Test
    void secondRuntimeOnTheSameDataDirectory_failsWithOneLine() throws Exception {
        Process second = new ProcessBuilder(RuntimeProcess.command("start-api", "--port", "0",
                "--data-dir", dataDirectory.toString()))
                .directory(dev.tradewind.testing.Repository.root().toFile()).redirectErrorStream(true).start();
        String output = new String(second.getInputStream().readAllBytes()).trim();
        assertEquals(1, second.waitFor());
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.contains("is in use by another local runtime"), output);
    }

    @Test
    void registerLoginAndCallAPrivateRoute_asTheReadmeCurlDoes() throws Exception {
        AuthClient auth = new AuthClient(runtime);
        AuthClient.Trader trader = auth.signUp("readme");

        HttpResponse<String> me = runtime.get("/v1/auth/me", trader.bearer());
        assertEquals(200, me.statusCode(), me.body());
        assertEquals(trader.email(), JSON.readTree(me.body()).get("email").asText());

        String[] parts = trader.accessToken().split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertEquals(401, runtime.get("/v1/auth/me", "Authorization", "Bearer " + forged).statusCode());
        assertEquals(401, runtime.get("/v1/auth/me").statusCode());
        HttpResponse<String> jwks = runtime.get("/.well-known/jwks.json");
        assertEquals(200, jwks.statusCode());
        assertEquals(1, JSON.readTree(jwks.body()).get("keys").size());
    }

    /** Raw bytes on a socket: an HTTP client refuses to send a malformed URI at all. */
    private static String raw(String requestLine) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
                runtime.uri("/").getPort())) {
            socket.getOutputStream().write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void query_badPercentEscape_returnsJson400() throws Exception {
        for (String line : List.of("GET /v1/assets?limit=%zz HTTP/1.1", "GET /v1/health/auth%zz HTTP/1.1",
                "GET /_local/clock?x=% HTTP/1.1")) {
            String response = raw(line);
            assertTrue(response.startsWith("HTTP/1.1 400 "), line + " -> " + response);
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertEquals("Bad Request", JSON.readTree(body).get("message").asText(), response);
            assertTrue(response.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), response);
            assertFalse(response.contains("Exception"), response);
        }
    }

    private static java.time.Instant replayNow() throws Exception {
        return java.time.Instant.parse(JSON.readTree(runtime.get("/_local/clock").body()).get("now").asText());
    }

    @Test
    void admin_advanceBeyondAYear_returns400AndKeepsClock() throws Exception {
        java.time.Instant before = replayNow();
        HttpResponse<String> response = runtime.send("POST", "/_local/clock/advance?by=P100000000D", null);
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("INVALID_INPUT", JSON.readTree(response.body()).path("error").path("code").asText());
        assertTrue(replayNow().isBefore(before.plus(java.time.Duration.ofDays(1))), "the clock did not jump");
    }

    @Test
    void admin_withBrowserOrigin_returns403() throws Exception {
        java.time.Instant before = replayNow();
        HttpResponse<String> response = runtime.send("POST", "/_local/clock/advance?by=P30D", null,
                "Origin", "https://attacker.example");
        assertEquals(403, response.statusCode(), response.body());
        HttpResponse<String> form = runtime.send("POST", "/_local/clock/advance?by=P30D", "by=P30D",
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(403, form.statusCode(), form.body());
        assertTrue(replayNow().isBefore(before.plus(java.time.Duration.ofDays(1))), "the clock did not jump");
    }

    @Test
    void admin_nonLoopbackWithoutAdminFlag_notServed(@TempDir Path ownData) throws Exception {
        try (RuntimeProcess open = RuntimeProcess.startApi(ownData, "--host", "0.0.0.0", "--no-schedules")) {
            assertEquals(404, open.get("/_local/clock").statusCode());
            HttpResponse<String> advance = open.send("POST", "/_local/clock/advance?by=PT1H", null);
            assertEquals(404, advance.statusCode(), advance.body());
            assertEquals("Not Found", JSON.readTree(advance.body()).get("message").asText());
        }
    }

    private static long authorizerReports() {
        return runtime.output().stream()
                .filter(line -> line.startsWith("REPORT") && line.contains("Function: AuthorizerFunction")).count();
    }
}
