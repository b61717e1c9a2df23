package dev.tradewind.predict;

import static dev.tradewind.predict.PredictFixture.indexAt;
import static dev.tradewind.predict.PredictFixture.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.events.DomainEvent;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.testing.DynamoFaults;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * ForecastsComputed whenever a forecast is first stored, and forecasts computed as soon as CandlesClosed reports
 * their candle (docs/realtime.md#events), against DynamoDB Local.
 */
class ForecastEventsIT {

    /** The candle the sample event events/predict/candles-closed.json reports closed. */
    private static final Instant CLOSED = Instant.parse("2022-01-04T14:00:00Z");
    /** Two minutes after it closed, when the hourly ingestion has stored it. */
    private static final Instant AFTER_INGEST = Instant.parse("2022-01-04T15:02:05Z");
    /** How HttpResult reads bodies; event details are read the same way to compare them. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(AFTER_INGEST);
    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final DynamoFaults faults = new DynamoFaults();
    private PredictHandler handler;

    @BeforeEach
    void seedTheClosedCandles() {
        LocalDynamoDb.truncateAll();
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            int closed = indexAt(symbol, CLOSED);
            seed(symbol, closed - 200, closed + 1);
        }
        handler = PredictFixture.handler(clock, events::addAll);
    }

    private HttpResult forecast(String symbol) {
        return HttpResult.invoke(handler, HttpEvent.load("predict/forecast.json").pathParameter("symbol", symbol)
                .query("interval", "1h").bytes());
    }

    private JsonNode candlesClosed(byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            return JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] sampleEvent() {
        return HttpEvent.Events.bytes("predict/candles-closed.json");
    }

    private static JsonNode detail(DomainEvent event) {
        try {
            return JSON.readTree(Json.write(event.detail()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The signal of {@code symbol} as an item of GET /v1/signals answers it now, with rank 0 (unranked). */
    private JsonNode signalFromTheRoute(String symbol) {
        HttpResult signals = HttpResult.invoke(handler, HttpEvent.load("predict/signals.json").bytes());
        assertEquals(200, signals.status(), signals.toString());
        for (JsonNode item : signals.body().get("signals")) {
            if (item.get("symbol").asText().equals(symbol)) {
                ObjectNode unranked = item.deepCopy();
                unranked.put("rank", 0);
                return unranked;
            }
        }
        throw new AssertionError(symbol + " not among " + signals.body());
    }

    private static int predictionItems() {
        return LocalDynamoDb.client().scan(ScanRequest.builder().tableName(PredictFixture.predictionsTable())
                .build()).count();
    }

    @Test
    void forecast_storedByThisRequest_isPublishedOnce_exactlyAsTheRouteAnswersIt_withItsSignal() {
        HttpResult first = forecast("BTCUSDT");

        assertEquals(200, first.status(), first.toString());
        assertFalse(first.body().get("cached").asBoolean());
        assertEquals(1, events.size(), events.toString());
        DomainEvent event = events.getFirst();
        assertEquals("tradewind.predict", event.source());
        assertEquals("ForecastsComputed.v1", event.detailType());
        JsonNode detail = detail(event);
        assertEquals("1h", detail.get("interval").asText());
        assertEquals(1, detail.get("forecasts").size());
        JsonNode computed = detail.get("forecasts").get(0);
        assertEquals("BTCUSDT", computed.get("symbol").asText());
        assertEquals("crypto", computed.get("assetClass").asText());
        assertEquals(first.body(), computed.get("forecast"));

        HttpResult again = forecast("BTCUSDT");
        assertTrue(again.body().get("cached").asBoolean());
        assertEquals(1, events.size(), "a stored forecast is not published again");
        ObjectNode signal = (ObjectNode) signalFromTheRoute("BTCUSDT");
        signal.put("cached", false);
        assertEquals(signal, computed.get("signal"), "the signal as /v1/signals lists it, rank 0");
        assertEquals(2, events.size(), events.toString());
        assertEquals(List.of("ETHUSDT"), symbols(detail(events.get(1)).get("forecasts")),
                "the signals route published only the forecast it stored itself");
    }

    /** The write was applied but its answer lost: the SDK's retry finds this very forecast stored, no other's. */
    @Test
    void forecast_storedButItsAnswerLost_sdkRetry_isStillTheComputedOne_andPublished() {
        handler = PredictFixture.handler(clock, events::addAll, faults);
        faults.on("PutItem").afterSend().times(1).internalServerError();

        HttpResult first = forecast("BTCUSDT");

        assertEquals(1, faults.injected());
        assertEquals(200, first.status(), first.toString());
        assertFalse(first.body().get("cached").asBoolean(), "this request computed and stored it");
        assertEquals(1, events.size(), "the forecast it stored is published");
        assertEquals(first.body(), detail(events.getFirst()).at("/forecasts/0/forecast"));
        assertTrue(forecast("BTCUSDT").body().get("cached").asBoolean());
        assertEquals(1, events.size());
    }

    @Test
    void candlesClosed_forecastStoredButEveryAnswerLost_isPublishedOnce_andTheRedeliveryPublishesNothingMore() {
        handler = PredictFixture.handler(clock, events::addAll, faults);
        faults.on("PutItem").matching(request -> request instanceof PutItemRequest put
                && put.item().get("pk").s().equals("PRED#BTCUSDT#1h")).afterSend().internalServerError();

        List<String> published = new ArrayList<>();
        try {
            candlesClosed(sampleEvent());
        } catch (RuntimeException failedInvocation) {
            // The Lambda service delivers the event again.
        }
        faults.clearRules();
        JsonNode redelivered = candlesClosed(sampleEvent());

        events.forEach(event -> published.addAll(symbols(detail(event).get("forecasts"))));
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), published.stream().sorted().toList(),
                "each candle's forecast published once");
        assertEquals(2, redelivered.get("already").asInt(), redelivered.toString());
        assertEquals(2, predictionItems());
    }

    @Test
    void signals_publishTheForecastsTheyStored_oneEventPerInterval() {
        HttpResult signals = HttpResult.invoke(handler, HttpEvent.load("predict/signals.json").bytes());

        assertEquals(200, signals.status(), signals.toString());
        assertEquals(1, events.size(), events.toString());
        JsonNode detail = detail(events.getFirst());
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), symbols(detail.get("forecasts")));
        assertEquals(2, predictionItems());
    }

    @Test
    void candlesClosed_computesAndStoresEveryLatestForecastInOnePass_andPublishesThemInOneEvent() {
        JsonNode answer = candlesClosed(sampleEvent());

        assertEquals(2, answer.get("stored").asInt(), answer.toString());
        assertEquals(0, answer.get("already").asInt());
        assertEquals(0, answer.get("skipped").size(), answer.toString());
        assertEquals(2, predictionItems());
        assertEquals(1, events.size(), events.toString());
        JsonNode forecasts = detail(events.getFirst()).get("forecasts");
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), symbols(forecasts));
        for (JsonNode computed : forecasts) {
            assertEquals(CLOSED.toString(), computed.at("/forecast/asOf").asText());
            assertFalse(computed.at("/forecast/cached").asBoolean());
            // What a reader asks for afterwards is that very forecast, from the store.
            ObjectNode served = (ObjectNode) forecast(computed.get("symbol").asText()).body();
            assertTrue(served.get("cached").asBoolean());
            served.put("cached", false);
            assertEquals(served, computed.get("forecast"));
        }
        assertEquals(1, events.size(), "the readers' requests found them stored");
    }

    /**
     * The event comes right after ingestion stored the candles, and an eventually consistent read of a series'
     * latest closed candle may not show them yet: the forecasts of those candles are computed all the same.
     */
    @Test
    void candlesClosed_latestReadFromAReplicaBehindTheCandlesWrite_stillComputesTheirForecasts() {
        String closed = CandleRepository.sortKey(CLOSED);
        ExecutionInterceptor latestReplicaBehind = new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                // The latest-closed-candle query reads the 3 newest bars.
                if (context.request() instanceof QueryRequest query && Integer.valueOf(3).equals(query.limit())
                        && !Boolean.TRUE.equals(query.consistentRead())
                        && context.response() instanceof QueryResponse response) {
                    List<Map<String, AttributeValue>> items = response.items().stream()
                            .filter(item -> !closed.equals(item.get("sk").s())).toList();
                    return response.toBuilder().items(items).count(items.size()).build();
                }
                return context.response();
            }
        };
        handler = PredictFixture.handler(clock, events::addAll, latestReplicaBehind);

        JsonNode answer = candlesClosed(sampleEvent());

        assertEquals(2, answer.get("stored").asInt(), answer.toString());
        assertEquals(0, answer.get("skipped").size(), answer.toString());
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), symbols(detail(events.getFirst()).get("forecasts")));
        for (JsonNode computed : detail(events.getFirst()).get("forecasts")) {
            assertEquals(CLOSED.toString(), computed.at("/forecast/asOf").asText());
        }
    }

    @Test
    void candlesClosed_deliveredAgain_storesAndPublishesNothing() {
        candlesClosed(sampleEvent());
        events.clear();

        JsonNode again = candlesClosed(sampleEvent());

        assertEquals(0, again.get("stored").asInt(), again.toString());
        assertEquals(2, again.get("already").asInt());
        assertEquals(List.of(), events);
        assertEquals(2, predictionItems());
    }

    @Test
    void candlesClosed_unknownSymbolsSupersededCandlesAndIntervalsWithoutAModel_areSkipped() throws Exception {
        ObjectNode event = (ObjectNode) Json.mapper().readTree(sampleEvent());
        ((ObjectNode) event.at("/detail/series/0")).put("symbol", "NOPEUSDT");
        ((ObjectNode) event.at("/detail/series/1/candle")).put("openTime", "2022-01-04T13:00:00Z");

        JsonNode answer = candlesClosed(Json.writeBytes(event));

        assertEquals(0, answer.get("stored").asInt(), answer.toString());
        assertEquals(List.of("NOPEUSDT", "ETHUSDT"), symbols(answer.get("skipped")));
        assertEquals(List.of("UNKNOWN_SYMBOL", "NOT_LATEST"), answer.get("skipped").findValuesAsText("code"));

        ((ObjectNode) event.at("/detail")).put("interval", "1d");
        ((ObjectNode) event.at("/detail/series/1/candle")).put("openTime", "2022-01-04T00:00:00Z");
        JsonNode daily = candlesClosed(Json.writeBytes(event));
        assertEquals("NO_MODEL", daily.at("/skipped/1/code").asText(), daily.toString());
        assertEquals(0, predictionItems());
        assertEquals(List.of(), events);
    }

    @Test
    void eventBridgeEvent_ofAnotherKind_isIgnored() throws Exception {
        ObjectNode event = (ObjectNode) Json.mapper().readTree(sampleEvent());
        event.put("detail-type", "OrderFilled.v1");

        JsonNode answer = candlesClosed(Json.writeBytes(event));

        assertEquals("OrderFilled.v1", answer.get("ignored").asText(), answer.toString());
        assertEquals(0, predictionItems());
    }

    @Test
    void candlesClosed_malformed_isRefusedWithoutARetry() throws Exception {
        ObjectNode event = (ObjectNode) Json.mapper().readTree(sampleEvent());
        ((ObjectNode) event.at("/detail")).put("interval", "5m");

        JsonNode answer = candlesClosed(Json.writeBytes(event));

        assertEquals("VALIDATION_FAILED", answer.at("/error/code").asText(), answer.toString());
        assertEquals(0, predictionItems());
    }

    @Test
    void aPublisherThatFails_failsNoRequest_theForecastIsStoredAndServed() {
        handler = PredictFixture.handler(clock, published -> {
            throw new IllegalStateException("the bus is gone");
        });

        HttpResult first = forecast("BTCUSDT");
        JsonNode closed = candlesClosed(sampleEvent());

        assertEquals(200, first.status(), first.toString());
        assertEquals(1, closed.get("stored").asInt(), closed.toString());
        assertEquals(2, predictionItems());
    }

    /** The {@code symbol} of each item of {@code list} (each holds its forecast and signal, which name it too). */
    private static List<String> symbols(JsonNode list) {
        List<String> symbols = new ArrayList<>();
        list.forEach(item -> symbols.add(item.get("symbol").asText()));
        return symbols;
    }
}
