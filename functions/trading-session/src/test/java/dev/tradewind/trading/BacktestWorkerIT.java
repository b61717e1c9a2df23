package dev.tradewind.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.json.Json;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.trading.service.BacktestRunner;
import dev.tradewind.trading.service.ModelForecasts;
import dev.tradewind.trading.service.OrderEvents;
import dev.tradewind.trading.service.TradingConfig;
import dev.tradewind.trading.service.TradingServices;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Backtests too large to answer at once (here: more than 100 decisions, BACKTEST_SYNC_BARS): 202, stored RUNNING,
 * started on the worker, which stores the outcome where GET reads it; the same backtest as one answered at once.
 */
class BacktestWorkerIT {

    private static final Instant NOW = Instant.parse("2022-01-12T00:00:00Z");
    private static final String REQUEST = "{\"symbol\":\"BTCUSDT\",\"from\":\"2022-01-03\",\"to\":\"2022-01-11\","
            + "\"startingCash\":10000,\"feesBps\":10,\"slippageBps\":5,\"strategy\":{\"type\":\"rules\","
            + "\"entry\":{\"all\":[{\"indicator\":\"rsi\",\"period\":14,\"op\":\"<\",\"value\":40}]},"
            + "\"exit\":{\"any\":[{\"indicator\":\"rsi\",\"period\":14,\"op\":\">\",\"value\":60}]}}}";

    private final List<String> started = new ArrayList<>();
    private TradingApi api;
    private BacktestWorkerHandler worker;

    @BeforeEach
    void setUp() {
        api = new TradingApi(NOW, Map.of("BACKTEST_SYNC_BARS", "100"), (userId, id) -> started.add(userId + " " + id));
        worker = new BacktestWorkerHandler(TradingServices.create(TradingConfig.from(api.env),
                DynamoDbClients.create(api.env), api.clock, api.wallClock, new Ulid(api.clock), ModelForecasts.NONE,
                BacktestRunner.NONE, OrderEvents.NONE).backtests());
    }

    private HttpResult backtest(String body) {
        return api.invoke(TradingApi.event("create-backtest", "u1").body(body));
    }

    private HttpResult backtest(String idempotencyKey, String body) {
        return api.invoke(TradingApi.event("create-backtest", "u1").header("idempotency-key", idempotencyKey)
                .body(body));
    }

    private HttpResult get(String id) {
        return api.invoke(TradingApi.event("get-backtest", "u1").pathParameter("backtestId", id));
    }

