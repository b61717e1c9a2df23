package dev.tradewind.realtime;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tradewind.realtime.api.BusEvents;
import dev.tradewind.realtime.service.FanOutConfig;
import dev.tradewind.realtime.service.FanOutReporter;
import dev.tradewind.realtime.service.FanOutService;
import dev.tradewind.realtime.service.Pusher;
import dev.tradewind.realtime.service.RealtimeServices;
import dev.tradewind.realtime.store.EmfFanOutReporter;
import dev.tradewind.realtime.store.ManagementApiPusher;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The fan-out (a rule of the event bus → here): pushes each domain event to the WebSocket connections subscribed to
 * its channels (docs/realtime.md), within {@code FANOUT_EVENT_BUDGET} and the invocation's remaining time, and
 * reports it as one log line and its metrics. An event it does not fan out (another type or source, not an event
 * at all) is logged and ignored: retrying it could never help. A failure to read the subscribers fails the
 * invocation before anything was sent, so Lambda's retry sends nothing twice.
 */
public final class FanOutHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FanOutHandler.class);
    /** Left of the invocation's time when the budget ends: the report and the Lambda runtime's own work. */
    static final Duration SAFETY = Duration.ofSeconds(2);

    private final FanOutService service;
    private final FanOutReporter reporter;
    private final Duration budget;
    /** The handler's own client and pusher, for the priming; null when built from a service (tests). */
    private DynamoDbClient dynamo;
    private ManagementApiPusher pusher;

    public FanOutHandler() {
        this(Environment.current());
        Priming.registerOnce("realtime-fanout", () -> RealtimePriming.forFanOut(this, pusher, dynamo,
                Environment.current()));
    }

    FanOutHandler(Environment env) {
        this(env, FanOutConfig.from(env), DynamoDbClients.create(env));
    }

    private FanOutHandler(Environment env, FanOutConfig config, DynamoDbClient dynamo) {
        this(env, config, dynamo, ManagementApiPusher.create(env, config.websocketEndpoint(),
                FanOutService.MAX_IN_FLIGHT));
    }

    private FanOutHandler(Environment env, FanOutConfig config, DynamoDbClient dynamo, ManagementApiPusher pusher) {
        this(RealtimeServices.fanOut(config, dynamo, pusher, env.clock()),
                new EmfFanOutReporter(config.metricsNamespace(), "realtime-fanout"), config.eventBudget());
        this.dynamo = dynamo;
        this.pusher = pusher;
    }

    FanOutHandler(FanOutService service, FanOutReporter reporter, Duration budget) {
        this.service = service;
        this.reporter = reporter;
        this.budget = budget;
    }

    /** A handler that reads as this one does and pushes through {@code other} (the priming's sends nothing). */
    FanOutHandler withPusher(Pusher other) {
        return new FanOutHandler(service.withPusher(other), reporter, budget);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        try {
            long started = System.nanoTime();
            BusEvents.Decoded decoded = BusEvents.decode(input.readAllBytes());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("detailType", decoded.detailType());
            if (decoded.ignored() != null) {
                LOG.warn("Event ignored", entry("detailType", String.valueOf(decoded.detailType())),
                        entry("reason", decoded.ignored()));
                answer.put("ignored", decoded.ignored());
            } else {
                if (decoded.skipped() > 0) {
                    LOG.warn("Event entries skipped: they lack what their message needs",
                            entry("detailType", decoded.detailType()), entry("skipped", decoded.skipped()));
                }
                FanOutService.Summary summary = service.fanOut(decoded.pushes(), budget(context));
                reporter.report(decoded.detailType(), summary, (System.nanoTime() - started) / 1_000_000.0);
                answer.put("skipped", decoded.skipped());
                answer.put("summary", summary);
            }
            output.write(Json.writeBytes(answer));
        } finally {
            if (context != null) {
                PowertoolsLogging.clearState(true);
            }
        }
    }

    /** The configured budget, or less when the invocation has less time left. */
    private Duration budget(Context context) {
        if (context == null) {
            return budget;
        }
        Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY);
        return left.compareTo(budget) < 0 ? left : budget;
    }
}
