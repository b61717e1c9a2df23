package dev.tradewind.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.predict.api.InstanceId;
import dev.tradewind.predict.service.ForecastService;
import dev.tradewind.predict.service.ModelRegistry;
import dev.tradewind.predict.service.PredictServices;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.MutableClock;
import java.time.Instant;
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
    void beforeCheckpoint_primesEveryRouteAndBothModels_andWritesNothing() {
        PredictServices services = PredictFixture.services(clock, PredictFixture.models());
        PredictHandler handler = new PredictHandler(services);

        Map<String, Integer> statuses = new PredictPriming(handler, services).prime();

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
        assertEquals(200, statuses.get("live /v1/model"));
        assertEquals(200, statuses.get("live /v1/health/predict"));
        assertEquals(404, statuses.get("live forecast of a missing symbol"), "a read that finds nothing");
        assertEquals(0, items(PredictFixture.predictionsTable()));
        assertEquals(0, items(PredictFixture.marketTable()));
    }

    @Test
    void beforeCheckpoint_inDegradedMode_stillCompletes() {
        ModelRegistry none = ModelRegistry.load(Optional.of(java.nio.file.Path.of("/nonexistent/models")));
        PredictServices services = PredictFixture.services(clock, none);

        Map<String, Integer> statuses = new PredictPriming(new PredictHandler(services), services).prime();

        assertEquals(503, statuses.get("live /v1/health/predict"), statuses.toString());
        assertEquals(404, statuses.get("live forecast of a missing symbol"));
        assertEquals(0, items(PredictFixture.predictionsTable()));
    }

    @Test
    void hooks_registerOnce_andARestoreGivesANewInstanceId() {
        PredictServices services = PredictFixture.services(clock, PredictFixture.models());
        PredictHandler handler = new PredictHandler(services);
        PredictPriming.registerOnce(handler, services);
        PredictPriming first = PredictPriming.registered();
        PredictPriming.registerOnce(new PredictHandler(services), services);
        assertSame(first, PredictPriming.registered());

        String before = InstanceId.get();
        assertEquals(before, InstanceId.get());
        first.afterRestore(null);
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