    private String work(String userId, String backtestId) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        worker.handleRequest(new ByteArrayInputStream(("{\"userId\":\"" + userId + "\",\"backtestId\":\""
                + backtestId + "\"}").getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.mapper().readTree(out.toByteArray()).get("status").asText();
    }

    @Test
    void aLargeBacktest_is202Running_thenTheWorkerStoresTheSameResultAsARunAtOnce() throws IOException {
        HttpResult accepted = backtest(REQUEST);
        assertEquals(202, accepted.status(), accepted.toString());
        String id = accepted.body().get("id").asText();
        assertEquals("/v1/backtests/" + id, accepted.headers().get("location"));
        assertEquals("RUNNING", accepted.body().get("status").asText());
        assertEquals(0, accepted.body().get("progress").asDouble());
        assertEquals(List.of("u1 " + id), started);
        assertEquals("RUNNING", get(id).body().get("status").asText());
        assertEquals("RUNNING", api.invoke(TradingApi.event("list-backtests", "u1")).body().get("items").get(0)
                .get("status").asText());

        assertEquals("COMPLETE", work("u1", id));
        JsonNode done = get(id).body();
        assertEquals("COMPLETE", done.get("status").asText(), done.toString());
        assertEquals(accepted.body().get("createdAt"), done.get("createdAt"));

        // A retried event finds it finished and changes nothing; another user's id is not there for them.
        assertEquals("COMPLETE", work("u1", id));
        assertEquals("GONE", work("u2", id));
        assertEquals(404, api.invoke(TradingApi.event("get-backtest", "u2").pathParameter("backtestId", id))
                .status());

        // The same request answered at once (the default limit; a fresh api empties the tables) gives the same.
        JsonNode atOnce = new TradingApi(NOW).invoke(TradingApi.event("create-backtest", "u1").body(REQUEST)).body();
        assertEquals("COMPLETE", atOnce.get("status").asText());
        for (String field : List.of("decisions", "endingCash", "endingEquity", "tradeCount", "from", "to")) {
            assertEquals(atOnce.get(field), done.get(field), field);
        }
        assertEquals(atOnce.get("metrics"), done.get("metrics"));

    }

    @Test
    void aLargeBacktestRetriedAfterALostAnswer_answersTheFirst202_andStartsTheWorkerOnce() throws IOException {
        HttpResult accepted = backtest("key-1", REQUEST);
        assertEquals(202, accepted.status(), accepted.toString());
        String id = accepted.body().get("id").asText();

        HttpResult retry = backtest("key-1", REQUEST);

        assertEquals(202, retry.status(), retry.toString());
        assertEquals(accepted.body(), retry.body());
        assertEquals("true", retry.headers().get("idempotent-replayed"));
        assertEquals(accepted.headers().get("location"), retry.headers().get("location"));
        assertEquals(List.of("u1 " + id), started, "the worker was asked once");
        assertEquals("COMPLETE", work("u1", id));
        HttpResult afterTheRun = backtest("key-1", REQUEST);
        assertEquals(202, afterTheRun.status(), afterTheRun.toString());
        assertEquals(accepted.body(), afterTheRun.body(), "the first answer, though the run has finished since");
        assertEquals(List.of("u1 " + id), started);
        assertEquals(1, api.invoke(TradingApi.event("list-backtests", "u1")).body().get("items").size());
    }

    @Test
    void aLargeBacktestWhoseWorkerCouldNotStart_isStartedAnewByARetryWithTheSameKey() {
        api = new TradingApi(NOW, Map.of("BACKTEST_SYNC_BARS", "100"), (userId, id) -> {
            started.add(userId + " " + id);
            if (started.size() == 1) {
                throw new UnavailableException("BACKTEST_WORKER_UNAVAILABLE", "the backtest could not be started");
            }
        });
        HttpResult refused = backtest("key-1", REQUEST);
        assertEquals(503, refused.status(), refused.toString());

        HttpResult retry = backtest("key-1", REQUEST);

        assertEquals(202, retry.status(), retry.toString());
        assertFalse(retry.headers().containsKey("idempotent-replayed"), "the first request created nothing to replay");
        assertEquals(2, started.size());
        assertEquals("u1 " + retry.body().get("id").asText(), started.get(1));
    }

    @Test
    void aRunThatCannotComplete_isStoredFailedWithTheReason() throws IOException {
        HttpResult accepted = backtest(REQUEST.replace("2022-01-03", "2019-01-01").replace("2022-01-11",
                "2019-03-01"));
        assertEquals(202, accepted.status(), accepted.toString());
        String id = accepted.body().get("id").asText();
        assertEquals("FAILED", work("u1", id));
        JsonNode failed = get(id).body();
        assertEquals("FAILED", failed.get("status").asText());
        assertEquals("NO_BARS", failed.get("error").get("code").asText(), failed.toString());
    }

    @Test
    void aRunTheWorkerNeverFinished_isAnsweredFailedAfterItsDeadlineOnTheWallClock() {
        String id = backtest(REQUEST).body().get("id").asText();
        api.wallClock.advance(Duration.ofMinutes(89));
        assertEquals("RUNNING", get(id).body().get("status").asText());
        api.wallClock.advance(Duration.ofMinutes(2));
        JsonNode lost = get(id).body();
        assertEquals("FAILED", lost.get("status").asText());
        assertEquals("WORKER_LOST", lost.get("error").get("code").asText());
        assertEquals("FAILED", api.invoke(TradingApi.event("list-backtests", "u1")).body().get("items").get(0)
                .get("status").asText());
    }

    @Test
    void aRunningBacktest_isStillRunning_whenOnlyTheReplayClockPassedItsDeadline() {
        String id = backtest(REQUEST).body().get("id").asText();
        api.clock.advance(Duration.ofDays(1));
        api.wallClock.advance(Duration.ofMinutes(1));
        JsonNode running = get(id).body();
        assertEquals("RUNNING", running.get("status").asText(), running.toString());
        assertEquals("RUNNING", api.invoke(TradingApi.event("list-backtests", "u1")).body().get("items").get(0)
                .get("status").asText());
    }

    @Test
    void aBacktestStoredWithoutItsWallTime_isJudgedOnItsCreatedAtAsBefore() {
        String id = backtest(REQUEST).body().get("id").asText();
        DynamoDbClients.create(api.env).updateItem(r -> r.tableName(api.env.require("TRADING_TABLE"))
                .key(Map.of("pk", AttributeValue.fromS("USER#u1"), "sk", AttributeValue.fromS("BACKTEST#" + id)))
                .updateExpression("REMOVE wallCreatedAt"));
        api.clock.advance(Duration.ofMinutes(89));
        assertEquals("RUNNING", get(id).body().get("status").asText());
        api.clock.advance(Duration.ofMinutes(2));
        assertEquals("WORKER_LOST", get(id).body().get("error").get("code").asText());
    }

    @Test
    void whatCouldNeverFinish_is400_andWithoutAWorker503_andNothingIsStored() {
        HttpResult tooLong = backtest(REQUEST.replace("2022-01-03", "1900-01-01"));
        assertEquals(400, tooLong.status(), tooLong.toString());
        assertTrue(tooLong.toString().contains("15 minutes"), tooLong.toString());

        TradingApi noWorker = new TradingApi(NOW, Map.of("BACKTEST_SYNC_BARS", "100"), BacktestRunner.NONE);
        HttpResult refused = noWorker.invoke(TradingApi.event("create-backtest", "u1").body(REQUEST));
        assertEquals(503, refused.status(), refused.toString());
        assertEquals("BACKTEST_WORKER_UNAVAILABLE", refused.errorCode());
        assertEquals(0, noWorker.invoke(TradingApi.event("list-backtests", "u1")).body().get("items").size());
    }

    @Test
    void aBacktestOfExactlyTheSyncLimitsDecisions_isAnsweredAtOnce() {
        // 100 hours hold 100 hourly bars that open at or after from and close by to: the limit, not more.
        HttpResult atTheLimit = backtest(REQUEST.replace("\"2022-01-03\"", "\"2022-01-03T00:00:00Z\"")
                .replace("\"2022-01-11\"", "\"2022-01-07T04:00:00Z\""));
        assertEquals(201, atTheLimit.status(), atTheLimit.toString());
        assertEquals(100, atTheLimit.body().get("decisions").asInt());
        assertEquals(List.of(), started);
    }
}
