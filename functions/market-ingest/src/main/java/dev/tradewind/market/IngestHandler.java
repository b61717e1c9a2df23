package dev.tradewind.market;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tradewind.market.domain.ingest.IngestRequest;
import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.market.domain.ingest.RunReporter;
import dev.tradewind.market.domain.ingest.Universe;
import dev.tradewind.market.domain.ingest.Universes;
import dev.tradewind.market.domain.provider.Deadline;
import dev.tradewind.market.domain.provider.MarketDataProvider;
import dev.tradewind.market.domain.provider.ProviderException;
import dev.tradewind.market.domain.provider.Ticker;
import dev.tradewind.market.service.IngestConfig;
import dev.tradewind.market.service.IngestService;
import dev.tradewind.market.store.EmfRunReporter;
import dev.tradewind.market.store.provider.BinanceProvider;
import dev.tradewind.market.store.provider.CsvReplayProvider;
import dev.tradewind.market.store.provider.ProviderHttp;
import dev.tradewind.market.store.provider.RateGate;
import dev.tradewind.market.store.provider.YahooProvider;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.BundledHistory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The ingestion function, invoked by EventBridge Scheduler with {@code {"universe", "shard", "shards", "backfill"}}
 * (see {@link IngestRequest}); answers with the run's {@link IngestSummary}. Bad input fails the invocation with a
 * message saying what is wrong.
 */
public final class IngestHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

    private final IngestService service;
    private final Duration deadlineMargin;

    public IngestHandler() {
        this(Environment.current(), Ticker.SYSTEM, null);
    }

    IngestHandler(Environment env, Ticker ticker, RunReporter reporter) {
        IngestConfig config = IngestConfig.from(env);
        DynamoDbEnhancedClient client = DynamoDbClients.enhanced(DynamoDbClients.create(env));
        this.service = service(config, client, env.clock(), ticker,
                reporter != null ? reporter : new EmfRunReporter(config.metricsNamespace(), config.serviceName()));
        this.deadlineMargin = config.deadlineMargin();
    }

    IngestHandler(IngestService service, Duration deadlineMargin) {
        this.service = service;
        this.deadlineMargin = deadlineMargin;
    }

    /** Builds the run service from configuration; the benchmark uses it too. */
    public static IngestService service(IngestConfig config, DynamoDbEnhancedClient client, Clock clock, Ticker ticker,
                                        RunReporter reporter) {
        return new IngestService(Universes.load(config.universesFile()), providers(config, ticker), client,
                config.marketTable(), clock, config.ingest(), reporter);
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

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        try {
            Deadline deadline = context == null ? Deadline.NONE
                    : () -> Duration.ofMillis(context.getRemainingTimeInMillis()).minus(deadlineMargin);
            IngestSummary summary;
            try {
                summary = service.run(IngestRequest.parse(input.readAllBytes()), deadline);
            } catch (IllegalArgumentException e) {
                // Bad schedule input (or an unknown universe): fail the invocation, saying what is wrong.
                LOG.error("Rejected ingest input: {}", e.getMessage());
                throw e;
            }
            output.write(Json.writeBytes(summary));
        } finally {
            if (context != null) {
                PowertoolsLogging.clearState(true);
            }
        }
    }
}
