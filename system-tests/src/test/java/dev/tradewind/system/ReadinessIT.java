package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "Try it" right after the ready line: on a fresh data directory (the first ingestion backfills) and
 * after a restart on it (the clock continues from where it stopped), a market order fills instead of failing with
 * STALE_PRICE. Until then GET /_local/ready says 503 with what is pending, and the replay clock stands still. The
 * restart keeps the accounts and the dev signing key: a token from before it still verifies.
 */
class ReadinessIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDirectory;

    @Test
    void ready_beforeCatchUp_returns503ThenReady_andAMarketOrderFills_freshAndAfterARestart() throws Exception {
        AuthClient.Trader before;
        try (RuntimeProcess first = RuntimeProcess.launch(dataDirectory)) {
            HttpResponse<String> notYet = first.get("/_local/ready");
            assertEquals(503, notYet.statusCode(), notYet.body());
            JsonNode pending = JSON.readTree(notYet.body()).get("pending");
            assertFalse(pending.isEmpty(), notYet.body());
            JsonNode heldClock = JSON.readTree(first.get("/_local/clock").body());
            assertEquals("2022-01-03T00:00:00Z", heldClock.get("now").asText(), "held at the replay start");
            assertFalse(heldClock.get("running").asBoolean());

            first.awaitLine(RuntimeProcess.READY_LINE, Duration.ofMinutes(8));
            assertReady(first);
            before = marketOrderFills(first, "first");
        }
        Instant stoppedAt = Instant.parse(new String(Files.readAllBytes(dataDirectory.resolve("replay-clock.txt")))
                .trim());
        assertTrue(Files.isRegularFile(dataDirectory.resolve("auth/dev-signing-keys.json")),
                "the dev key is in the data dir");
        try (RuntimeProcess second = RuntimeProcess.startApi(dataDirectory)) {
            assertReady(second);
            Instant now = Instant.parse(JSON.readTree(second.get("/_local/clock").body()).get("now").asText());
            assertFalse(now.isBefore(stoppedAt), "the restart continues where the clock stopped");
            assertEquals(200, second.get("/v1/auth/me", before.bearer()).statusCode(),
                    "a token from before the restart still verifies: same key");
            AuthClient auth = new AuthClient(second);
            assertEquals(before.userId(), auth.signIn(before.email(), AuthClient.PASSWORD).userId());
            assertEquals(409, auth.register(before.email(), AuthClient.PASSWORD, "Again").statusCode());
            marketOrderFills(second, "second");
        }
    }

    private static void assertReady(RuntimeProcess runtime) throws Exception {
        HttpResponse<String> ready = runtime.get("/_local/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(JSON.readTree(ready.body()).get("ready").asBoolean(), ready.body());
        assertEquals(1, runtime.output().stream().filter(l -> l.startsWith(RuntimeProcess.READY_LINE)).count(),
                "one ready line");
    }

    /** README.md's session and market order, with a new trader; returns the trader. */
    private static AuthClient.Trader marketOrderFills(RuntimeProcess runtime, String who) throws Exception {
        AuthClient.Trader trader = new AuthClient(runtime).signUp(who);
        String token = trader.accessToken();
        JsonNode candles = runtime.call(token, "GET", "/v1/assets/BTCUSDT/candles?limit=2", null, 200);
        assertEquals(2, candles.get("candles").size(), candles.toString());
        String session = runtime.call(token, "POST", "/v1/sessions", "{\"name\":\"First\",\"startingCash\":\"10000\","
                + "\"currency\":\"USD\",\"feesBps\":10,\"slippageBps\":5}", 201).get("id").asText();
        JsonNode order = runtime.call(token, "POST", "/v1/sessions/" + session + "/orders",
                "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.05\",\"type\":\"MARKET\"}", 201,
                "Content-Type", "application/json", "Idempotency-Key", "first-buy");
        assertEquals("FILLED", order.get("status").asText(), order.toString());
        return trader;
    }
}
