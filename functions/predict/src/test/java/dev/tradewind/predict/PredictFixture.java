package dev.tradewind.predict;

import dev.tradewind.predict.domain.MarketData;
import dev.tradewind.predict.domain.PredictionStore;
import dev.tradewind.predict.service.ModelRegistry;
import dev.tradewind.predict.service.PredictConfig;
import dev.tradewind.predict.service.PredictServices;
import dev.tradewind.predict.store.DynamoMarketData;
import dev.tradewind.predict.store.DynamoPredictionStore;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.metrics.EmfCounters;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.Repository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the predict tests share: the committed models (loaded once per test JVM), the bundled history, and the
 * template's tables in DynamoDB Local with the predict function's own environment.
 */
final class PredictFixture {

    static final Instant REPLAY_START = Instant.parse("2022-01-03T00:00:00Z");

    private static ModelRegistry models;
    private static BundledHistory history;

    private PredictFixture() {
    }

    static synchronized ModelRegistry models() {
        if (models == null) {
            models = ModelRegistry.load(Optional.of(Repository.path("models")));
        }
        return models;
    }

    static synchronized BundledHistory history() {
        if (history == null) {
            history = BundledHistory.load(Repository.path("data/market"));
        }
        return history;
    }

    /** The template's variables for PredictFunction, pointed at DynamoDB Local and at {@code models}. */
    static Environment environment(Clock clock, Path models) {
        Map<String, String> variables = new java.util.HashMap<>(LocalDynamoDb.environment("PredictFunction"));
        variables.put("MODEL_DIRECTORY", models.toString());
        return new Environment(variables, clock);
    }

    static Environment environment(Clock clock) {
        return environment(clock, Repository.path("models"));
    }

    static DynamoDbClient client(Environment env) {
        return DynamoDbClients.create(env);
    }

    /** A handler over DynamoDB Local and the shared models, wired as production wires it. */
    static PredictHandler handler(Clock clock) {
        return new PredictHandler(services(clock, models()));
    }

    /** The same, publishing to {@code events}. */
    static PredictHandler handler(Clock clock, EventPublisher events) {
        return new PredictHandler(services(clock, models(), events));
    }

    static PredictServices services(Clock clock, ModelRegistry registry) {
        return services(clock, registry, EventPublisher.none());
    }

    static PredictServices services(Clock clock, ModelRegistry registry, EventPublisher events) {
        return services(clock, registry, events, client(environment(clock)));
    }

    /** The same, over a client whose calls pass through {@code interceptor} (injected faults, a lagging replica). */
    static PredictHandler handler(Clock clock, EventPublisher events, ExecutionInterceptor interceptor) {
        return new PredictHandler(services(clock, models(), events,
                DynamoDbClients.create(environment(clock), List.of(interceptor))));
    }

    private static PredictServices services(Clock clock, ModelRegistry registry, EventPublisher events,
                                            DynamoDbClient client) {
        Environment env = environment(clock);
        DynamoDbEnhancedClient enhanced = DynamoDbClients.enhanced(client);
        MarketData market = new DynamoMarketData(enhanced, env.require("MARKET_TABLE"));
        PredictionStore store = new DynamoPredictionStore(client, enhanced, env.require("PREDICTIONS_TABLE"),
                new Ulid(clock));
        return PredictServices.of(registry, market, store, clock, PredictConfig.DEFAULT_RETENTION,
                new EmfCounters("TradewindTest", "predict"), events);
    }

    static String marketTable() {
        return LocalDynamoDb.environment("PredictFunction").get("MARKET_TABLE");
    }

    static String predictionsTable() {
        return LocalDynamoDb.environment("PredictFunction").get("PREDICTIONS_TABLE");
    }

    static InstrumentRepository instruments() {
        return new InstrumentRepository(DynamoDbClients.enhanced(LocalDynamoDb.client()), marketTable());
    }

    static CandleRepository candles() {
        return new CandleRepository(DynamoDbClients.enhanced(LocalDynamoDb.client()), marketTable());
    }

    static Instrument instrument(String symbol) {
        return history().instrument(symbol).orElseThrow();
    }

    /** Index of the first bundled bar of {@code symbol} opened at or after {@code time}. */
    static int indexAt(String symbol, Instant time) {
        List<Candle> all = history().candles(symbol);
        for (int i = 0; i < all.size(); i++) {
            if (!all.get(i).openTime().isBefore(time)) {
                return i;
            }
        }
        throw new IllegalArgumentException(symbol + " has no bar at or after " + time);
    }

    static Candle bar(String symbol, int index) {
        return history().candles(symbol).get(index);
    }

    /** Puts the instrument in the catalog and its bundled bars [from, to) into the market table. */
    static void seed(String symbol, int from, int to) {
        instruments().put(instrument(symbol));
        candles().putAll(history().candles(symbol).subList(from, to));
    }

    /** When bar {@code index} of {@code symbol} closes. */
    static Instant closeOf(String symbol, int index) {
        Candle bar = bar(symbol, index);
        return instrument(symbol).calendar().closeTime(bar.interval(), bar.openTime());
    }
}
