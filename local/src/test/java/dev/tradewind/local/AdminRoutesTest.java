package dev.tradewind.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.local.clock.ReplayClock;
import dev.tradewind.local.events.LocalEventBridge;
import dev.tradewind.local.gateway.GatewayRequest;
import dev.tradewind.local.gateway.GatewayResponse;
import dev.tradewind.local.gateway.LocalCallers;
import dev.tradewind.local.schedule.Scheduler;
import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2022-01-03T00:00:00Z");

    private final Readiness readiness = new Readiness();
    private final ReplayClock clock = ReplayClock.held(START, 720);
    private final AdminRoutes admin = new AdminRoutes(readiness);
    private final LocalEventBridge eventBridge = new LocalEventBridge(List.of(), List.of(),
            (function, payload) -> { throw new AssertionError("no rule, no delivery"); },
            new PrintStream(OutputStream.nullOutputStream()));

    AdminRoutesTest() {
        Scheduler scheduler = new Scheduler(List.of(), clock, d -> d, (s, input) -> { },
                new PrintStream(OutputStream.nullOutputStream()));
        admin.attach(clock, () -> scheduler, eventBridge);
        readiness.catchUpFinished();
    }

    private static GatewayRequest request(String method, String pathAndQuery, String sourceIp, String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("Host", List.of("127.0.0.1:3000"));
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        int q = pathAndQuery.indexOf('?');
        return new GatewayRequest(method, q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
                q < 0 ? null : pathAndQuery.substring(q + 1), map, new byte[0], sourceIp, "HTTP/1.1");
    }

    private GatewayResponse send(String method, String pathAndQuery, String... headers) {
        return admin.handle(request(method, pathAndQuery, "127.0.0.1", headers));
    }

    private static String code(GatewayResponse response) throws Exception {
        return JSON.readTree(response.body()).path("error").path("code").asText();
    }

    @Test
    void admin_events_countsTheBusDeliveries() throws Exception {
        eventBridge.put(new LocalEventBridge.Entry("default", "tradewind.test", "Tested.v1",
                JSON.createObjectNode(), START, List.of()));
        GatewayResponse response = send("GET", "/_local/events");
        assertEquals(200, response.status(), response.bodyText());
        JsonNode stats = JSON.readTree(response.body());
        assertEquals(1, stats.path("published").asInt());
        assertEquals(1, stats.path("unmatched").asInt());
        assertEquals(0, stats.path("pending").asInt());
    }

    @Test
    void admin_advanceBeyondAYear_returns400AndKeepsClock() throws Exception {
        for (String by : List.of("P100000000D", "P366D", "-PT1H", "PT0S", "PT0.001S", "PT0.999S", "PT6X", "")) {
            GatewayResponse response = send("POST", "/_local/clock/advance?by=" + by);
            assertEquals(400, response.status(), by + " -> " + response.bodyText());
            assertEquals("INVALID_INPUT", code(response));
            assertEquals(START, clock.instant(), by);
        }
        GatewayResponse second = send("POST", "/_local/clock/advance?by=PT1S");
        assertEquals(200, second.status(), second.bodyText());
        assertEquals(START.plusSeconds(1), clock.instant());
        GatewayResponse year = send("POST", "/_local/clock/advance?by=P365D");
        assertEquals(200, year.status(), year.bodyText());
        assertEquals(START.plusSeconds(1).plus(java.time.Duration.ofDays(365)), clock.instant());
    }

    @Test
    void admin_advanceNearTheLastRepresentableYear_returns400AndKeepsClock() {
        ReplayClock late = ReplayClock.held(Instant.parse("9999-06-01T00:00:00Z"), 720);
        admin.attach(late, () -> null, eventBridge);
        assertEquals(400, send("POST", "/_local/clock/advance?by=P365D").status());
        assertEquals(Instant.parse("9999-06-01T00:00:00Z"), late.instant());
    }

    @Test
    void admin_advanceWhileCatchingUp_returns409() throws Exception {
        Readiness catchingUp = new Readiness();
        AdminRoutes routes = new AdminRoutes(catchingUp);
        routes.attach(clock, () -> null, eventBridge);
        GatewayResponse response = routes.handle(request("POST", "/_local/clock/advance?by=PT1H", "127.0.0.1"));
        assertEquals(409, response.status());
        assertEquals("NOT_READY", code(response));
        assertEquals(START, clock.instant());
    }

    @Test
    void admin_withBrowserOrigin_returns403() throws Exception {
        GatewayResponse response = send("POST", "/_local/clock/advance?by=PT1H", "Origin", "https://evil.example");
        assertEquals(403, response.status());
        assertEquals("FORBIDDEN", code(response));
        assertEquals(403, send("POST", "/_local/clock/advance?by=PT1H", "Origin", "null").status());
        assertEquals(START, clock.instant());
        assertEquals(200, send("POST", "/_local/clock/advance?by=PT1H", "Origin", "http://127.0.0.1:3000").status(),
                "its own origin");
    }

    @Test
    void admin_formContentType_returns403() {
        for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "text/plain")) {
            assertEquals(403, send("POST", "/_local/clock/advance?by=PT1H", "Content-Type", type).status(), type);
        }
        assertEquals(START, clock.instant());
        assertEquals(200, send("POST", "/_local/clock/advance?by=PT1H", "Content-Type", "application/json").status());
    }

    @Test
    void admin_nonLoopbackCaller_returns403() {
        for (String ip : List.of("192.168.1.20", "10.0.0.1", "2001:db8::1")) {
            GatewayResponse response = admin.handle(request("POST", "/_local/clock/advance?by=PT1H", ip));
            assertEquals(403, response.status(), ip);
            assertEquals(403, admin.handle(request("GET", "/_local/clock", ip)).status(), ip);
        }
        assertEquals(START, clock.instant());
        assertEquals(200, admin.handle(request("GET", "/_local/clock", "::1")).status());
    }

    @Test
    void admin_rebindingHostName_returns403() {
        GatewayResponse response = admin.handle(new GatewayRequest("POST", "/_local/clock/advance", "by=PT1H",
                Map.of("Host", List.of("attacker.example:3000")), new byte[0], "127.0.0.1", "HTTP/1.1"));
        assertEquals(403, response.status());
        assertEquals(START, clock.instant());
        assertTrue(LocalCallers.isLoopbackHost("localhost:3000"));
        assertTrue(LocalCallers.isLoopbackHost("[::1]:3000"));
        assertTrue(LocalCallers.isLoopbackHost("127.0.0.1"));
        assertFalse(LocalCallers.isLoopbackHost("127.0.0.1.nip.io:3000"));
    }

    @Test
    void ready_beforeCatchUp_returns503WithWhatIsPending_thenReady() throws Exception {
        Readiness fresh = new Readiness();
        AdminRoutes routes = new AdminRoutes(fresh);
        fresh.pending("MarketIngestFunctionCryptoHourly", "waiting for its first run");
        GatewayResponse before = routes.handle(request("GET", "/_local/ready", "127.0.0.1"));
        assertEquals(503, before.status());
        JsonNode body = JSON.readTree(before.body());
        assertFalse(body.get("ready").asBoolean());
        assertEquals("waiting for its first run",
                body.path("pending").path("MarketIngestFunctionCryptoHourly").asText());
        assertEquals(503, routes.handle(request("GET", "/_local/clock", "127.0.0.1")).status(),
                "the other routes wait for the runtime");

        assertFalse(fresh.done("MarketIngestFunctionCryptoHourly"), "not ready while the catch-up still runs");
        assertTrue(fresh.catchUpFinished());
        GatewayResponse after = routes.handle(request("GET", "/_local/ready", "127.0.0.1"));
        assertEquals(200, after.status());
        assertTrue(JSON.readTree(after.body()).get("ready").asBoolean());
        assertTrue(JSON.readTree(after.body()).get("pending").isEmpty());
    }
}
