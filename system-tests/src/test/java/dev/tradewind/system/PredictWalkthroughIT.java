package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.testing.Repository;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecast walkthrough on the local runtime: after an ingestion run on the replay clock, forecast, signals,
 * accuracy and model answer with real values for BTCUSDT and AAPL; a newer candle (the clock moved and ingestion
 * ran again) produces a new, uncached prediction; accuracy fills in once later candles are replayed.
 *
 * <p>The replay runs at 1× so nothing moves unless the test moves it.
 */
class PredictWalkthroughIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDirectory;

    private static RuntimeProcess runtime;
    private static String[] bearer;

    @BeforeAll
    static void ingestAndSignIn() throws Exception {
        // Backtests of more than 200 decisions go to the worker here, so a small one shows the asynchronous path.
        ObjectNode environment = (ObjectNode) JSON.readTree(Repository.path("local/env.json").toFile());
        environment.putObject("TradingSessionFunction").put("BACKTEST_SYNC_BARS", "200");
        Path envVars = dataDirectory.resolve("env.json");
        JSON.writeValue(envVars.toFile(), environment);
        runtime = RuntimeProcess.startApi(dataDirectory.resolve("data"), "--replay-speed", "1", "--env-vars",
                envVars.toString());
        runtime.ingest();
        bearer = new AuthClient(runtime).signUp("predict").bearer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static void advance(String by) throws Exception {
        assertEquals(200, runtime.send("POST", "/_local/clock/advance?by=" + by, null).statusCode());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = runtime.get(path, bearer);
        assertEquals(200, response.statusCode(), path + " -> " + response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void forecastSignalsModelAndAccuracy_withRealValues_andANewCandleMakesANewPrediction() throws Exception {
        JsonNode btc = get("/v1/assets/BTCUSDT/forecast?interval=1h");
        assertEquals("1h", btc.get("interval").asText());
        assertTrue(btc.get("probabilityUp").asDouble() > 0 && btc.get("probabilityUp").asDouble() < 1, btc.toString());
        assertFalse(btc.get("stale").asBoolean(), btc.toString());
        assertTrue(get("/v1/assets/BTCUSDT/forecast?interval=1h").get("cached").asBoolean());

        // The indicators route computes what the model's features computed, over the same 100 bars.
        JsonNode indicators = get("/v1/assets/BTCUSDT/indicators?names=rsi,bollinger&limit=1");
        JsonNode bar = indicators.get("points").get(0);
        assertEquals(btc.get("asOf").asText(), bar.get("openTime").asText());
        JsonNode features = btc.get("features");
        assertEquals(features.get("rsi_14").asDouble(), bar.get("rsi").asDouble(), 1e-4);
        assertEquals(features.get("bollinger_percent_b_20").asDouble(), bar.get("bollinger").get("percentB").asDouble(),
                1e-6);

        JsonNode aapl = get("/v1/assets/AAPL/forecast");
        assertEquals("1d", aapl.get("interval").asText());
        assertTrue(aapl.get("lowConfidence").asBoolean());

        JsonNode signals = get("/v1/signals");
        Set<String> ranked = new TreeSet<>();
        signals.get("signals").forEach(s -> ranked.add(s.get("symbol").asText()));
        assertTrue(ranked.containsAll(Set.of("BTCUSDT", "AAPL")), signals.toString());
        assertEquals(2, get("/v1/model").get("models").size());

        advance("PT1H");
        runtime.ingest();
        JsonNode newer = get("/v1/assets/BTCUSDT/forecast?interval=1h");
        // Computed when its candle closed (the bus's CandlesClosed reached the predict function), not by this request.
        assertTrue(newer.get("cached").asBoolean(), newer.toString());
        assertTrue(Instant.parse(newer.get("asOf").asText()).isAfter(Instant.parse(btc.get("asOf").asText())));
        assertNotEquals(btc.get("features"), newer.get("features"));

        advance("PT6H");
        runtime.ingest();
        JsonNode accuracy = get("/v1/assets/BTCUSDT/accuracy?interval=1h&window=7d");
        // The third is the newest candle's, computed as it closed; its horizon has not passed yet.
        assertEquals(3, accuracy.get("predictions").asInt(), accuracy.toString());
        assertEquals(2, accuracy.get("resolved").asInt(), accuracy.toString());
        assertEquals(1, accuracy.get("pending").asInt(), accuracy.toString());
        assertEquals(2, accuracy.path("model").get("count").asInt());
        assertTrue(accuracy.path("model").get("brier").isNumber());
    }

    /**
     * A model-signal backtest on the trading function gets its forecasts from the predict function, invoked through
     * the local runtime's Lambda Invoke API as in AWS (the values themselves are checked against the forecast route
     * in predict's ForecastHistoryIT).
     */
    @Test
    void modelSignalBacktest_actsOnThePredictFunctionsForecasts_andRefusesTheTrainingWindow() throws Exception {
        String cutoff = "2022-01-03T00:00:00Z";
        String version = null;
        for (JsonNode model : get("/v1/model").get("models")) {
            if (model.get("target").get("interval").asText().equals("1h")) {
                version = model.get("version").asText();
                assertEquals(cutoff, model.get("training").get("cutoff").asText());
            }
        }
        String body = "{\"symbol\":\"BTCUSDT\",\"from\":\"2021-12-27\",\"to\":\"2022-01-03T00:00:00Z\","
                + "\"startingCash\":10000,\"feesBps\":10,\"strategy\":{\"type\":\"model-signal\"}}";
        HttpResponse<String> refused = runtime.send("POST", "/v1/backtests", body, bearer[0], bearer[1],
                "content-type", "application/json");
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("IN_SAMPLE") && refused.body().contains(cutoff), refused.body());

        HttpResponse<String> created = runtime.send("POST", "/v1/backtests", body.replace("{\"symbol\"",
                "{\"allowInSample\":true,\"symbol\""), bearer[0], bearer[1], "content-type", "application/json");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode result = JSON.readTree(created.body());
        assertTrue(result.get("inSample").asBoolean());
        assertEquals(version, result.get("model").get("version").asText());
        assertEquals(0.55, result.get("model").get("buyAt").asDouble());
        assertEquals(7 * 24, result.get("decisions").asInt(), "every hour of the week, each with a forecast");
        assertTrue(result.get("tradeCount").asInt() > 0, result.toString());
    }

    /**
     * A backtest of more decisions than BACKTEST_SYNC_BARS answers 202; the trading function starts the worker
     * through the local runtime's Lambda Invoke API (an Event invocation), and GET shows it running, then complete.
     */
    @Test
    void aLargeBacktest_runsOnTheWorker_andGetFollowsItToTheEnd() throws Exception {
        String body = "{\"symbol\":\"BTCUSDT\",\"from\":\"2021-12-01\",\"to\":\"2022-01-03T00:00:00Z\","
                + "\"startingCash\":10000,\"feesBps\":10,\"strategy\":{\"type\":\"rules\",\"entry\":{\"all\":[{"
                + "\"indicator\":\"rsi\",\"period\":14,\"op\":\"<\",\"value\":35}]},\"exit\":{\"any\":[{"
                + "\"indicator\":\"rsi\",\"period\":14,\"op\":\">\",\"value\":65}]}}}";
        HttpResponse<String> accepted = runtime.send("POST", "/v1/backtests", body, bearer[0], bearer[1],
                "content-type", "application/json");
        assertEquals(202, accepted.statusCode(), accepted.body());
        String id = JSON.readTree(accepted.body()).get("id").asText();
        assertEquals("/v1/backtests/" + id, accepted.headers().firstValue("location").orElse(null));
        // Waits on the condition (the worker's outcome), however slow a busy machine makes the run.
        long deadline = System.nanoTime() + PatientHttp.DEADLINE.toNanos();
        JsonNode done = get("/v1/backtests/" + id);
        while (done.get("status").asText().equals("RUNNING") && System.nanoTime() - deadline < 0) {
            Thread.sleep(250);
            done = get("/v1/backtests/" + id);
        }
        assertEquals("COMPLETE", done.get("status").asText(), done.toString());
        assertEquals(792, done.get("decisions").asInt());
        assertTrue(done.get("metrics").has("sharpe"), done.toString());
    }

    @Test
    void predictRoutes_withoutAToken_are401() throws Exception {
        for (String path : List.of("/v1/assets/BTCUSDT/forecast", "/v1/signals", "/v1/assets/BTCUSDT/accuracy",
                "/v1/model", "/v1/assets/BTCUSDT/indicators")) {
            assertEquals(401, runtime.get(path).statusCode(), path);
        }
    }
}
