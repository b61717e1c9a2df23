package dev.tradewind.predict;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.predict.service.PredictConfig;
import dev.tradewind.predict.service.PredictServices;
import dev.tradewind.predict.service.PredictionResolver;
import dev.tradewind.predict.service.ResolutionReporter;
import dev.tradewind.predict.store.EmfResolutionReporter;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The scheduled resolution of predictions (EventBridge Scheduler → here): reads the queue of due predictions per
 * interval, earliest first, at most {@code limit} each ({@code {"limit": N}} in the schedule's input, else
 * {@code RESOLVE_BATCH}), resolves what it can and stops cleanly before the Lambda deadline. What is left waits
 * for the next run; no request ever waits on it. Needs no model, so it runs without the model layer.
 */
public final class ResolveHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ResolveHandler.class);
    /** Stop starting new resolutions when less than this is left before the deadline. */
    static final int SAFETY_MILLIS = 2_000;

    private final PredictionResolver resolver;
    private final int defaultLimit;
    private final ResolutionReporter reporter;

    public ResolveHandler() {
        this(Environment.current(), DynamoDbClients.create(Environment.current()));
    }

    private ResolveHandler(Environment env, DynamoDbClient dynamo) {
        this(env, PredictConfig.from(env), dynamo);
        Priming.registerOnce("predict-resolve", () -> PredictPriming.forResolve(this, dynamo, env));
    }

    private ResolveHandler(Environment env, PredictConfig config, DynamoDbClient dynamo) {
        this(PredictServices.resolver(config, dynamo, env.clock(), new Ulid(env.clock())), config.resolveLimit(),
                new EmfResolutionReporter(config.metricsNamespace(), "predict-resolve"));
    }

    ResolveHandler(PredictionResolver resolver, int defaultLimit, ResolutionReporter reporter) {
        this.resolver = resolver;
        this.defaultLimit = defaultLimit;
        this.reporter = reporter;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (context != null) {
            // The run's log lines carry its request id, as every function's do.
            PowertoolsLogging.initializeLogging(context);
        }
        try {
            long started = System.nanoTime();
            int limit = limit(input.readAllBytes());
            PredictionResolver.Summary summary = resolver.resolveDue(limit,
                    () -> context == null || context.getRemainingTimeInMillis() > SAFETY_MILLIS);
            double durationMs = (System.nanoTime() - started) / 1_000_000.0;
            reporter.report(summary, limit, durationMs);
            output.write(Json.writeBytes(Map.of("resolved", summary.resolved(), "unresolvable", summary.unresolvable(),
                    "waiting", summary.waiting(), "lost", summary.lost(), "more", summary.more(),
                    "durationMs", Math.round(durationMs))));
        } finally {
            if (context != null) {
                PowertoolsLogging.clearState(true);
            }
        }
    }

    private int limit(byte[] input) {
        try {
            JsonNode event = input.length == 0 ? null : Json.mapper().readTree(input);
            JsonNode limit = event == null ? null : event.get("limit");
            if (limit != null && limit.canConvertToInt() && limit.asInt() >= 1) {
                return Math.min(limit.asInt(), 5000);
            }
        } catch (IOException e) {
            LOG.warn("Resolution input is not JSON; using the default limit");
        }
        return defaultLimit;
    }
}
