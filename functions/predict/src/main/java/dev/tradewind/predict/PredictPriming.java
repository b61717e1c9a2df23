package dev.tradewind.predict;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.model.ForecastModel;
import dev.tradewind.predict.api.InstanceId;
import dev.tradewind.predict.service.PredictConfig;
import dev.tradewind.predict.service.PredictServices;
import dev.tradewind.predict.store.InMemoryMarketData;
import dev.tradewind.predict.store.InMemoryPredictionStore;
import dev.tradewind.predict.store.SyntheticMarket;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.lambda.SyntheticContext;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of predict and predict-resolve, through the shared {@link Priming}.
 *
 * <p>predict, with the models already loaded by the constructor:
 * <ol>
 *   <li>each model computes features from a synthetic window and runs one inference (ONNX Runtime's first run
 *   allocates and initialises more than later ones);</li>
 *   <li>a second handler over the same models and in-memory market data and predictions serves every route once,
 *   a forecast twice (computed, then cached), so routing, features, inference, scoring and JSON are all loaded and
 *   run without a single write anywhere;</li>
 *   <li>the real handler serves every sample event of events/predict as {@link Priming#USER_ID}: model and health,
 *   and a forecast, signals and accuracy over the real tables, with writes kept in the run's memory
 *   ({@link Priming.Builder#inMemoryWrites()}): the forecast is computed and stored there, so its write and answer
 *   run too, then read back from there once the predictions kept in memory are forgotten; the bus's CandlesClosed
 *   event (its candles are long superseded, or their forecasts stored in that memory, and nothing is published
 *   while priming runs). The predictions kept in memory are forgotten again, one EMF metric is serialized into
 *   nothing, then a GetItem per table.</li>
 * </ol>
 * All of it five times over, each round with a store of its own, so the code the routes run per candle and per
 * instrument is compiled before the snapshot: the first signals request after a restore took 66.7–70.6 ms primed
 * once and 53.8–55.4 ms primed five times, a stored forecast 27.6–28.5 and 19.8–26.0 ms (medians of 5 JVMs, two runs
 * of each, alternated; docs/benchmarks.md).
 * After a restore: a new instance id, since every instance restored from one snapshot would share it; the
 * instruments and predictions kept in memory are forgotten (a restore may come days after the snapshot, and
 * priming's predictions are in no table). Nothing else here is unique or secret; the DynamoDB client reconnects by
 * itself.
 *
 * <p>predict-resolve: its sample schedule through the real handler (the due queue and the candles are read; each
 * resolution it would store is refused), one EMF metric serialized into nothing (a run reports what it resolved; a
 * primed one reports nothing), then a GetItem per table.
 */
final class PredictPriming {

    private static final Logger LOG = LoggerFactory.getLogger(PredictPriming.class);
    static final String MISSING_SYMBOL = "PRIMING-NO-SYMBOL";
    /** Enough for the longest window (the crypto volatility model's 169) from a bar {@value #EARLIER} bars back. */
    private static final int SYNTHETIC_BARS = 230;
    /** Bars between the earlier forecast and the last bar: more than the longest volatility horizon (24). */
    private static final int EARLIER = 30;

    private PredictPriming() {
    }

    static Priming forPredict(PredictHandler handler, PredictServices services, DynamoDbClient dynamo,
                              Environment env) {
        Priming.Builder priming = Priming.builder("predict").inMemoryWrites().rounds(5)
                .step("models", () -> primeModels(services))
                .step("offline routes", () -> {
                    Map<String, Integer> statuses = offline(services);
                    LOG.debug("Offline priming", entry("routes", statuses));
                });
        priming.request(handler, "model.json").request(handler, "health.json").request(handler, "forecast.json")
                // Read back from the store, as a restored instance's first request reads a forecast stored before.
                .step("forget computed forecast", services.forecasts()::forgetRecent)
                .request(handler, "forecast.json", "stored forecast", event -> {
                })
                .request(handler, "signals.json").request(handler, "accuracy.json");
        priming.invocation(handler, "forecast-history.json", 503);
        priming.invocation(handler, "candles-closed.json", 503);
        priming.request(handler, "forecast.json", "forecast of a missing symbol", event -> {
            ((ObjectNode) event.path("pathParameters")).put("symbol", MISSING_SYMBOL);
            event.put("rawPath", "/v1/assets/" + MISSING_SYMBOL + "/forecast");
        });
        // The run's predictions are in no table: none may be answered from memory once it ends.
        priming.step("forget primed forecasts", services.forecasts()::forgetRecent)
                .metrics(PredictConfig.from(env).metricsNamespace());
        if (dynamo != null) {
            priming.tableReads(dynamo, env, "PREDICTIONS_TABLE", "MARKET_TABLE");
        }
        return priming.afterRestore(InstanceId::reset)
                .afterRestore(services.market()::forgetCached)
                .afterRestore(services.forecasts()::forgetRecent)
                .afterRestore(() -> LOG.info("Restored from a SnapStart snapshot", entry("instance", InstanceId.get())))
                .build();
    }

    static Priming forResolve(ResolveHandler handler, DynamoDbClient dynamo, Environment env) {
        return Priming.builder("predict-resolve")
                .invocation(handler, "resolve-schedule.json", 503)
                .metrics(PredictConfig.from(env).metricsNamespace())
                .tableReads(dynamo, env, "PREDICTIONS_TABLE", "MARKET_TABLE")
                .build();
    }

    private static void primeModels(PredictServices services) {
        for (ForecastModel model : services.models().models()) {
            List<Candle> window = syntheticSeries(model.card().assetClass(), model.card().interval(),
                    model.features().windowLength());
            model.predict(model.features(window));
        }
    }

    /**
     * Every route through a handler over in-memory data, which publishes nothing; returns what each request
     * answered.
     */
    static Map<String, Integer> offline(PredictServices services) {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        primeOffline(services, statuses);
        return statuses;
    }

    private static void primeOffline(PredictServices services, Map<String, Integer> statuses) {
        InMemoryMarketData market = new InMemoryMarketData();
        Instant latestClose = Instant.EPOCH;
        Map<Instrument, Instant[]> closes = new LinkedHashMap<>();
        List<Instrument> instruments = new ArrayList<>();
        for (ForecastModel model : services.models().models()) {
            AssetClass assetClass = model.card().assetClass();
            Interval interval = model.card().interval();
            Instrument instrument = new Instrument("PRIMING" + interval.code().toUpperCase(), "Priming only",
                    assetClass, "PRIMING", "USD", interval);
            List<Candle> series = syntheticSeries(assetClass, interval, SYNTHETIC_BARS);
            market.add(instrument, series);
            instruments.add(instrument);
            Instant close = instrument.calendar().closeTime(interval, series.getLast().openTime());
            latestClose = close.isAfter(latestClose) ? close : latestClose;
            Instant earlier = instrument.calendar().closeTime(interval,
                    series.get(series.size() - 1 - EARLIER).openTime());
            closes.put(instrument, new Instant[] {earlier, close});
        }
        SettableClock clock = new SettableClock(latestClose.plusSeconds(60));
        PredictHandler offline = new PredictHandler(PredictServices.of(services.models(), market,
                new InMemoryPredictionStore(), clock, PredictConfig.DEFAULT_RETENTION, services.counters(),
                EventPublisher.none()));
        // An earlier forecast per instrument, which the accuracy requests below resolve in full (direction, range,
        // volatility), so the resolution and scoring paths are primed too.
        for (Instrument instrument : instruments) {
            String symbol = instrument.symbol();
            Map<String, String> path = Map.of("symbol", symbol);
            clock.set(closes.get(instrument)[0].plusSeconds(60));
            statuses.put("offline earlier forecast " + symbol, invoke(offline, "GET /v1/assets/{symbol}/forecast",
                    "/v1/assets/" + symbol + "/forecast", path, Map.of("interval", instrument.interval().code())));
            clock.set(closes.get(instrument)[1].plusSeconds(60));
            JsonNode accuracy = request(offline, "GET /v1/assets/{symbol}/accuracy",
                    "/v1/assets/" + symbol + "/accuracy", path, Map.of("window", "365d"));
            JsonNode body = body(accuracy);
            statuses.put("offline resolving accuracy " + symbol, accuracy.path("statusCode").asInt());
            statuses.put("offline accuracy " + symbol + " resolved volatility",
                    body.path("volatility").path("resolved").asInt());
            statuses.put("offline accuracy " + symbol + " resolved ranges",
                    body.path("range").path("80").path("resolved").asInt());
        }
        clock.set(latestClose.plusSeconds(60));
        for (Instrument instrument : instruments) {
            String symbol = instrument.symbol();
            Map<String, String> path = Map.of("symbol", symbol);
            Map<String, String> query = Map.of("interval", instrument.interval().code());
            String forecast = "/v1/assets/" + symbol + "/forecast";
            statuses.put("offline forecast " + symbol, invoke(offline, "GET /v1/assets/{symbol}/forecast", forecast,
                    path, query));
            statuses.put("offline cached forecast " + symbol, invoke(offline, "GET /v1/assets/{symbol}/forecast",
                    forecast, path, query));
            statuses.put("offline accuracy " + symbol, invoke(offline, "GET /v1/assets/{symbol}/accuracy",
                    "/v1/assets/" + symbol + "/accuracy", path, Map.of("window", "30d")));
        }
        statuses.put("offline signals", invoke(offline, "GET /v1/signals", "/v1/signals", Map.of(),
                Map.of("limit", "10")));
        statuses.put("offline forecast error", invoke(offline, "GET /v1/assets/{symbol}/forecast",
                "/v1/assets/" + MISSING_SYMBOL + "/forecast", Map.of("symbol", MISSING_SYMBOL), Map.of()));
    }

    /** The offline handler's clock: first before the last bars, then after them. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static List<Candle> syntheticSeries(AssetClass assetClass, Interval interval, int count) {
        return SyntheticMarket.series("PRIMING" + interval.code().toUpperCase(), assetClass, interval, count);
    }

    private static int invoke(PredictHandler target, String routeKey, String path, Map<String, String> pathParameters,
                              Map<String, String> query) {
        return request(target, routeKey, path, pathParameters, query).path("statusCode").asInt();
    }

    private static JsonNode body(JsonNode response) {
        try {
            return Json.mapper().readTree(response.path("body").asText("{}"));
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        }
    }

    private static JsonNode request(PredictHandler target, String routeKey, String path,
                                    Map<String, String> pathParameters, Map<String, String> query) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        if (!pathParameters.isEmpty()) {
            ObjectNode params = event.putObject("pathParameters");
            pathParameters.forEach(params::put);
        }
        if (!query.isEmpty()) {
            ObjectNode params = event.putObject("queryStringParameters");
            query.forEach(params::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", "snapstart-priming");
        context.put("routeKey", routeKey);
        context.putObject("http").put("method", "GET").put("path", path).put("sourceIp", "127.0.0.1");
        context.putObject("authorizer").putObject("lambda").put("userId", "snapstart-priming");
        event.put("isBase64Encoded", false);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var lambdaContext = new SyntheticContext("snapstart-priming", "priming", 1024, Duration.ofSeconds(10),
                    LOG::debug);
            target.handleRequest(new ByteArrayInputStream(Json.writeBytes(event)), out, lambdaContext);
            return Json.mapper().readTree(out.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("priming request " + routeKey + " failed", e);
        }
    }
}
