package dev.tradewind.shared.http;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.tradewind.shared.dynamo.DynamoFailures;
import dev.tradewind.shared.error.Causes;
import dev.tradewind.shared.error.DomainException;
import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.logging.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Base of every HTTP API function: decodes the payload 2.0 event, dispatches on its route key and turns every outcome
 * into the one error model. A stream handler, so the event is bound by our own mapper (no reflection-heavy runtime
 * serialisation at cold start) and the local runtime can pass it the same bytes API Gateway would.
 */
public abstract class HttpApiHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);
    private static final ObjectReader EVENT_READER = Json.mapper().readerFor(APIGatewayV2HTTPEvent.class);
    private static final ObjectWriter RESPONSE_WRITER = Json.mapper().writerFor(APIGatewayV2HTTPResponse.class);

    private final Router router;
    private final Map<String, Function<JsonNode, Object>> direct;

    protected HttpApiHandler(Router router) {
        this(router, Map.of());
    }

    /**
     * @param direct the direct (non-HTTP) invocations this function also accepts from other functions, by the one
     *               top-level field of their event that names them, e.g. {@code {"forecastHistory": {...}}}; API
     *               Gateway can never send such an event, since a caller's body is always inside {@code body}. Each
     *               gets that field's value, or the whole event when marked {@link #wholeEvent}
     */
    protected HttpApiHandler(Router router, Map<String, Function<JsonNode, Object>> direct) {
        this.router = router;
        this.direct = Map.copyOf(direct);
    }

    /**
     * Marks a direct invocation that takes its whole event rather than the value of the field naming it: an
     * EventBridge event, named by its top-level {@code detail-type}, whose {@code source} and {@code detail} both
     * matter.
     */
    public static Function<JsonNode, Object> wholeEvent(Function<JsonNode, Object> invocation) {
        return new WholeEvent(invocation);
    }

    private record WholeEvent(Function<JsonNode, Object> invocation) implements Function<JsonNode, Object> {
        @Override
        public Object apply(JsonNode event) {
            return invocation.apply(event);
        }
    }

    /** The route keys this function serves; the template consistency test compares them with template.yaml. */
    public final Set<String> routeKeys() {
        return router.routeKeys();
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] bytes = input.readAllBytes();
        String name = direct.isEmpty() ? null : directName(bytes);
        if (name != null) {
            Json.mapper().writeValue(output, direct(name, bytes, context));
            return;
        }
        RESPONSE_WRITER.writeValue(output, handle(bytes, context));
    }

    /** The direct invocation the event names, read with a streaming parser: no tree is built for an HTTP event. */
    private String directName(byte[] event) {
        try (JsonParser parser = Json.mapper().getFactory().createParser(event)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                if (direct.containsKey(field)) {
                    return field;
                }
                parser.nextToken();
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A direct invocation's answer: what its function returns, or {@code {"error": {"code", "message"}}} for a
     * refusal the caller can pass on. Anything else fails the invocation, which the caller sees as a function error.
     */
    private Object direct(String name, byte[] bytes, Context context) throws IOException {
        long started = System.nanoTime();
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        try {
            Object answer;
            try {
                Function<JsonNode, Object> invocation = direct.get(name);
                JsonNode event = Json.mapper().readTree(bytes);
                answer = invocation.apply(invocation instanceof WholeEvent ? event : event.get(name));
            } catch (DomainException e) {
                answer = Map.of("error", Map.of("code", e.code(), "message", e.getMessage()));
            }
            LOG.info("Direct invocation served", entry("invocation", name),
                    entry("durationMs", (System.nanoTime() - started) / 1_000_000.0));
            return answer;
        } finally {
            if (context != null) {
                PowertoolsLogging.clearState(true);
            }
        }
    }

    private APIGatewayV2HTTPResponse handle(byte[] input, Context context) {
        long started = System.nanoTime();
        String invocationId = context == null ? "local" : context.getAwsRequestId();
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        try {
            APIGatewayV2HTTPEvent event;
            try {
                event = EVENT_READER.readValue(input);
            } catch (IOException e) {
                // The reader's bounds, which databind reports wrapped with the field's path.
                if (Causes.causedBy(e, StreamConstraintsException.class)) {
                    // Only a body outgrows the reader's bounds (Json): on AWS, Lambda refuses an event past its 6 MB
                    // payload limit before the function runs, but the local runtime passes API Gateway's 10 MB.
                    LOG.warn("Invocation payload holds a body longer than an invocation carries");
                    return ApiResponse.error(ApiException.of(413, "PAYLOAD_TOO_LARGE",
                            "Request body exceeds what one invocation can carry (Lambda's 6 MB payload)"),
                            invocationId).toEvent();
                }
                LOG.warn("Invocation payload is not an HTTP API payload 2.0 event");
                return ApiResponse.error(
                        ApiException.badRequest("MALFORMED_EVENT", "Expected an HTTP API payload 2.0 event"),
                        invocationId).toEvent();
            }
            Router.Route route = router.find(event == null ? null : event.getRouteKey());
            ApiRequest request = new ApiRequest(event == null ? new APIGatewayV2HTTPEvent() : event, invocationId,
                    route == null ? ApiRequest.DEFAULT_MAX_BODY_BYTES : route.maxBodyBytes());
            LogContext.correlate(request.requestId());
            ApiResponse response = dispatch(route, request);
            LOG.info("Request served", entry("route", String.valueOf(request.routeKey())),
                    entry("status", response.status()),
                    entry("durationMs", (System.nanoTime() - started) / 1_000_000.0));
            return response.toEvent();
        } finally {
            if (context != null) {
                PowertoolsLogging.clearState(true);
            }
            LogContext.endCorrelation();
        }
    }

    private static ApiResponse dispatch(Router.Route route, ApiRequest request) {
        try {
            if (route == null) {
                throw ApiException.of(404, "ROUTE_NOT_FOUND", "No route for " + request.routeKey());
            }
            return route.handler().handle(request);
        } catch (ApiException e) {
            return ApiResponse.error(e, request.requestId());
        } catch (DomainException e) {
            return ApiResponse.error(e, request.requestId());
        } catch (RuntimeException e) {
            Optional<UnavailableException> unavailable = DynamoFailures.unavailable(e);
            if (unavailable.isPresent()) {
                LOG.warn("DynamoDB failed serving {} after the SDK's retries: {}", request.routeKey(), e.toString());
                return ApiResponse.error(unavailable.get(), request.requestId());
            }
            LOG.error("Unhandled failure serving {}", request.routeKey(), e);
            return ApiResponse.internalError(request.requestId());
        }
    }
}
