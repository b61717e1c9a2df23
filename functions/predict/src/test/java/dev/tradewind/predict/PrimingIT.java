package dev.tradewind.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.predict.api.InstanceId;
import dev.tradewind.predict.service.ForecastService;
import dev.tradewind.predict.service.ModelRegistry;
import dev.tradewind.predict.service.PredictConfig;
import dev.tradewind.predict.service.PredictServices;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.events.DomainEvent;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.lambda.SyntheticContext;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** SnapStart priming runs every route and the models without writing anything, and refreshes what is per instance. */
class PrimingIT {

    private final MutableClock clock = new MutableClock(PredictFixture.REPLAY_START);

    @BeforeEach
    void emptyTables() {
        LocalDynamoDb.truncateAll();
    }

    @Test
    void prime_predict_runsEveryRouteAndBothModels_andLeavesEveryTableUnchanged() throws IOException {
        int btc = PredictFixture.indexAt("BTCUSDT", PredictFixture.REPLAY_START);
        PredictFixture.seed("BTCUSDT", btc - 150, btc);
        clock.set(PredictFixture.closeOf("BTCUSDT", btc - 1).plusSeconds(60));
        PredictServices services = PredictFixture.services(clock, PredictFixture.models());
        Environment env = PredictFixture.environment(clock);
        Map<String, List<String>> before = LocalDynamoDb.contents();

        PredictHandler handler = new PredictHandler(services);
        Priming.Report report = PredictPriming.forPredict(handler, services, LocalDynamoDb.client(), env).prime();

        assertEquals(before, LocalDynamoDb.contents(), "priming changed a table");
        assertEquals(List.of(), report.failed(), report.toString());
        assertEquals(Priming.DONE, report.outcome("models"));
        assertEquals(Priming.DONE, report.outcome("offline routes"));
        assertEquals(200, report.outcome("model.json"));
        assertEquals(200, report.outcome("health.json"));
        assertEquals(200, report.outcome("forecast.json"), "computed, stored in the run's memory: " + report);
        assertEquals(200, report.outcome("stored forecast"), "read back from that memory: " + report);
        assertEquals(Priming.DONE, report.outcome("forget primed forecasts"), report.toString());
        assertEquals(Priming.DONE, report.outcome("EMF metrics"), "the metrics library loaded, nothing published");
        assertEquals(404, report.outcome("forecast of a missing symbol"), "a read that finds nothing");
        assertEquals(200, report.outcome("signals.json"), report.toString());
        assertEquals(200, report.outcome("accuracy.json"), report.toString());
        assertEquals(200, report.outcome("candles-closed.json"), "its candles are not the latest: " + report);
        assertEquals(404, report.outcome("GetItem " + env.require("PREDICTIONS_TABLE")));
        assertEquals(404, report.outcome("GetItem " + env.require("MARKET_TABLE")));

        // The primed forecast is in no table, so the first real request computes and stores it, never answering
        // the one priming kept in memory.
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Priming.eventBytes("forecast.json")), answer,
                new SyntheticContext("first", "predict", 1024, Duration.ofSeconds(30), text -> { }));
        assertTrue(answer.toString(StandardCharsets.UTF_8).contains("\"statusCode\":200"), answer.toString());
        assertEquals(1, items(PredictFixture.predictionsTable()), "the first real forecast is stored");
    }

    @Test
    void prime_candlesClosedSample_whenItsCandlesAreTheLatest_computesTheirForecasts_andStoresNothing() {
        Instant closed = Instant.parse("2022-01-04T14:00:00Z");
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            int index = PredictFixture.indexAt(symbol, closed);
            PredictFixture.seed(symbol, index - 200, index + 1);
        }
        clock.set(Instant.parse("2022-01-04T15:02:05Z"));
        List<DomainEvent> published = new ArrayList<>();
        PredictServices services = PredictFixture.services(clock, PredictFixture.models(), published::addAll);
        Map<String, List<String>> before = LocalDynamoDb.contents();

        Priming.Report report = PredictPriming.forPredict(new PredictHandler(services), services,
                LocalDynamoDb.client(), PredictFixture.environment(clock)).prime();

        assertEquals(200, report.outcome("candles-closed.json"), "each forecast stored in the run's memory");
        assertEquals(before, LocalDynamoDb.contents(), "priming changed a table");
        // Built and handed to the publisher, as after a real store; the function's EventBridgePublisher sends nothing
        // while priming runs (EventBridgePublisherTest), this test's list keeps them.
        assertEquals(List.of("ForecastsComputed.v1"), published.stream().map(DomainEvent::detailType).distinct()
                .toList());
    }

    @Test
    void offlineRoutes_serveEveryRouteAndResolveEarlierForecasts() {
        Map<String, Integer> statuses = PredictPriming.offline(PredictFixture.services(clock, PredictFixture.models()));

        assertEquals(200, statuses.get("offline forecast PRIMING1H"), statuses.toString());
        assertEquals(200, statuses.get("offline cached forecast PRIMING1H"));
        assertEquals(200, statuses.get("offline forecast PRIMING1D"));
        assertEquals(200, statuses.get("offline accuracy PRIMING1D"));
        for (String symbol : new String[] {"PRIMING1H", "PRIMING1D"}) {
            assertEquals(200, statuses.get("offline earlier forecast " + symbol), statuses.toString());
            assertEquals(200, statuses.get("offline resolving accuracy " + symbol), statuses.toString());
            assertEquals(1, statuses.get("offline accuracy " + symbol + " resolved volatility"), statuses.toString());
            assertEquals(1, statuses.get("offline accuracy " + symbol + " resolved ranges"), statuses.toString());
        }
        assertEquals(200, statuses.get("offline signals"));
        assertEquals(404, statuses.get("offline forecast error"));
    }

    @Test
    void prime_inDegradedMode_stillCompletes() {
        ModelRegistry none = ModelRegistry.load(Optional.of(java.nio.file.Path.of("/nonexistent/models")));
        PredictServices services = PredictFixture.services(clock, none);

        Priming.Report report = PredictPriming.forPredict(new PredictHandler(services), services,
                LocalDynamoDb.client(), PredictFixture.environment(clock)).prime();

        assertEquals(503, report.outcome("health.json"), report.toString());
        assertEquals(404, report.outcome("forecast of a missing symbol"));
        assertEquals(0, items(PredictFixture.predictionsTable()));
    }

    @Test
    void prime_resolve_readsTheQueue_andLeavesEveryTableUnchanged() {
        Environment env = new Environment(LocalDynamoDb.environment("PredictResolveFunction"), clock);
        ResolveHandler handler = new ResolveHandler(PredictServices.resolver(PredictConfig.from(env),
                PredictFixture.client(env), clock, new Ulid(clock)), 100, (summary, limit, durationMs) -> { });
        Map<String, List<String>> before = LocalDynamoDb.contents();

        Priming.Report report = PredictPriming.forResolve(handler, LocalDynamoDb.client(), env).prime();

        assertEquals(before, LocalDynamoDb.contents(), "priming changed a table");
        assertEquals(List.of(), report.failed(), report.toString());
        assertEquals(200, report.outcome("resolve-schedule.json"));
        assertEquals(Priming.DONE, report.outcome("EMF metrics"));
        assertEquals(404, report.outcome("GetItem " + env.require("PREDICTIONS_TABLE")));
    }

    @Test
    void afterRestore_givesANewInstanceId() {
        PredictServices services = PredictFixture.services(clock, PredictFixture.models());
        Priming priming = PredictPriming.forPredict(new PredictHandler(services), services, null,
                PredictFixture.environment(clock));

        String before = InstanceId.get();
        assertEquals(before, InstanceId.get());
        priming.afterRestore(null);
        assertNotEquals(before, InstanceId.get());
    }

    @Test
    void initWarmUp_runsTheForecastPathWithoutIo() {
        ForecastService.warmUp(PredictFixture.models(), clock);
        ForecastService.warmUp(ModelRegistry.load(Optional.of(java.nio.file.Path.of("/nonexistent"))), clock);
        assertEquals(0, items(PredictFixture.predictionsTable()));
    }

    @Test
    void syntheticSeries_followEachCalendar() {
        List<Candle> stocks = PredictPriming.syntheticSeries(AssetClass.STOCK, Interval.D1, 10);
        List<Candle> crypto = PredictPriming.syntheticSeries(AssetClass.CRYPTO, Interval.H1, 10);
        assertEquals(Instant.parse("2024-01-02T14:30:00Z"), stocks.getFirst().openTime());
        assertEquals(Instant.parse("2024-01-03T14:30:00Z"), stocks.get(1).openTime());
        assertEquals(Instant.parse("2024-01-01T01:00:00Z"), crypto.get(1).openTime());
        stocks.forEach(c -> assertTrue(c.low().compareTo(c.high()) <= 0));
    }

    private static int items(String table) {
        return LocalDynamoDb.client().scan(ScanRequest.builder().tableName(table).build()).count();
    }
}
