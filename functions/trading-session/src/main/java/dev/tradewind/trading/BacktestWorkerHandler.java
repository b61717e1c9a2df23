package dev.tradewind.trading;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.trading.service.BacktestRunner;
import dev.tradewind.trading.service.BacktestService;
import dev.tradewind.trading.service.OrderEvents;
import dev.tradewind.trading.service.TradingConfig;
import dev.tradewind.trading.service.TradingServices;
import dev.tradewind.trading.store.LambdaClients;
import dev.tradewind.trading.store.LambdaModelForecasts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The backtest worker: runs a backtest too large to answer at once, which {@code POST /v1/backtests} stored as
 * RUNNING and started here with an asynchronous invocation {@code {"userId", "backtestId"}}. Progress and the outcome
 * go to the stored backtest, where {@code GET /v1/backtests/{id}} reads them. Same code and tables as the trading
 * function; its own timeout (15 minutes) and memory.
 */
public final class BacktestWorkerHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(BacktestWorkerHandler.class);

    private final BacktestService backtests;

    public BacktestWorkerHandler() {
        this(Environment.current(), DynamoDbClients.create(Environment.current()));
    }

    private BacktestWorkerHandler(Environment env, DynamoDbClient dynamo) {
        this(services(env, TradingConfig.from(env), dynamo).backtests());
        Priming.registerOnce("backtest-worker", () -> Priming.builder("backtest-worker")
                .invocation(this, "backtest-worker.json", 503)
                .tableReads(dynamo, env, "TRADING_TABLE", "MARKET_TABLE")
                .build());
    }

    BacktestWorkerHandler(BacktestService backtests) {
        this.backtests = backtests;
    }

    /** The trading function's wiring; a worker never starts another worker, and a backtest publishes nothing. */
    private static TradingServices services(Environment env, TradingConfig config, DynamoDbClient dynamo) {
        return TradingServices.create(config, dynamo, env.clock(), env.wallClock(), new Ulid(env.clock()),
                LambdaModelForecasts.from(config.forecastFunction(), LambdaClients.lazy(env)), BacktestRunner.NONE,
                OrderEvents.NONE);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        try {
            JsonNode event = Json.mapper().readTree(input);
            String userId = event == null ? "" : event.path("userId").asText("");
            String backtestId = event == null ? "" : event.path("backtestId").asText("");
            long started = System.nanoTime();
            String status = userId.isEmpty() || backtestId.isEmpty() ? "GONE"
                    : backtests.runStored(userId, backtestId);
            LOG.info("Backtest run", entry("backtestId", backtestId), entry("status", status),
                    entry("durationMs", (System.nanoTime() - started) / 1_000_000.0));
            output.write(Json.writeBytes(Map.of("backtestId", backtestId, "status", status)));
        } finally {
            if (context != null) {
                PowertoolsLogging.clearState(true);
            }
        }
    }
}
