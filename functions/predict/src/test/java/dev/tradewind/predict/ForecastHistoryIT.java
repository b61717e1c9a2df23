package dev.tradewind.predict;

import static dev.tradewind.predict.PredictFixture.bar;
import static dev.tradewind.predict.PredictFixture.closeOf;
import static dev.tradewind.predict.PredictFixture.indexAt;
import static dev.tradewind.predict.PredictFixture.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The forecast history a model-signal backtest acts on, invoked directly as the trading function invokes it: each
 * bar's value is exactly what the forecast route served when that bar had just closed.
 */
class ForecastHistoryIT {

    private final MutableClock clock = new MutableClock(PredictFixture.REPLAY_START);
    private PredictHandler handler;
    private int btc;

    @BeforeEach
    void seedBitcoin() {
        LocalDynamoDb.truncateAll();
        handler = PredictFixture.handler(clock);
        btc = indexAt("BTCUSDT", PredictFixture.REPLAY_START);
        seed("BTCUSDT", btc - 300, btc + 48);
    }

    private JsonNode history(String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes()), out, null);
        return Json.mapper().readTree(out.toByteArray());
    }

    private static String request(Instant from, Instant to) {
        return "{\"forecastHistory\": {\"symbol\": \"BTCUSDT\", \"from\": \"" + from + "\", \"to\": \"" + to + "\"}}";
    }

    @Test
    void everyBarsValue_isWhatTheForecastRouteServedWhenThatBarHadJustClosed() throws IOException {
        clock.set(closeOf("BTCUSDT", btc + 47).plusSeconds(60));
        JsonNode series = history(request(bar("BTCUSDT", btc).openTime(), bar("BTCUSDT", btc + 40).openTime()));
        assertEquals(41, series.get("openTimes").size(), series.toString());
        assertEquals(bar("BTCUSDT", btc).openTime().toString(), series.get("openTimes").get(0).asText());
        assertEquals(closeOf("BTCUSDT", btc).toString(), series.get("closeTimes").get(0).asText());
        assertEquals("2022-01-03T00:00:00Z", series.get("model").get("trainedThrough").asText());
        assertEquals(0.55, series.get("thresholds").get("buyAt").asDouble());
        for (int k : new int[] {0, 17, 40}) {
            clock.set(closeOf("BTCUSDT", btc + k).plusSeconds(30));
            HttpResult served = HttpResult.invoke(handler, HttpEvent.load("predict/forecast.json")
                    .pathParameter("symbol", "BTCUSDT").bytes());
            assertEquals(200, served.status(), served.toString());
            assertEquals(bar("BTCUSDT", btc + k).openTime().toString(), served.body().get("asOf").asText());
            assertEquals(served.body().get("probabilityUp").floatValue(),
                    series.get("probabilityUp").get(k).floatValue(), "bar " + k);
            assertEquals(served.body().get("volatility").get("annualized").asText(),
                    series.get("volatility").get(k).asText(), "bar " + k);
            for (String level : new String[] {"80", "95"}) {
                assertEquals(served.body().get("range").get(level).get("low").decimalValue(),
                        series.get("rangeLow").get(level).get(k).decimalValue(), "bar " + k + ", " + level + " %");
            }
        }
    }

    @Test
    void barsNotClosedByNow_areNotForecast_andTooLittleHistoryIsNull() throws IOException {
        clock.set(closeOf("BTCUSDT", btc + 9).plusSeconds(1));
        JsonNode series = history(request(bar("BTCUSDT", btc).openTime(), bar("BTCUSDT", btc + 40).openTime()));
        assertEquals(10, series.get("openTimes").size(), "only the bars closed by now");

        // The first stored bars have less history than the features need: those values are null.
        JsonNode early = history(request(bar("BTCUSDT", btc - 300).openTime(), bar("BTCUSDT", btc - 200)
                .openTime()));
        assertTrue(early.get("probabilityUp").get(0).isNull(), early.get("probabilityUp").get(0).toString());
        assertTrue(early.get("probabilityUp").get(100).isNumber());
    }

    @Test
    void theBarsRead_stopAtTo() throws IOException {
        List<String> openTimesRead = new CopyOnWriteArrayList<>();
        ExecutionInterceptor candlesRead = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.response() instanceof QueryResponse response) {
                    response.items().stream().filter(item -> item.get("pk").s().startsWith("CANDLE#"))
                            .forEach(item -> openTimesRead.add(item.get("sk").s()));
                }
            }
        };
        handler = PredictFixture.handler(clock, EventPublisher.none(), candlesRead);
        clock.set(closeOf("BTCUSDT", btc + 47).plusSeconds(60));
        Instant to = bar("BTCUSDT", btc + 5).openTime();

        JsonNode series = history(request(bar("BTCUSDT", btc).openTime(), to));

        assertEquals(6, series.get("openTimes").size(), series.toString());
        List<String> afterTo = openTimesRead.stream()
                .filter(openTime -> openTime.compareTo(CandleRepository.sortKey(to)) > 0).toList();
        assertEquals(List.of(), afterTo, "bars read past to");
    }

    /** A backtest deciding at one bar asks for [its open, its open]: the range holds that bar, as any other. */
    @Test
    void aRangeOfOneBar_fromEqualToTo_answersThatBarsForecast() throws IOException {
        clock.set(closeOf("BTCUSDT", btc + 47).plusSeconds(60));
        Instant open = bar("BTCUSDT", btc + 5).openTime();

        JsonNode series = history(request(open, open));

        assertEquals(1, series.path("openTimes").size(), series.toString());
        assertEquals(open.toString(), series.get("openTimes").get(0).asText());
        assertTrue(series.get("probabilityUp").get(0).isNumber(), series.toString());
    }

    @Test
    void requestsItCannotAnswer_comeBackAsAnErrorTheCallerCanPassOn() throws IOException {
        assertEquals("NOT_FOUND", history(request(Instant.parse("2022-01-03T00:00:00Z"),
                Instant.parse("2022-01-04T00:00:00Z")).replace("BTCUSDT", "NOPE")).get("error").get("code").asText());
        assertEquals("VALIDATION_FAILED", history("{\"forecastHistory\": {\"symbol\": \"BTCUSDT\"}}").get("error")
                .get("code").asText());
        assertEquals("VALIDATION_FAILED", history(request(Instant.parse("2022-01-04T00:00:00Z"),
                Instant.parse("2022-01-03T00:00:00Z"))).get("error").get("code").asText());
    }

    @Test
    void theSampleEvent_isADirectInvocation() throws IOException {
        String event = Files.readString(dev.tradewind.testing.Repository.path("events/predict/forecast-history.json"));
        clock.set(Instant.parse("2022-01-05T00:00:00Z"));
        JsonNode series = history(event);
        assertEquals("BTCUSDT", series.get("symbol").asText(), series.toString());
        assertEquals(25, series.get("openTimes").size());
    }
}
