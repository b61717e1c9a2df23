package dev.tradewind.predict;

import static dev.tradewind.predict.PredictFixture.bar;
import static dev.tradewind.predict.PredictFixture.closeOf;
import static dev.tradewind.predict.PredictFixture.indexAt;
import static dev.tradewind.predict.PredictFixture.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.volatility.RangeForecast;
import dev.tradewind.model.volatility.VolatilityForecast;
import dev.tradewind.model.volatility.VolatilityModel;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.StandardOutput;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.MutableClock;
import dev.tradewind.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** The forecast route against DynamoDB Local: caching by candle, staleness, signals and every refusal. */
class ForecastIT {

    private static final String USER = "01JGXQ5V8K3M2N4P6R8T0V2X4Z";

    private final MutableClock clock = new MutableClock(PredictFixture.REPLAY_START);
    private PredictHandler handler;
    private int btc;

    @BeforeEach
    void emptyTables() {
        LocalDynamoDb.truncateAll();
        handler = PredictFixture.handler(clock);
        btc = indexAt("BTCUSDT", PredictFixture.REPLAY_START);
    }

    private HttpResult forecast(String symbol, String interval) {
        HttpEvent event = HttpEvent.load("predict/forecast.json").pathParameter("symbol", symbol);
        if (interval != null) {
            event.query("interval", interval);
        }
        return HttpResult.invoke(handler, event.bytes());
    }

    @Test
    void forecast_computesOnce_thenServesFromTheStoreUntilANewerCandleCloses() {
        seed("BTCUSDT", btc - 150, btc);
        clock.set(closeOf("BTCUSDT", btc - 1).plusSeconds(60));

        HttpResult first = forecast("BTCUSDT", "1h");
        HttpResult second = forecast("BTCUSDT", "1h");

        assertEquals(200, first.status(), first.toString());
        assertFalse(first.body().get("cached").asBoolean());
        assertTrue(second.body().get("cached").asBoolean());
        assertEquals(bar("BTCUSDT", btc - 1).openTime().toString(), first.body().get("asOf").asText());
        assertEquals(first.body().get("probabilityUp"), second.body().get("probabilityUp"));
        assertEquals(first.body().get("features"), second.body().get("features"));
        assertEquals(1, predictionItems());

        // A newer bar that has not closed yet changes nothing.
        PredictFixture.candles().putAll(List.of(bar("BTCUSDT", btc)));
        clock.set(closeOf("BTCUSDT", btc).minusSeconds(1));
        HttpResult open = forecast("BTCUSDT", "1h");
        assertTrue(open.body().get("cached").asBoolean());
        assertEquals(first.body().get("asOf"), open.body().get("asOf"));

        // Once it has closed, the next request computes a new prediction from it.
        clock.set(closeOf("BTCUSDT", btc).plusSeconds(1));
        HttpResult newer = forecast("BTCUSDT", "1h");
        assertEquals(200, newer.status());
        assertFalse(newer.body().get("cached").asBoolean());
        assertEquals(bar("BTCUSDT", btc).openTime().toString(), newer.body().get("asOf").asText());
        assertNotEquals(first.body().get("features"), newer.body().get("features"));
        assertEquals(2, predictionItems());
        assertTrue(forecast("BTCUSDT", "1h").body().get("cached").asBoolean());
    }

    @Test
    void forecast_isCacheableUntilTheNextCandleCloses_andIfNoneMatchIs304WithoutABody() {
        seed("BTCUSDT", btc - 150, btc);
        clock.set(closeOf("BTCUSDT", btc - 1).plusSeconds(60));

        HttpResult first = forecast("BTCUSDT", "1h");
        long untilNextClose = Duration.between(clock.instant(), closeOf("BTCUSDT", btc)).toSeconds();
        assertEquals("public, max-age=" + untilNextClose, first.headers().get("cache-control"));
        HttpResult stored = forecast("BTCUSDT", "1h");
        String etag = stored.headers().get("etag");
        assertNotEquals(first.headers().get("etag"), etag, "the first answer says cached: false, so it differs");

        HttpResult again = HttpResult.invoke(handler, HttpEvent.load("predict/forecast.json")
                .pathParameter("symbol", "BTCUSDT").query("interval", "1h").header("if-none-match", etag).bytes());
        assertEquals(304, again.status());
        assertNull(again.body());
        assertEquals(etag, again.headers().get("etag"));
    }

