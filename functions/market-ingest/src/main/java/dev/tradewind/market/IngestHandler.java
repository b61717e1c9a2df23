package dev.tradewind.market;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tradewind.market.api.CandleEventViews;
import dev.tradewind.market.domain.ingest.IngestRequest;
import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.market.domain.ingest.RunReporter;
import dev.tradewind.market.domain.provider.Deadline;
import dev.tradewind.market.domain.provider.Ticker;
import dev.tradewind.market.service.IngestConfig;
import dev.tradewind.market.service.IngestService;
import dev.tradewind.market.service.MarketServices;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
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

    final IngestService service;
    private final Duration deadlineMargin;

    /** The handler's own client and table, for the priming's reads; null when built from a service (tests). */
    final DynamoDbEnhancedClient dynamo;
    final String table;

    public IngestHandler() {
        this(Environment.current(), Ticker.SYSTEM, null, null);
        Priming.registerOnce("market-ingest", () -> MarketPriming.forIngest(this));
    }

    /**
     * Built from {@code env} like the no-arg one; tests pass a fake ticker, a reporter that keeps the summaries and a
     * publisher that keeps the events (null: the production ones).
     */
    IngestHandler(Environment env, Ticker ticker, RunReporter reporter, EventPublisher events) {
        IngestConfig config = IngestConfig.from(env);
        DynamoDbEnhancedClient client = DynamoDbClients.enhanced(DynamoDbClients.create(env));
        CandleEventViews closed = new CandleEventViews(events == null ? MarketServices.events(config, env) : events);
        this.service = reporter == null ? MarketServices.createIngest(config, client, env.clock(), ticker, closed)
                : MarketServices.createIngest(config, client, env.clock(), ticker, reporter, closed);
        this.deadlineMargin = config.deadlineMargin();
        this.dynamo = client;
        this.table = config.marketTable();
    }

    IngestHandler(IngestService service, Duration deadlineMargin) {
        this.service = service;
        this.deadlineMargin = deadlineMargin;
        this.dynamo = null;
        this.table = null;
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
