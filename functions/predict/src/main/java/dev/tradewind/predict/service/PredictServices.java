package dev.tradewind.predict.service;

import dev.tradewind.predict.domain.MarketData;
import dev.tradewind.predict.domain.PredictionStore;
import dev.tradewind.predict.store.DynamoMarketData;
import dev.tradewind.predict.store.DynamoPredictionStore;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.events.EventBridgePublisher;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.metrics.Counters;
import dev.tradewind.shared.metrics.EmfCounters;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Everything the predict routes use, built once: the models, the stores and the services over them. */
public record PredictServices(ModelRegistry models, MarketData market, PredictionStore store,
                              ForecastService forecasts, AccuracyService accuracy, PredictionResolver resolver,
                              ForecastHistory history, Clock clock, Counters counters) {

    /** The services over the given models and data; SnapStart priming builds them over in-memory data. */
    public static PredictServices of(ModelRegistry models, MarketData market, PredictionStore store, Clock clock,
                                     Duration retention, Counters counters, EventPublisher events) {
        PredictionResolver resolver = new PredictionResolver(market, store, clock);
        return new PredictServices(models, market, store,
                new ForecastService(market, store, models, clock, retention, counters, new ForecastEvents(events)),
                new AccuracyService(store, resolver, models, clock), resolver,
                new ForecastHistory(market, models, clock), clock, counters);
    }

    /**
     * The production wiring. The models load, and the forecast path warms up, on a second thread while the DynamoDB
     * client is built on this one: both are mostly class loading, which runs in parallel on a second core. That is
     * why the client comes as a supplier: it is built only once the models are loading.
     */
    public static PredictServices create(PredictConfig config, Supplier<DynamoDbClient> client, Clock clock,
                                         IdGenerator ids, EventPublisher events) {
        ModelLoader loader = ModelLoader.start(config, clock);
        DynamoDbClient dynamo = client.get();
        DynamoDbEnhancedClient enhanced = DynamoDbClients.enhanced(dynamo);
        MarketData market = new DynamoMarketData(enhanced, config.marketTable());
        PredictionStore store = new DynamoPredictionStore(dynamo, enhanced, config.predictionsTable(), ids);
        return of(loader.await(), market, store, clock, config.retention(),
                new EmfCounters(config.metricsNamespace(), "predict"), events);
    }

    /** Where the predict function's events go: the bus {@code EVENT_BUS_NAME} names, or nowhere without one. */
    public static EventPublisher events(PredictConfig config, Environment env) {
        return EventBridgePublisher.create(env, config.eventBus(), new EmfCounters(config.metricsNamespace(), "predict"));
    }

    /** The scheduled resolution's wiring: the resolver over the tables, without the models it does not need. */
    public static PredictionResolver resolver(PredictConfig config, DynamoDbClient client, Clock clock,
                                              IdGenerator ids) {
        DynamoDbEnhancedClient enhanced = DynamoDbClients.enhanced(client);
        return new PredictionResolver(new DynamoMarketData(enhanced, config.marketTable()),
                new DynamoPredictionStore(client, enhanced, config.predictionsTable(), ids), clock);
    }

    /** Loads the model registry on its own thread, then warms the forecast path up on it (no I/O). */
    private static final class ModelLoader {
        private final Thread thread;
        private volatile ModelRegistry result;
        private volatile RuntimeException failure;

        private ModelLoader(PredictConfig config, Clock clock) {
            this.thread = Thread.ofPlatform().name("model-loader").unstarted(() -> {
                try {
                    ModelRegistry models = ModelRegistry.load(config.modelDirectory());
                    ForecastService.warmUp(models, clock);
                    result = models;
                } catch (RuntimeException | Error e) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            });
            // The local runtime gives each function its own class loader; the models' classes must come from it.
            thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        }

        static ModelLoader start(PredictConfig config, Clock clock) {
            ModelLoader loader = new ModelLoader(config, clock);
            loader.thread.start();
            return loader;
        }

        ModelRegistry await() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading the models", e);
            }
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }
}
