package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.testing.Repository;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour analysis end to end, through the local runtime as a trader drives it: import a CSV of real trades with revenge
 * entries and a disposition effect into a journal, analyse it, see both detected with the trades that prove them and
 * a recommendation for each; then turn the guardrail on in a paper session and see orders refused until the
 * cooldown the analysis started is over. The CSV (events/analyze-behavior/trades-revenge-disposition.csv) is 30
 * BTCUSDT fills at the open of their bundled hourly bars, the last a large loss closing at 2022-01-04 19:00; the
 * replay starts five minutes later at wall speed, and the candles around it are seeded from the bundled history.
 */
class BehaviorWalkthroughIT {

    private static final String BUY = "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.01\"}";

    @TempDir
    static Path dataDirectory;

    private static RuntimeProcess runtime;

    @BeforeAll
    static void start() throws Exception {
        runtime = RuntimeProcess.startApi(dataDirectory, "--no-schedules", "--replay-start", "2022-01-04T19:05:00Z",
                "--replay-speed", "1");
        // From a day before the first fill (FOMO looks 22 bars back) to a few days after the replay start.
        MarketSeed.seed(runtime, "BTCUSDT", "2022-01-01T00:00:00Z", "2022-01-08T00:00:00Z");
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static JsonNode order(String token, String sessionId, int expected) throws Exception {
        return runtime.call(token, "POST", "/v1/sessions/" + sessionId + "/orders", BUY, expected,
                "Content-Type", "application/json", "Idempotency-Key", UUID.randomUUID().toString());
    }

    private static JsonNode finding(JsonNode report, String pattern) {
        for (JsonNode f : report.get("analysis").get("findings")) {
            if (f.get("pattern").asText().equals(pattern)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + pattern + ": " + report);
    }

    private static List<String> evidenceIds(JsonNode finding) {
        List<String> ids = new ArrayList<>();
        finding.get("evidence").forEach(e -> e.get("tradeIds").forEach(id -> ids.add(id.asText())));
        return ids;
    }

    private static String recommendation(JsonNode report, String pattern) {
        for (JsonNode r : report.get("analysis").get("recommendations")) {
            if (r.get("finding").asText().equals(pattern)) {
                return r.get("text").asText();
            }
        }
        throw new AssertionError("no recommendation for " + pattern + ": " + report);
    }

    @Test
    void importAnalyseAndTheGuardrail_endToEnd() throws Exception {
        String alice = new AuthClient(runtime).signUp("alice").accessToken();

        // A journal of real trades with the capital they were made with, and the broker's CSV imported into it.
        String journal = runtime.call(alice, "POST", "/v1/sessions", "{\"name\":\"broker history\",\"type\":\"JOURNAL\","
                + "\"startingCash\":40000}", 201).get("id").asText();
        String csv = Files.readString(Repository.path("events/analyze-behavior/trades-revenge-disposition.csv"));
        JsonNode imported = runtime.call(alice, "POST", "/v1/trades/import?sessionId=" + journal, csv, 200,
                "Content-Type", "text/csv");
        assertEquals(30, imported.get("acceptedCount").asInt(), imported.toString());
        List<String> ids = new ArrayList<>();
        runtime.call(alice, "GET", "/v1/sessions/" + journal + "/trades?limit=1000", null, 200).get("items")
                .forEach(t -> ids.add(t.get("id").asText()));
        assertEquals(30, ids.size());

        JsonNode report = runtime.call(alice, "POST", "/v1/behavior/analyze", "{\"sessionId\":\"" + journal + "\"}", 200);

        // Revenge trading: each larger entry 20-30 minutes after a loss of 2% of equity or more, with that loss.
        JsonNode revenge = finding(report, "REVENGE_TRADING");
        assertEquals("DETECTED", revenge.get("status").asText(), revenge.toString());
        assertEquals(List.of(ids.get(5), ids.get(6), ids.get(15), ids.get(16), ids.get(27), ids.get(28)),
                evidenceIds(revenge));
        assertTrue(revenge.get("evidence").get(0).get("description").asText().contains("after"), revenge.toString());
        assertTrue(recommendation(report, "REVENGE_TRADING").contains("wait 60 minutes"));
        // Disposition effect: losers held 2.7x as long as winners, each long-held loser cited.
        JsonNode disposition = finding(report, "DISPOSITION_EFFECT");
        assertEquals("DETECTED", disposition.get("status").asText(), disposition.toString());
        assertTrue(evidenceIds(disposition).containsAll(List.of(ids.get(14), ids.get(15), ids.get(28), ids.get(29))),
                disposition.toString());
        assertTrue(recommendation(report, "DISPOSITION_EFFECT").contains("stop-loss"));
        // FOMO saw the stored candles (22 bars before every buy).
        assertEquals(15, finding(report, "FOMO").get("metrics").get("buysWithMarketData").asInt());

        // The latest close (19:00) lost 2,669: a cooldown until 20:00, started for the guardrail.
        assertEquals("STARTED", report.get("guardrail").get("cooldown").asText(), report.get("guardrail").toString());
        assertEquals("2022-01-04T20:00:00Z", report.get("guardrail").get("until").asText());
        String reportId = report.get("id").asText();
        assertEquals(report, runtime.call(alice, "GET", "/v1/behavior/reports/" + reportId, null, 200));
        assertEquals(reportId, runtime.call(alice, "GET", "/v1/behavior/reports?sessionId=" + journal, null, 200)
                .get("items").get(0).get("id").asText());

        // The guardrail: a paper session with it on refuses orders during the cooldown; one without it does not.
        String guarded = runtime.call(alice, "POST", "/v1/sessions", "{\"name\":\"guarded\",\"startingCash\":100000,"
                + "\"guardrails\":{\"cooldownOnTilt\":true}}", 201).get("id").asText();
        String unguarded = runtime.call(alice, "POST", "/v1/sessions", "{\"name\":\"free\",\"startingCash\":100000}", 201)
                .get("id").asText();
        JsonNode refused = order(alice, guarded, 422);
        assertEquals("COOLDOWN_ACTIVE", refused.get("error").get("code").asText());
        assertTrue(refused.get("error").get("message").asText().contains("2022-01-04T20:00:00Z"), refused.toString());
        assertEquals("FILLED", order(alice, unguarded, 201).get("status").asText());

        // An hour of market later the cooldown is over.
        HttpResponse<String> advanced = runtime.send("POST", "/_local/clock/advance?by=PT1H", null);
        assertEquals(200, advanced.statusCode(), advanced.body());
        assertEquals("FILLED", order(alice, guarded, 201).get("status").asText());
    }
}
