package dev.tradewind.market.service;

import dev.tradewind.market.domain.ingest.RunReporter;
import dev.tradewind.market.domain.ingest.Universe;
import dev.tradewind.market.domain.ingest.Universes;
import dev.tradewind.market.domain.provider.MarketDataProvider;
import dev.tradewind.market.domain.provider.ProviderException;
import dev.tradewind.market.domain.provider.Ticker;
import dev.tradewind.market.store.EmfRunReporter;
import dev.tradewind.market.store.provider.BinanceProvider;
import dev.tradewind.market.store.provider.CsvReplayProvider;
import dev.tradewind.market.store.provider.ProviderHttp;
import dev.tradewind.market.store.provider.RateGate;
import dev.tradewind.market.store.provider.YahooProvider;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.events.EventBridgePublisher;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.metrics.EmfCounters;
import java.time.Clock;
import java.util.function.Function;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;

/** Builds each function's service and everything it uses from the function's configuration, once per instance. */
public final class MarketServices {

    private MarketServices() {
    }

    public static MarketDataService createMarketData(MarketDataConfig config, DynamoDbEnhancedClient client,
                                                     Clock clock) {
        return new MarketDataService(client, config.marketTable(), clock);
    }

    /**
     * The ingest run service, reporting each run's summary to the log and CloudWatch metrics and what it stored to
     * {@code events}.
     */
    public static IngestService createIngest(IngestConfig config, DynamoDbEnhancedClient client, Clock clock,
                                             Ticker ticker, CandleEvents events) {
        return createIngest(config, client, clock, ticker,
                new EmfRunReporter(config.metricsNamespace(), config.serviceName()), events);
    }

    /** The ingest run service reporting to {@code reporter}; the tests and the benchmark collect summaries so. */
    public static IngestService createIngest(IngestConfig config, DynamoDbEnhancedClient client, Clock clock,
                                             Ticker ticker, RunReporter reporter, CandleEvents events) {
        return new IngestService(Universes.load(config.universesFile()), providers(config, ticker), client,
                config.marketTable(), clock, config.ingest(), reporter, events);
    }

    /** Where the ingest function's events go: the bus {@code EVENT_BUS_NAME} names, or nowhere without one. */
    public static EventPublisher events(IngestConfig config, Environment env) {
        return EventBridgePublisher.create(env, config.eventBus(),
                new EmfCounters(config.metricsNamespace(), "market-ingest"));
    }

    /** One provider instance per venue, shared by every run of this function instance (rate limits persist). */
    static Function<Universe, MarketDataProvider> providers(IngestConfig config, Ticker ticker) {
        MarketDataProvider replay = config.replayDirectory()
                .map(dir -> (MarketDataProvider) new CsvReplayProvider(BundledHistory.load(dir))).orElse(null);
        if (config.source() == IngestConfig.Source.REPLAY) {
            return universe -> replay;
        }
        ProviderHttp http = new ProviderHttp(ProviderHttp.newClient(config.http()), config.http(), ticker);
        MarketDataProvider binance = new BinanceProvider(config.binanceBaseUrl(), http,
                new RateGate("binance", config.binanceMaxConcurrency(), ticker), config.binanceWeightLimit());
        MarketDataProvider yahoo = new YahooProvider(config.yahooBaseUrl(), http,
                new RateGate("yahoo", config.yahooMaxConcurrency(), ticker));
        return universe -> switch (universe.provider()) {
            case "binance" -> binance;
            case "yahoo" -> yahoo;
            default -> {
                if (replay == null) {
                    throw ProviderException.fatal(ProviderException.Reason.UNSUPPORTED,
                            "universe " + universe.name() + " uses the replay provider but MARKET_REPLAY_DIR is not set");
                }
                yield replay;
            }
        };
    }
}
