package dev.tradewind.local.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.local.gateway.GatewayRequest;
import dev.tradewind.local.gateway.GatewayResponse;
import dev.tradewind.local.gateway.LocalCallers;
import dev.tradewind.local.template.EventInvokeConfig;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke API ({@code POST /2015-03-31/functions/{FunctionName}/invocations}) on the local runtime's port,
 * so a function whose SDK client has {@code LAMBDA_ENDPOINT} reaches the template's other functions as it would in
 * AWS: by name, partial or full ARN, a qualifier accepted and ignored (one version runs here).
 * {@code RequestResponse} answers the payload, with {@code X-Amz-Function-Error: Unhandled} when the function
 * failed; {@code Event} answers 202 and runs it in the background, retried as the function's EventInvokeConfig
 * says ({@link AsyncInvoker}) and logged when given up; {@code DryRun} answers 204. Only the local
 * runtime serves this: it is how the trading function's model-signal backtests reach the predict function. It takes
 * no credential, so it answers programs on this machine only, never a web page ({@link LocalCallers#sdkRefusal}): a
 * page could otherwise run any function on a forged event, authorizer context and all.
 */
public final class LambdaInvokeApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");

    private final Map<String, EventInvokeConfig> functions;
    private final BiFunction<String, byte[], Invocation> invoke;
    private final AsyncInvoker events;
    private final PrintStream log;

    /**
     * @param functions every function by logical id, with its EventInvokeConfig
     * @param events runs {@code Event} invocations; its invoker should be {@code invoke}
     */
    public LambdaInvokeApi(Map<String, EventInvokeConfig> functions, BiFunction<String, byte[], Invocation> invoke,
                           AsyncInvoker events, PrintStream log) {
        this.functions = Map.copyOf(functions);
        this.invoke = invoke;
        this.events = events;
        this.log = log;
    }

    /** The answer to an Invoke API call; empty for any other request. */
    public Optional<GatewayResponse> serve(GatewayRequest request) {
        Matcher matcher = PATH.matcher(request.path());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Optional<String> refused = LocalCallers.sdkRefusal(request);
        if (refused.isPresent()) {
            return Optional.of(error(403, "AccessDeniedException", refused.get()));
        }
        if (!request.method().equals("POST")) {
            return Optional.of(error(405, "InvalidRequestContentException", "Invoke is a POST"));
        }
        String function = functionName(URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8));
        if (!functions.containsKey(function)) {
            return Optional.of(error(404, "ResourceNotFoundException", "Function not found: " + matcher.group(1)));
        }
        byte[] payload = request.body() == null || request.body().length == 0 ? "{}".getBytes(StandardCharsets.UTF_8)
                : request.body();
        String type = header(request, "x-amz-invocation-type").orElse("RequestResponse");
        switch (type) {
            case "DryRun" -> {
                return Optional.of(new GatewayResponse(204, new LinkedHashMap<>(), new byte[0]));
            }
            case "Event" -> {
                EventInvokeConfig retry = functions.get(function);
                events.invoke(function, payload, retry.maximumRetryAttempts(), retry.maximumEventAgeSeconds(),
                        // Where Lambda would send it to an OnFailure destination, which is not emulated.
                        (attempts, reason) -> log.println("[invoke] " + function + " dropped an asynchronous"
                                + " invocation after " + attempts + " attempt(s): " + reason));
                return Optional.of(new GatewayResponse(202, new LinkedHashMap<>(), new byte[0]));
            }
            case "RequestResponse" -> {
                Invocation invocation = invoke.apply(function, payload);
                Map<String, List<String>> headers = new LinkedHashMap<>();
                headers.put("content-type", List.of("application/json"));
                headers.put("x-amz-executed-version", List.of("$LATEST"));
                if (invocation.failed()) {
                    headers.put("x-amz-function-error", List.of("Unhandled"));
                    return Optional.of(new GatewayResponse(200, headers, json(Map.of("errorType",
                            invocation.error().errorType(), "errorMessage", invocation.error().errorMessage()))));
                }
                return Optional.of(new GatewayResponse(200, headers, invocation.payload()));
            }
            default -> {
                return Optional.of(error(400, "InvalidParameterValueException", "X-Amz-Invocation-Type must be"
                        + " RequestResponse, Event or DryRun"));
            }
        }
    }

    /** {@code Name}, {@code Name:qualifier}, {@code account:function:Name[:q]} or a full ARN: the name. */
    static String functionName(String reference) {
        int marker = reference.indexOf(":function:");
        String rest = marker >= 0 ? reference.substring(marker + ":function:".length()) : reference;
        int qualifier = rest.indexOf(':');
        return qualifier >= 0 ? rest.substring(0, qualifier) : rest;
    }

    private static Optional<String> header(GatewayRequest request, String name) {
        return request.headers().entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }

    private static GatewayResponse error(int status, String type, String message) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/json"));
        headers.put("x-amzn-errortype", List.of(type));
        return new GatewayResponse(status, headers, json(Map.of("Type", "User", "message", message)));
    }

    private static byte[] json(Map<String, String> fields) {
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
