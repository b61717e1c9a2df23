package dev.tradewind.predict;

import static dev.tradewind.predict.PredictFixture.bar;
import static dev.tradewind.predict.PredictFixture.closeOf;
import static dev.tradewind.predict.PredictFixture.indexAt;
import static dev.tradewind.predict.PredictFixture.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.predict.service.PredictionResolver;
import dev.tradewind.predict.store.DynamoMarketData;
import dev.tradewind.predict.store.DynamoPredictionStore;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.DynamoFaults;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.MutableClock;
import dev.tradewind.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * Predictions are logged, resolved once their deciding bar exists (by the schedule or, bounded, by the accuracy
 * route itself) and scored. Market time moves as the local runtime's replay clock moves it: all bars are stored,
 * and the clock decides which have closed.
 */
class AccuracyIT {

    private static final int HOURS = 30;

    private final MutableClock clock = new MutableClock(PredictFixture.REPLAY_START);
    private PredictHandler handler;
    private int start;
    /** Each test predicts other candles than the one before it; see {@link #emptyTables()}. */
    private static int testNumber;

    @BeforeEach
    void emptyTables() {
        LocalDynamoDb.truncateAll();
        handler = PredictFixture.handler(clock);
        // Fresh keys per test: DynamoDB Local maintains the index behind the table, and an index entry deleted by
        // the previous test's clean-up can land after this test wrote the same key again, hiding it for good.
        start = indexAt("BTCUSDT", PredictFixture.REPLAY_START) + 60 * testNumber++;
    }

    private HttpResult forecast() {
        return HttpResult.invoke(handler, HttpEvent.load("predict/forecast.json").bytes());
    }

    private HttpResult accuracy(String window) {
        return HttpResult.invoke(handler, HttpEvent.load("predict/accuracy.json").query("window", window).bytes());
    }

    @RegisterExtension
    final DynamoFaults faults = new DynamoFaults();

    private ResolveHandler resolveHandler() {
        var env = PredictFixture.environment(clock);
        var client = DynamoDbClients.create(env, List.of(faults));
        var enhanced = DynamoDbClients.enhanced(client);
        return new ResolveHandler(new PredictionResolver(new DynamoMarketData(enhanced, env.require("MARKET_TABLE")),
                new DynamoPredictionStore(client, enhanced, env.require("PREDICTIONS_TABLE"), new Ulid(clock)), clock),
                500,
                (summary, limit, durationMs) -> { });
    }

