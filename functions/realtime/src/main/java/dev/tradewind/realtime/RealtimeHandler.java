package dev.tradewind.realtime;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tradewind.realtime.api.Answer;
import dev.tradewind.realtime.api.ConnectionRoutes;
import dev.tradewind.realtime.api.WebSocketEvent;
import dev.tradewind.realtime.service.RealtimeConfig;
import dev.tradewind.realtime.service.RealtimeServices;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.dynamo.DynamoFailures;
import dev.tradewind.shared.error.DomainException;
import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.shared.http.ApiException;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.logging.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The WebSocket API's routes (docs/realtime.md#websocket-api): {@code $connect} registers the connection as the
 * authorizer's user and sign-in session, {@code $disconnect} forgets it, {@code subscribe} and {@code unsubscribe}
 * change its channels, {@code ping} answers {@code pong} so a quiet connection stays open, and {@code $default}
 * answers any other action with {@code UNKNOWN_ACTION}. Every failure is answered in the HTTP API's error model,
 * inside {@code {"type": "error", ...}}, with the status the HTTP API would give it.
 *
 * <p>The module (functions/realtime) is two functions in one zip: this one, and {@link FanOutHandler}, which the
 * event bus invokes with each domain event to push it to the subscribed connections. They share the realtime table
 * ({@code store.ConnectionRepository}): a partition per connection holding the connection (its user and session,
 * its expiry, its subscription count) and one item per subscribed channel, which the {@code ByChannel} index lists
 * by channel for the fan-out. Channels ({@code domain.Channel}) are keyed by their name, except {@code me}, whose
 * key names the connection's user: that is what keeps one user's fills and cooldowns from every other user's
 * connections, and the fan-out pushes them only while the connection's session is active.
 */
public final class RealtimeHandler implements RequestStreamHandler {

    private static final Set<String> ROUTE_KEYS = Set.of("$connect", "$disconnect", "subscribe", "unsubscribe",
            "ping", "$default");

    private static final Logger LOG = LoggerFactory.getLogger(RealtimeHandler.class);

    private final ConnectionRoutes routes;
    /** The handler's own client, for the priming's table reads; null when built from services (tests). */
    private DynamoDbClient dynamo;

    public RealtimeHandler() {
        this(Environment.current());
        Priming.registerOnce("realtime", () -> RealtimePriming.forConnections(this, dynamo, Environment.current()));
    }

    RealtimeHandler(Environment env) {
        this(env, DynamoDbClients.create(env));
    }

    private RealtimeHandler(Environment env, DynamoDbClient dynamo) {
        // A connection's lifetime is API Gateway's, in real time: market time, replayed locally, would end it early.
        this(RealtimeServices.create(RealtimeConfig.from(env), DynamoDbClients.enhanced(dynamo), env.wallClock()));
        this.dynamo = dynamo;
    }

    RealtimeHandler(RealtimeServices services) {
        this.routes = new ConnectionRoutes(services.connections());
    }

    /** The WebSocket route keys this handler serves; template.yaml must route exactly these here. */
    public Set<String> routeKeys() {
        return ROUTE_KEYS;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long started = System.nanoTime();
        String invocationId = context == null ? "local" : context.getAwsRequestId();
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        String requestId = invocationId;
        String route = null;
        String connectionId = null;
        String code = null;
        Answer answer;
        try {
            WebSocketEvent event = WebSocketEvent.read(input.readAllBytes(), invocationId);
            requestId = event.requestId();
            route = event.routeKey();
            connectionId = event.connectionId();
            LogContext.correlate(requestId);
            answer = switch (route) {
                case "$connect" -> routes.connect(event);
                case "$disconnect" -> routes.disconnect(event);
                case "subscribe" -> routes.subscribe(event);
                case "unsubscribe" -> routes.unsubscribe(event);
                case "ping" -> routes.ping();
                default -> routes.unknownAction();
            };
        } catch (ApiException e) {
            code = e.code();
            answer = Answer.error(e, requestId);
        } catch (DomainException e) {
            code = e.code();
            answer = Answer.error(e, requestId);
        } catch (RuntimeException e) {
            Optional<UnavailableException> unavailable = DynamoFailures.unavailable(e);
            if (unavailable.isPresent()) {
                LOG.warn("DynamoDB failed serving {} after the SDK's retries: {}", route, e.toString());
                code = unavailable.get().code();
                answer = Answer.error(unavailable.get(), requestId);
            } else {
                LOG.error("Unhandled failure serving {}", route, e);
                code = "INTERNAL_ERROR";
                answer = Answer.internalError(requestId);
            }
        }
        try {
            LOG.info("Request served", entry("route", String.valueOf(route)), entry("connectionId",
                    String.valueOf(connectionId)), entry("status", answer.statusCode()), entry("code",
                    String.valueOf(code)), entry("durationMs", (System.nanoTime() - started) / 1_000_000.0));
            Json.mapper().writeValue(output, answer);
        } finally {
            if (context != null) {
                PowertoolsLogging.clearState(true);
            }
            LogContext.endCorrelation();
        }
    }
}