    @Test
    void forecast_sameCandleAgain_isAnsweredFromTheInstancesMemory_withoutReadingTheStore() {
        seed("BTCUSDT", btc - 150, btc);
        clock.set(closeOf("BTCUSDT", btc - 1).plusSeconds(60));
        JsonNode first = forecast("BTCUSDT", "1h").body();
        LocalDynamoDb.truncate(PredictFixture.predictionsTable());

        JsonNode again = forecast("BTCUSDT", "1h").body();
        JsonNode otherInstance = HttpResult.invoke(PredictFixture.handler(clock),
                HttpEvent.load("predict/forecast.json").pathParameter("symbol", "BTCUSDT").bytes()).body();

        assertTrue(again.get("cached").asBoolean(), again.toString());
        assertEquals(first.get("probabilityUp"), again.get("probabilityUp"));
        assertEquals(first.get("range"), again.get("range"));
        assertFalse(otherInstance.get("cached").asBoolean(), "a fresh instance reads the (emptied) store");
        assertEquals(1, predictionItems());
    }

    /**
     * Right after ingestion stored a candle, the query for the latest closed candle may reach a replica that has it
     * and the window's query (eventually consistent as well) one that does not yet. The forecast stored under that
     * candle is still the one of the window ending at it.
     */
    @Test
    void forecast_windowReadFromAReplicaBehindTheLatestCandle_isStillTheForecastOfTheWindowEndingAtIt() {
        seed("BTCUSDT", btc - 150, btc);
        clock.set(closeOf("BTCUSDT", btc - 1).plusSeconds(60));
        JsonNode expected = forecast("BTCUSDT", "1h").body();
        LocalDynamoDb.truncate(PredictFixture.predictionsTable());
        String latest = CandleRepository.sortKey(bar("BTCUSDT", btc - 1).openTime());
        ExecutionInterceptor windowReplicaBehind = new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                // The latest-candle query reads 3 bars; the window query reads the models' window of them.
                if (context.request() instanceof QueryRequest query && query.limit() != null && query.limit() > 3
                        && !Boolean.TRUE.equals(query.consistentRead())
                        && context.response() instanceof QueryResponse response) {
                    List<Map<String, AttributeValue>> items = response.items().stream()
                            .filter(item -> !latest.equals(item.get("sk").s())).toList();
                    return response.toBuilder().items(items).count(items.size()).build();
                }
                return context.response();
            }
        };
        handler = PredictFixture.handler(clock, EventPublisher.none(), windowReplicaBehind);

        JsonNode served = forecast("BTCUSDT", "1h").body();

        assertFalse(served.get("cached").asBoolean(), served.toString());
        assertEquals(expected.get("asOf"), served.get("asOf"));
        assertEquals(expected.get("features"), served.get("features"));
        assertEquals(expected.get("probabilityUp"), served.get("probabilityUp"));
        assertEquals(expected.get("range"), served.get("range"));
    }

    @Test
    void forecast_isTheModelsProbabilityForTheLatestWindow_withItsFeaturesAndHorizon() {
        seed("BTCUSDT", btc - 150, btc);
        clock.set(closeOf("BTCUSDT", btc - 1).plusSeconds(60));
        ForecastModel model = PredictFixture.models().model(Interval.H1).orElseThrow();
        List<Candle> window = PredictFixture.history().candles("BTCUSDT").subList(btc - 100, btc);
        float[] features = model.features(window);
        float expected = model.predict(features);

        JsonNode body = forecast("BTCUSDT", null).body();

        assertEquals(expected, (float) body.get("probabilityUp").asDouble(), 0f);
        assertEquals("BTCUSDT", body.get("symbol").asText());
        assertEquals("crypto", body.get("assetClass").asText());
        assertEquals("1h", body.get("interval").asText());
        assertEquals(model.version(), body.path("model").get("version").asText());
        assertEquals(bar("BTCUSDT", btc - 1).close(), body.get("price").decimalValue());
        assertEquals(4, body.path("horizon").get("bars").asInt());
        assertEquals(bar("BTCUSDT", btc - 1).openTime().plus(Duration.ofHours(5)).toString(),
                body.path("horizon").get("resolvesAt").asText());
        assertEquals(closeOf("BTCUSDT", btc - 1).toString(), body.get("asOfClose").asText());
        assertEquals(model.card().features().size(), body.get("features").size());
        assertEquals(features[0], (float) body.path("features").get("log_return_1").asDouble(), 0f);
        assertFalse(body.get("stale").asBoolean());
        assertFalse(body.get("lowConfidence").asBoolean());
        double confidence = Math.round(Math.abs(2.0 * expected - 1) * 10_000) / 10_000.0;
        assertEquals(confidence, body.get("confidence").asDouble(), 1e-12);
        String signal = expected >= 0.55 ? "BUY" : expected <= 0.45 ? "SELL" : "HOLD";
        assertEquals(signal, body.get("signal").asText());
    }

    /** Over 24 bars of one volume there is no volume z-score: the model takes it as missing, the answer as null. */
    @Test
    void forecast_aFeatureTheWindowCannotDefine_isShownAsNull_notLeftOut() {
        PredictFixture.instruments().put(PredictFixture.instrument("BTCUSDT"));
        PredictFixture.candles().putAll(PredictFixture.history().candles("BTCUSDT").subList(btc - 150, btc).stream()
                .map(c -> new Candle(c.symbol(), c.interval(), c.openTime(), c.open(), c.high(), c.low(), c.close(),
                        BigDecimal.TEN)).toList());
        clock.set(closeOf("BTCUSDT", btc - 1).plusSeconds(60));

        JsonNode features = forecast("BTCUSDT", null).body().get("features");

        assertEquals(PredictFixture.models().model(Interval.H1).orElseThrow().card().features().size(),
                features.size(), features.toString());
        assertTrue(features.get("volume_zscore_24").isNull(), features.toString());
    }

    @Test
    void forecast_withHistoryForTheVolatilityModel_addsVolatilityAndRanges_storedAndServedAgainFromTheStore() {
        seed("BTCUSDT", btc - 200, btc);
        clock.set(closeOf("BTCUSDT", btc - 1).plusSeconds(60));
        VolatilityModel model = PredictFixture.models().volatility(Interval.H1).orElseThrow();
        List<Candle> window = PredictFixture.history().candles("BTCUSDT").subList(btc - 169, btc);
        VolatilityForecast expected = model.forecast(window);
        RangeForecast range = model.range(expected, bar("BTCUSDT", btc - 1).close().doubleValue());

        JsonNode body = forecast("BTCUSDT", "1h").body();
        JsonNode cached = forecast("BTCUSDT", "1h").body();

        JsonNode volatility = body.get("volatility");
        assertEquals(24, volatility.get("horizonBars").asInt(), body.toString());
        assertEquals(expected.horizonVolatility(), volatility.get("horizon").asDouble(), 1e-7);
        assertEquals(expected.annualized(), volatility.get("annualized").asDouble(), 1e-6);
        assertEquals(bar("BTCUSDT", btc - 1).openTime().plus(Duration.ofHours(25)).toString(),
                volatility.get("resolvesAt").asText());
        assertTrue(volatility.get("target").asText().startsWith("RV = sum of r^2"));
        // The crypto card: QLIKE not below GARCH(1,1) on the leave-one-instrument-out holdout: the API flags it.
        assertFalse(volatility.get("targetsMet").asBoolean());
        assertTrue(volatility.get("targetsMissed").toString().contains("\"loioHoldout.qlikeBelowGarch\""),
                volatility.toString());
        JsonNode ranges = body.get("range");
        assertEquals(range.band(0.8).low(), ranges.path("80").get("low").asDouble(), 1e-5);
        assertEquals(range.band(0.8).high(), ranges.path("80").get("high").asDouble(), 1e-5);
        assertEquals(range.band(0.95).low(), ranges.path("95").get("low").asDouble(), 1e-5);
        assertEquals(range.band(0.95).high(), ranges.path("95").get("high").asDouble(), 1e-5);
        assertTrue(ranges.path("95").get("low").asDouble() < ranges.path("80").get("low").asDouble());
        assertEquals(body.path("horizon").get("resolvesAt"), ranges.get("resolvesAt"));
        assertEquals(4, ranges.get("horizonBars").asInt());
        assertTrue(ranges.get("targetsMet").asBoolean(), ranges.toString());
        assertFalse(body.has("volatilityUnavailable"));

        assertTrue(cached.get("cached").asBoolean());
        assertEquals(volatility, cached.get("volatility"));
        assertEquals(ranges, cached.get("range"));
        assertEquals(1, predictionItems());
    }

    @Test
    void cryptoForecast_volatilityAndRanges_areTheHarFormulaOfDocsModelMd_recomputedFromTheCandles() {
        int asOf = indexAt("BTCUSDT", Instant.parse("2022-01-02T23:00:00Z"));
        seed("BTCUSDT", asOf - 199, asOf + 1);
        clock.set(closeOf("BTCUSDT", asOf).plusSeconds(60));

        assertServedVolatilityIsTheHarFormula("BTCUSDT", asOf, "crypto-1h", forecast("BTCUSDT", "1h").body());
    }

    @Test
    void stockForecast_volatilityAndRanges_areTheHarFormulaOfDocsModelMd_recomputedFromTheCandles() {
        int asOf = indexAt("AAPL", Instant.parse("2022-03-15T13:30:00Z"));
        seed("AAPL", asOf - 149, asOf + 1);
        clock.set(closeOf("AAPL", asOf).plusSeconds(60));

        assertServedVolatilityIsTheHarFormula("AAPL", asOf, "stocks-1d", forecast("AAPL", "1d").body());
    }

    @Test
    void docsForecastsMdExample_isWhatTheRouteAnswersForItsCandle() throws IOException {
        String doc = Files.readString(Repository.path("docs/forecasts.md"));
        int start = doc.indexOf("```json\n") + "```json\n".length();
        JsonNode example = new ObjectMapper().readTree(doc.substring(start, doc.indexOf("```", start)));
        Instant asOf = Instant.parse(example.get("asOf").asText());
        int index = indexAt(example.get("symbol").asText(), asOf);
        seed(example.get("symbol").asText(), index - 199, index + 1);
        clock.set(Instant.parse(example.get("computedAt").asText()));

        JsonNode served = forecast(example.get("symbol").asText(), example.get("interval").asText()).body();

        assertShows(example, served, "");
    }

    /** Every field of the docs' example is the served one; "..." stands for fields or text left out. */
    private static void assertShows(JsonNode example, JsonNode served, String path) {
        if (example.isObject()) {
            example.properties().stream().filter(field -> !field.getKey().equals("..."))
                    .forEach(field -> assertShows(field.getValue(), served.path(field.getKey()),
                            path + "." + field.getKey()));
        } else if (example.isNumber()) {
            assertTrue(served.isNumber(), path + ": " + served);
            assertEquals(0, example.decimalValue().compareTo(served.decimalValue()), path + ": served " + served);
        } else if (example.isTextual() && example.asText().endsWith("...")) {
            String shown = example.asText().substring(0, example.asText().length() - 3);
            assertTrue(served.asText().startsWith(shown), path + ": served " + served);
        } else {
            assertEquals(example, served, path);
        }
    }

    /**
     * Recomputes, independently of the model layer, what docs/model.md#volatility-and-price-ranges says is served:
     * the HAR features (mean r², Parkinson and Garman–Klass over each window, each floored at a share of its
     * reference-window mean; the last volume over its reference mean), variance = exp(prediction + s²/2),
     * annualised √(variance · barsPerYear / H), bands C·exp(q · √(variance · h / H)).
     */
    private static void assertServedVolatilityIsTheHarFormula(String symbol, int asOf, String family, JsonNode body) {
        JsonNode card = readJson(Repository.path("models/" + family + "/volatility.json"));
        JsonNode features = card.get("features");
        int reference = features.get("referenceWindow").asInt();
        int length = features.get("windowLength").asInt();
        double floor = features.get("floorShare").asDouble();
        List<Candle> last = PredictFixture.history().candles(symbol).subList(asOf - length + 1, asOf + 1);
        double[] r2 = new double[length];
        double[] parkinson = new double[length];
        double[] garmanKlass = new double[length];
        double[] volume = new double[length];
        for (int i = 0; i < length; i++) {
            Candle c = last.get(i);
            volume[i] = c.volume().doubleValue();
            if (i > 0) {
                double r = Math.log(c.close().doubleValue() / last.get(i - 1).close().doubleValue());
                double hl = Math.log(c.high().doubleValue() / c.low().doubleValue());
                double co = Math.log(c.close().doubleValue() / c.open().doubleValue());
                r2[i] = r * r;
                parkinson[i] = hl * hl / (4 * Math.log(2));
                garmanKlass[i] = Math.max(0, 0.5 * hl * hl - (2 * Math.log(2) - 1) * co * co);
            }
        }
        JsonNode model = card.get("model");
        JsonNode beta = model.get("coefficients");
        double prediction = model.get("intercept").asDouble();
        int k = 0;
        for (JsonNode window : features.get("windows")) {
            for (double[] estimator : List.of(r2, parkinson, garmanKlass)) {
                double floored = Math.max(tailMean(estimator, window.asInt()), floor * tailMean(estimator, reference));
                prediction += beta.get(k++).asDouble() * Math.log(floored);
            }
        }
        double volumeMean = tailMean(volume, reference);
        prediction += beta.get(k).asDouble() * Math.log(Math.max(volume[length - 1], floor * volumeMean) / volumeMean);
        double variance = Math.exp(prediction + model.get("residualVariance").asDouble() / 2);
        int horizon = card.path("target").get("horizonBars").asInt();
        double barsPerYear = card.path("target").get("barsPerYear").asDouble();

        JsonNode volatility = body.get("volatility");
        assertEquals(variance, volatility.get("variance").asDouble(), variance * 1e-7, body.toString());
        double annualized = Math.sqrt(variance * barsPerYear / horizon);
        assertEquals(annualized, volatility.get("annualized").asDouble(), annualized * 1e-7);
        double close = last.getLast().close().doubleValue();
        double sigma = Math.sqrt(variance * card.path("range").get("horizonBars").asInt() / horizon);
        for (JsonNode level : card.path("range").get("levels")) {
            JsonNode band = body.path("range").get(String.valueOf(Math.round(level.get("level").asDouble() * 100)));
            double low = close * Math.exp(level.get("lowerQuantile").asDouble() * sigma);
            double high = close * Math.exp(level.get("upperQuantile").asDouble() * sigma);
            // Bounds are served with ten significant digits.
            assertEquals(low, band.get("low").asDouble(), low * 1e-9, band.toString());
            assertEquals(high, band.get("high").asDouble(), high * 1e-9, band.toString());
        }
    }

    private static double tailMean(double[] values, int window) {
        double sum = 0;
        for (int i = values.length - window; i < values.length; i++) {
            sum += values[i];
        }
        return sum / window;
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void forecast_withHistoryForDirectionOnly_isServedWithoutVolatility_andSaysWhy() {
        seed("BTCUSDT", btc - 150, btc);
        clock.set(closeOf("BTCUSDT", btc - 1).plusSeconds(60));

        JsonNode body = forecast("BTCUSDT", "1h").body();

        assertTrue(body.get("probabilityUp").isNumber());
        assertFalse(body.has("volatility"));
        assertFalse(body.has("range"));
        assertEquals("INSUFFICIENT_HISTORY", body.path("volatilityUnavailable").get("code").asText());
    }

    @Test
    void stockForecast_rangesAreForTheNextSession_onTheNyseCalendar() {
        int friday = indexAt("AAPL", Instant.parse("2022-01-07T14:30:00Z"));
        seed("AAPL", friday - 149, friday + 1);
        clock.set(Instant.parse("2022-01-09T18:00:00Z"));

        JsonNode body = forecast("AAPL", null).body();

        assertEquals("2022-01-10T21:00:00Z", body.path("range").get("resolvesAt").asText(), body.toString());
        assertEquals(1, body.path("range").get("horizonBars").asInt());
        assertEquals(5, body.path("volatility").get("horizonBars").asInt());
        assertEquals("2022-01-14T21:00:00Z", body.path("volatility").get("resolvesAt").asText());
        double annualized = body.path("volatility").get("annualized").asDouble();
        double horizon = body.path("volatility").get("horizon").asDouble();
        assertEquals(horizon * Math.sqrt(252.0 / 5), annualized, 1e-6);
    }

    @Test
    void staleCandle_saysStaleAndHolds_evenFromTheStore() {
        seed("BTCUSDT", btc - 150, btc);
        Instant lastOpen = bar("BTCUSDT", btc - 1).openTime();
        // Crypto 1h: stale once the bar two after the latest should have closed, plus 5 minutes.
        clock.set(lastOpen.plus(Duration.ofHours(3)).plusSeconds(5 * 60));
        assertFalse(forecast("BTCUSDT", "1h").body().get("stale").asBoolean());

        clock.set(lastOpen.plus(Duration.ofHours(3)).plusSeconds(5 * 60 + 1));
        JsonNode stale = forecast("BTCUSDT", "1h").body();

        assertTrue(stale.get("stale").asBoolean());
        assertTrue(stale.get("cached").asBoolean());
        assertEquals("HOLD", stale.get("signal").asText());
        assertTrue(stale.get("probabilityUp").isNumber());
    }

    @Test
    void stockOverAWeekend_isNotStale_andItsLowConfidenceModelNeverExceedsTheCeiling() {
        int friday = indexAt("AAPL", Instant.parse("2022-01-07T14:30:00Z"));
        seed("AAPL", friday - 149, friday + 1);
        clock.set(Instant.parse("2022-01-09T18:00:00Z"));

        JsonNode body = forecast("AAPL", null).body();

        assertEquals("2022-01-07T14:30:00Z", body.get("asOf").asText());
        assertEquals("2022-01-07T21:00:00Z", body.get("asOfClose").asText());
        assertFalse(body.get("stale").asBoolean());
        assertTrue(body.get("lowConfidence").asBoolean());
        assertTrue(body.get("confidence").asDouble() <= 0.05, body.toString());
        assertEquals("2022-01-10T21:00:00Z", body.path("horizon").get("resolvesAt").asText());
        assertEquals("1d", body.get("interval").asText());
    }

    @Test
    void tooLittleHistory_is422SayingHowManyCandlesAreMissing() {
        int eth = indexAt("ETHUSDT", PredictFixture.REPLAY_START);
        seed("ETHUSDT", eth - 37, eth);
        clock.set(closeOf("ETHUSDT", eth - 1).plusSeconds(1));

        HttpResult result = forecast("ETHUSDT", "1h");

        assertEquals(422, result.status(), result.toString());
        assertEquals("INSUFFICIENT_HISTORY", result.errorCode());
        assertTrue(result.body().path("error").get("message").asText().contains("63 missing"), result.toString());
        assertEquals("candles", result.body().path("error").path("details").get(0).get("field").asText());
        assertEquals(0, predictionItems());
    }

    @Test
    void noClosedCandleAtAll_is422WithTheWholeWindowMissing() {
        PredictFixture.instruments().put(PredictFixture.instrument("BNBUSDT"));

        HttpResult result = forecast("BNBUSDT", "1h");

        assertEquals(422, result.status());
        assertTrue(result.body().path("error").get("message").asText().contains("100 missing"), result.toString());
    }

    @Test
    void unknownSymbol_is404() {
        HttpResult result = forecast("NOSUCHCOIN", "1h");
        assertEquals(404, result.status());
        assertEquals("NOT_FOUND", result.errorCode());
    }

    @Test
    void intervalWithoutAModel_is400() {
        seed("AAPL", 0, 150);
        seed("BTCUSDT", btc - 150, btc);

        HttpResult stockHourly = forecast("AAPL", "1h");
        HttpResult cryptoDaily = forecast("BTCUSDT", "1d");
        HttpResult unknown = forecast("BTCUSDT", "5m");

        assertEquals(400, stockHourly.status());
        assertEquals("NO_MODEL", stockHourly.errorCode());
        assertTrue(stockHourly.body().path("error").get("message").asText().contains("stock instruments at 1h"));
        assertEquals("NO_MODEL", cryptoDaily.errorCode());
        assertEquals(400, unknown.status());
        assertEquals("VALIDATION_FAILED", unknown.errorCode());
        assertEquals("interval", unknown.body().path("error").path("details").get(0).get("field").asText());
    }

    @Test
    void symbolIsTheSymbolRuleExactly_lowercasePaddedOrNulSymbolsAre400() {
        seed("BTCUSDT", btc - 150, btc);
        clock.set(closeOf("BTCUSDT", btc - 1).plusSeconds(60));

        assertEquals(200, forecast("BTCUSDT", "1h").status());
        for (String symbol : new String[] {"btcusdt", "BTC USDT", " BTCUSDT", "BTCUSDT\u0000", "BTC_USDT"}) {
            HttpResult result = forecast(symbol, "1h");
            assertEquals(400, result.status(), symbol);
            assertEquals("symbol", result.body().path("error").path("details").get(0).get("field").asText());
        }
    }

    @Test
    void withoutTheAuthorizersCaller_is401() {
        seed("BTCUSDT", btc - 150, btc);
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("predict/forecast.json").anonymous().bytes());
        assertEquals(401, result.status());
        assertEquals(0, predictionItems());
    }

    private static int predictionItems() {
        return LocalDynamoDb.client().scan(ScanRequest.builder().tableName(PredictFixture.predictionsTable()).build())
                .count();
    }

    @Test
    void forecast_computedThenCached_isCountedAsMetrics() throws Exception {
        seed("BTCUSDT", btc - 150, btc);
        clock.set(closeOf("BTCUSDT", btc - 1).plusSeconds(60));

        String output = StandardOutput.capture(() -> {
            assertEquals(200, forecast("BTCUSDT", "1h").status());
            assertEquals(200, forecast("BTCUSDT", "1h").status());
        });

        assertTrue(output.lines().anyMatch(line -> line.contains("\"ForecastsServed\":1")
                && line.contains("\"Cached\":\"false\"") && line.contains("\"Service\":\"predict\"")), output);
        assertTrue(output.lines().anyMatch(line -> line.contains("\"ForecastsServed\":1")
                && line.contains("\"Cached\":\"true\"")), output);
    }
}