    /**
     * Waits until the pending index lists exactly {@code count} predictions due by {@code at}. A global secondary
     * index is eventually consistent (DynamoDB Local updates it behind the table too), and the resolver is built
     * for that: what the index does not show yet, a later run picks up.
     */
    private static void awaitPendingIndex(Instant at, int count) throws InterruptedException {
        var client = LocalDynamoDb.client();
        var store = new DynamoPredictionStore(client, DynamoDbClients.enhanced(client),
                PredictFixture.predictionsTable(), new Ulid(Clock.systemUTC()));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int seen;
        while ((seen = store.pendingDue(Interval.H1, at, 1000).size()) != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the pending index shows " + seen + " predictions, expected " + count);
            }
            Thread.sleep(20);
        }
    }

    private JsonNode runSchedule(String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        resolveHandler().handleRequest(new ByteArrayInputStream(input.getBytes()), out,
                new TestContext("PredictResolveFunction"));
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toByteArray());
    }

    /** One forecast an hour for {@code HOURS} hours, as if a trader asked every hour; returns them in order. */
    private List<JsonNode> forecastHourly() {
        seed("BTCUSDT", start - 120, start + HOURS + 10);
        List<JsonNode> forecasts = new ArrayList<>();
        for (int i = 0; i < HOURS; i++) {
            clock.set(closeOf("BTCUSDT", start + i - 1).plusSeconds(30));
            HttpResult result = forecast();
            assertEquals(200, result.status(), result.toString());
            assertFalse(result.body().get("cached").asBoolean());
            forecasts.add(result.body());
        }
        return forecasts;
    }

    @Test
    void schedule_resolvesDuePredictionsWithTheRealisedDirectionAndReturn() throws Exception {
        List<JsonNode> forecasts = forecastHourly();
        // The last forecast's deciding bar (4 bars later) closes 5 hours after its candle opened.
        clock.set(closeOf("BTCUSDT", start + HOURS - 2 + 4));
        awaitPendingIndex(clock.instant(), HOURS);

        JsonNode summary = runSchedule("{\"limit\": 500}");

        assertEquals(HOURS, summary.get("resolved").asInt(), summary.toString());
        assertEquals(0, summary.get("waiting").asInt());
        JsonNode first = forecasts.getFirst();
        Map<String, AttributeValue> item = item(first);
        Candle from = bar("BTCUSDT", start - 1);
        Candle decider = bar("BTCUSDT", start - 1 + 4);
        assertEquals("RESOLVED", item.get("outcome").s());
        assertEquals(decider.openTime().toString(), item.get("outcomeBarOpen").s());
        assertEquals(decider.close().compareTo(from.close()) > 0, item.get("outcomeUp").bool());
        assertEquals(decider.close().doubleValue() / from.close().doubleValue() - 1,
                Double.parseDouble(item.get("realisedReturn").n()), 1e-12);
        assertNull(item.get("gsi1pk"), "resolved predictions leave the pending index");
        assertEquals(0, runSchedule("{}").get("resolved").asInt(), "resolving twice changes nothing");
        awaitPendingIndex(clock.instant(), 0);
    }

    /** The resolution was stored but its answer lost; the SDK's retry finds its own outcome, not another resolver's. */
    @Test
    void schedule_resolutionStoredButItsAnswerLost_sdkRetry_countsItResolved() throws Exception {
        forecastHourly();
        clock.set(closeOf("BTCUSDT", start + HOURS - 2 + 4));
        awaitPendingIndex(clock.instant(), HOURS);
        faults.on("UpdateItem").afterSend().times(1).internalServerError();

        JsonNode summary = runSchedule("{\"limit\": 500}");

        assertEquals(1, faults.injected());
        assertEquals(HOURS, summary.get("resolved").asInt(), summary.toString());
        assertEquals(0, summary.get("lost").asInt(), summary.toString());
    }

    /**
     * DynamoDB throttles the run after two resolutions: the run reports those two (its metrics) and that it left
     * work, and the next run resolves the rest; each prediction is resolved and counted once.
     */
    @Test
    void schedule_throttledAfterTwoResolutions_reportsTheTwo_andTheNextRunResolvesTheRest() throws Exception {
        forecastHourly();
        clock.set(closeOf("BTCUSDT", start + HOURS - 2 + 4));
        awaitPendingIndex(clock.instant(), HOURS);
        faults.on("UpdateItem").passFirst(2).throttling();

        JsonNode throttled = runSchedule("{\"limit\": 500}");

        assertEquals(2, throttled.get("resolved").asInt(), throttled.toString());
        assertTrue(throttled.get("more").asBoolean(), throttled.toString());
        faults.clearRules();
        awaitPendingIndex(clock.instant(), HOURS - 2);
        JsonNode next = runSchedule("{\"limit\": 500}");
        assertEquals(HOURS - 2, next.get("resolved").asInt(), next.toString());
        awaitPendingIndex(clock.instant(), 0);
    }

    @Test
    void schedule_leavesPredictionsWhoseBarHasNotArrived_andRespectsItsLimit() throws Exception {
        seed("BTCUSDT", start - 120, start + 2);
        clock.set(closeOf("BTCUSDT", start - 1).plusSeconds(30));
        forecast();
        clock.set(closeOf("BTCUSDT", start + 3).plusSeconds(60));
        awaitPendingIndex(clock.instant(), 1);

        JsonNode waiting = runSchedule("{\"limit\": 10}");

        assertEquals(0, waiting.get("resolved").asInt());
        assertEquals(1, waiting.get("waiting").asInt());
        awaitPendingIndex(clock.instant(), 0);
        assertEquals(0, runSchedule("{}").get("waiting").asInt(), "rescheduled a quarter bar later");

        PredictFixture.candles().putAll(List.of(bar("BTCUSDT", start + 2), bar("BTCUSDT", start + 3)));
        clock.advance(Duration.ofMinutes(15));
        awaitPendingIndex(clock.instant(), 1);
        assertEquals(1, runSchedule("{}").get("resolved").asInt());
    }

    @Test
    void schedule_resolvesAtMostItsLimitPerRun_andSaysThereIsMore() throws Exception {
        forecastHourly();
        clock.set(closeOf("BTCUSDT", start + HOURS + 4));
        awaitPendingIndex(clock.instant(), HOURS);

        JsonNode limited = runSchedule("{\"limit\": 7}");
        awaitPendingIndex(clock.instant(), HOURS - 7);
        JsonNode rest = runSchedule("{}");

        assertEquals(7, limited.get("resolved").asInt());
        assertTrue(limited.get("more").asBoolean());
        assertEquals(HOURS - 7, rest.get("resolved").asInt());
        assertFalse(rest.get("more").asBoolean());
    }

    @Test
    void schedule_givesUpOnABarThatNeverArrives_afterTheGracePeriod() throws Exception {
        seed("BTCUSDT", start - 120, start);
        clock.set(closeOf("BTCUSDT", start - 1).plusSeconds(30));
        JsonNode forecast = forecast().body();
        clock.set(Instant.parse(forecast.path("horizon").get("resolvesAt").asText())
                .plus(Duration.ofDays(PredictionResolver.GRACE_DAYS)).plusSeconds(1));
        awaitPendingIndex(clock.instant(), 1);

        JsonNode summary = runSchedule("{}");

        assertEquals(1, summary.get("unresolvable").asInt());
        assertEquals("UNRESOLVABLE", item(forecast).get("outcome").s());
        JsonNode accuracy = accuracy("30d").body();
        assertEquals(1, accuracy.get("unresolvable").asInt());
        assertEquals(0, accuracy.get("resolved").asInt());
    }

    @Test
    void accuracy_scoresResolvedPredictions_besideTheBaselines() throws Exception {
        List<JsonNode> forecasts = forecastHourly();
        clock.set(closeOf("BTCUSDT", start + HOURS - 2 + 4));
        awaitPendingIndex(clock.instant(), HOURS);
        runSchedule("{}");

        HttpResult result = accuracy("7d");

        assertEquals(200, result.status(), result.toString());
        JsonNode body = result.body();
        assertEquals(HOURS, body.get("predictions").asInt());
        assertEquals(HOURS, body.get("resolved").asInt());
        assertEquals(0, body.get("pending").asInt());
        int hits = 0;
        double brier = 0;
        int ups = 0;
        for (int i = 0; i < HOURS; i++) {
            float p = (float) forecasts.get(i).get("probabilityUp").asDouble();
            boolean up = bar("BTCUSDT", start + i - 1 + 4).close().compareTo(bar("BTCUSDT", start + i - 1).close()) > 0;
            hits += (p > 0.5) == up ? 1 : 0;
            brier += Math.pow(p - (up ? 1 : 0), 2);
            ups += up ? 1 : 0;
        }
        JsonNode model = body.get("model");
        assertEquals(HOURS, model.get("count").asInt());
        assertEquals((double) hits / HOURS, model.get("hitRate").asDouble(), 1e-6);
        assertEquals(brier / HOURS, model.get("brier").asDouble(), 1e-6);
        assertTrue(model.get("calibration").size() >= 1 && model.get("calibration").size() <= 10);
        int binned = 0;
        for (JsonNode bin : model.get("calibration")) {
            binned += bin.get("count").asInt();
        }
        assertEquals(HOURS, binned);
        double upShare = (double) ups / HOURS;
        JsonNode baseRate = body.path("baselines").get("baseRate");
        assertEquals(HOURS, baseRate.get("count").asInt());
        assertEquals(upShare * (1 - upShare), baseRate.get("brier").asDouble(), 1e-6);
        assertEquals(Math.max(upShare, 1 - upShare), baseRate.get("hitRate").asDouble(), 1e-6);
        assertEquals(HOURS, body.path("baselines").get("previousBar").get("count").asInt());
        int signals = 0;
        for (JsonNode s : body.get("bySignal")) {
            signals += s.get("count").asInt();
        }
        assertEquals(HOURS, signals);
        assertEquals(List.of(forecasts.getFirst().path("model").get("version").asText()),
                List.of(body.get("modelVersions").get(0).asText()));
    }

    @Test
    void accuracy_resolvesABoundedNumberOfDuePredictionsItself_whenTheScheduleLags() {
        forecastHourly();
        clock.set(closeOf("BTCUSDT", start + HOURS - 2 + 4));

        JsonNode first = accuracy("7d").body();
        JsonNode second = accuracy("7d").body();

        assertEquals(20, first.get("resolvedNow").asInt());
        assertEquals(20, first.get("resolved").asInt());
        assertEquals(HOURS - 20, first.get("pending").asInt());
        assertEquals(HOURS - 20, second.get("resolvedNow").asInt());
        assertEquals(HOURS, second.get("resolved").asInt());
    }

    @Test
    void accuracy_resolvesAPredictionAsSoonAsItsBarArrives_evenWhenTheScheduleLookedTooEarly() throws Exception {
        seed("BTCUSDT", start - 120, start + 2);
        clock.set(closeOf("BTCUSDT", start - 1).plusSeconds(30));
        forecast();
        clock.set(closeOf("BTCUSDT", start + 3).plusSeconds(60));
        awaitPendingIndex(clock.instant(), 1);
        assertEquals(1, runSchedule("{}").get("waiting").asInt(), "the schedule ran before ingestion caught up");

        PredictFixture.candles().putAll(List.of(bar("BTCUSDT", start + 2), bar("BTCUSDT", start + 3)));
        JsonNode current = accuracy("7d").body();

        assertEquals(1, current.get("resolvedNow").asInt(), current.toString());
        assertEquals(1, current.get("resolved").asInt());
    }

    /** A forecast is made once its candle has closed, so the window counts it by that close, not the candle's open. */
    @Test
    void accuracy_window_holdsAPredictionMadeInIt_thoughItsCandleOpenedBefore() {
        seed("BTCUSDT", start - 120, start + 5);
        Instant madeAt = closeOf("BTCUSDT", start).plusSeconds(30);
        clock.set(madeAt);
        assertEquals(200, forecast().status());
        clock.set(madeAt.plusSeconds(60));

        HttpResult oneHour = accuracy("1h");
        assertEquals(200, oneHour.status(), oneHour.toString());
        assertEquals(1, oneHour.body().get("predictions").asInt(), "made 60 s ago: " + oneHour.body());
        clock.set(closeOf("BTCUSDT", start).plus(Duration.ofHours(1)).plusSeconds(1));
        assertEquals(0, accuracy("1h").body().get("predictions").asInt(), "its candle closed over an hour ago");
    }

    @Test
    void accuracy_ofASeriesWithoutPredictions_isEmpty_andBadInputIsRefused() {
        seed("BTCUSDT", start - 120, start);

        JsonNode empty = accuracy("30d").body();
        assertEquals(0, empty.get("predictions").asInt());
        assertEquals(0, empty.path("model").get("count").asInt());
        assertTrue(empty.path("model").get("hitRate") == null || empty.path("model").get("hitRate").isNull());
        assertEquals(0, empty.path("range").get("predictions").asInt(), empty.toString());
        assertEquals(0, empty.path("range").path("pending").asInt(-1), "the range's counts, as docs/openapi.yaml "
                + "requires them: " + empty);
        assertEquals(0, empty.path("range").path("unresolvable").asInt(-1), empty.toString());

        assertEquals(400, accuracy("0d").status());
        assertEquals(400, accuracy("366d").status());
        assertEquals(400, accuracy("week").status());
        assertEquals(404, HttpResult.invoke(handler, HttpEvent.load("predict/accuracy.json")
                .pathParameter("symbol", "NOPE").bytes()).status());
        assertEquals(401, HttpResult.invoke(handler, HttpEvent.load("predict/accuracy.json").anonymous().bytes())
                .status());
    }

    /** A window of no time breaks the lower bound, which the message states (0h is hours, and under 365d). */
    @Test
    void accuracy_ofAZeroWindow_is400StatingBothBounds() {
        HttpResult zero = accuracy("0h");

        assertEquals(400, zero.status(), zero.toString());
        assertEquals("VALIDATION_FAILED", zero.errorCode());
        assertEquals("window must be hours or days from 1h to 365d, such as 72h or 30d",
                zero.body().at("/error/message").asText());
    }

    @Test
    void accuracy_atAnIntervalNoModelForecastsForTheInstrument_isRefusedNoModel_likeTheForecast() {
        PredictFixture.instruments().put(PredictFixture.instrument("AAPL"));
        PredictFixture.instruments().put(PredictFixture.instrument("BTCUSDT"));
        HttpResult forecast = HttpResult.invoke(handler, HttpEvent.load("predict/forecast.json")
                .pathParameter("symbol", "AAPL").query("interval", "1h").bytes());
        assertEquals(400, forecast.status(), forecast.toString());

        for (String[] unserved : List.of(new String[] {"AAPL", "1h"}, new String[] {"BTCUSDT", "1d"})) {
            HttpResult refused = HttpResult.invoke(handler, HttpEvent.load("predict/accuracy.json")
                    .pathParameter("symbol", unserved[0]).query("interval", unserved[1]).bytes());
            assertEquals(400, refused.status(), refused.toString());
            assertEquals("NO_MODEL", refused.body().path("error").path("code").asText(), refused.toString());
        }
    }

    /**
     * With history enough for the volatility model (169 bars), each prediction carries a volatility forecast and
     * ranges. The direction and the ranges resolve 4 bars later while the prediction stays in the pending index;
     * the volatility resolves 24 bars later, and only then does the prediction leave it. The accuracy route's
     * coverage, interval score and QLIKE equal what the stored forecasts and the bundled bars give by hand.
     */
    @Test
    void rangesResolveWithTheDirection_volatilityAfterItsHBars_andAccuracyScoresBoth() throws Exception {
        int n = 6;
        seed("BTCUSDT", start - 200, start + n + 30);
        List<JsonNode> forecasts = new ArrayList<>();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clock.set(closeOf("BTCUSDT", start + i - 1).plusSeconds(30));
            JsonNode body = forecast().body();
            assertTrue(body.has("volatility") && body.has("range"), body.toString());
            forecasts.add(body);
            items.add(item(body));
        }
        JsonNode last = forecasts.getLast();
        assertEquals(24, last.path("volatility").get("horizonBars").asInt());
        assertEquals(closeOf("BTCUSDT", start + n - 2 + 24).toString(),
                last.path("volatility").get("resolvesAt").asText());
        assertEquals(last.path("horizon").get("resolvesAt"), last.path("range").get("resolvesAt"));

        // Stage 1: every direction and range is due, no volatility is.
        clock.set(closeOf("BTCUSDT", start + n - 2 + 4));
        awaitPendingIndex(clock.instant(), n);
        assertEquals(n, runSchedule("{}").get("resolved").asInt());
        Map<String, AttributeValue> staged = item(forecasts.getFirst());
        assertEquals("RESOLVED", staged.get("outcome").s());
        assertEquals("RESOLVED", staged.get("rangeOutcome").s());
        assertNull(staged.get("volOutcome"));
        assertTrue(staged.containsKey("gsi1pk"), "still pending: its volatility waits for 24 bars");
        JsonNode midway = accuracy("7d").body();
        assertEquals(n, midway.get("resolved").asInt());
        assertEquals(0, midway.get("pending").asInt(), "the direction is resolved");
        assertEquals(n, midway.path("range").path("80").get("resolved").asInt(), midway.toString());
        assertEquals(n, midway.path("volatility").get("pending").asInt());
        assertEquals(0, midway.path("volatility").get("resolved").asInt());

        // Stage 2: the volatility of all of them.
        clock.set(closeOf("BTCUSDT", start + n - 2 + 24));
        awaitPendingIndex(clock.instant(), n);
        assertEquals(n, runSchedule("{}").get("resolved").asInt());
        awaitPendingIndex(clock.instant().plus(Duration.ofDays(30)), 0);
        Map<String, AttributeValue> done = item(forecasts.getFirst());
        assertNull(done.get("gsi1pk"), "settled predictions leave the pending index");

        double qlike = 0;
        double qlikeEwma = 0;
        int[] inside = new int[2];
        double[] score = new double[2];
        String[] levels = {"80", "95"};
        double[] alphas = {0.2, 0.05};
        for (int i = 0; i < n; i++) {
            Map<String, AttributeValue> item = items.get(i);
            JsonNode f = forecasts.get(i);
            double from = bar("BTCUSDT", start + i - 1).close().doubleValue();
            double rv = 0;
            double previous = from;
            for (int k = 0; k < 24; k++) {
                double close = bar("BTCUSDT", start + i + k).close().doubleValue();
                rv += Math.pow(Math.log(close / previous), 2);
                previous = close;
            }
            double variance = Double.parseDouble(item.get("volVariance").n());
            double ewma = Double.parseDouble(item.get("volEwmaVariance").n());
            assertEquals(Math.sqrt(variance), f.path("volatility").get("horizon").asDouble(), 1e-7);
            qlike += rv / variance - Math.log(rv / variance) - 1;
            qlikeEwma += rv / ewma - Math.log(rv / ewma) - 1;
            double y = bar("BTCUSDT", start + i - 1 + 4).close().doubleValue();
            for (int l = 0; l < 2; l++) {
                double low = f.path("range").path(levels[l]).get("low").asDouble();
                double high = f.path("range").path(levels[l]).get("high").asDouble();
                assertTrue(low < from && from < high, f.path("range").toString());
                inside[l] += y >= low && y <= high ? 1 : 0;
                double lo = Math.log(low / from);
                double hi = Math.log(high / from);
                double ly = Math.log(y / from);
                score[l] += (hi - lo) + (ly < lo ? 2 / alphas[l] * (lo - ly) : 0)
                        + (ly > hi ? 2 / alphas[l] * (ly - hi) : 0);
            }
        }
        JsonNode body = accuracy("7d").body();
        JsonNode volatility = body.get("volatility");
        assertEquals(n, volatility.get("resolved").asInt(), body.toString());
        assertEquals(0, volatility.get("pending").asInt());
        assertEquals(qlike / n, volatility.get("qlike").asDouble(), 1e-6);
        assertEquals(qlikeEwma / n, volatility.get("qlikeEwma").asDouble(), 1e-6);
        for (int l = 0; l < 2; l++) {
            JsonNode level = body.path("range").get(levels[l]);
            assertEquals(n, level.get("resolved").asInt());
            assertEquals(inside[l], level.get("inside").asInt());
            assertEquals((double) inside[l] / n, level.get("coverage").asDouble(), 1e-6);
            assertEquals(score[l] / n, level.get("intervalScore").asDouble(), 1e-6);
        }
    }

    private static Map<String, AttributeValue> item(JsonNode forecast) {
        return LocalDynamoDb.client().getItem(GetItemRequest.builder().tableName(PredictFixture.predictionsTable())
                .key(Map.of("pk", AttributeValue.fromS("PRED#BTCUSDT#1h"), "sk", AttributeValue.fromS(
                        DynamoPredictionStore.sortKey(Instant.parse(forecast.get("asOf").asText()),
                                forecast.path("model").get("version").asText())))).build()).item();
    }
}
