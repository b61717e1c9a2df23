package dev.tradewind.local.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.local.gateway.GatewayRequest;
import dev.tradewind.local.gateway.GatewayResponse;
import dev.tradewind.local.gateway.LocalCallers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway's Management API ({@code ApiGatewayManagementApiClient}) of the WebSocket API, on the local runtime's
 * port under {@value #PATH} (what {@code WEBSOCKET_ENDPOINT} names, in place of
 * {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}): {@code POST @connections/{id}} sends the body
 * to the connection as a text frame (200), {@code GET} describes it, {@code DELETE} closes it (204). A connection
 * that is not open is 410 {@code GoneException}, a body over 128 KB 413 {@code PayloadTooLargeException}: the
 * error type in {@code x-amzn-ErrorType}, which the SDK maps to its exception. It takes no credential, so it answers
 * programs on this machine only, never a web page ({@link LocalCallers#sdkRefusal}).
 */
public final class ManagementApi {

    public static final String PATH = "/_aws/websocket";
    private static final String CONNECTIONS = PATH + "/@connections/";
    private static final int MAX_DATA_BYTES = 128 * 1024;

    private final WebSocketApi api;

    public ManagementApi(WebSocketApi api) {
        this.api = api;
    }

    /** The answer to a Management API call; empty for any other request. */
    public Optional<GatewayResponse> serve(GatewayRequest request) {
        if (!request.path().startsWith(PATH + "/")) {
            return Optional.empty();
        }
        Optional<String> refused = LocalCallers.sdkRefusal(request);
        if (refused.isPresent()) {
            return Optional.of(error(403, "ForbiddenException", refused.get()));
        }
        String id = request.path().startsWith(CONNECTIONS)
                ? URLDecoder.decode(request.path().substring(CONNECTIONS.length()), StandardCharsets.UTF_8) : "";
        if (id.isEmpty() || id.contains("/")) {
            return Optional.of(error(404, "NotFoundException", "No Management API route " + request.path()));
        }
        Optional<Connection> connection = api.connection(id);
        return Optional.of(switch (request.method()) {
            case "POST" -> {
                if (request.body().length > MAX_DATA_BYTES) {
                    yield error(413, "PayloadTooLargeException", "The data is over 128 KB");
                }
                boolean sent = connection.isPresent()
                        && connection.get().send(new String(request.body(), StandardCharsets.UTF_8));
                yield sent ? new GatewayResponse(200, jsonHeaders(), new byte[0]) : gone(id);
            }
            case "GET" -> connection.map(ManagementApi::describe).orElseGet(() -> gone(id));
            case "DELETE" -> {
                if (connection.isEmpty()) {
                    yield gone(id);
                }
                connection.get().close(1000, "");
                yield new GatewayResponse(204, new LinkedHashMap<>(), new byte[0]);
            }
            default -> error(405, "MethodNotAllowedException", "The Management API takes POST, GET and DELETE");
        });
    }

    private static GatewayResponse describe(Connection connection) {
        ObjectNode body = WebSocketApi.JSON.createObjectNode();
        body.put("connectedAt", connection.connectedAt().truncatedTo(ChronoUnit.MILLIS).toString());
        ObjectNode identity = body.putObject("identity");
        identity.put("sourceIp", connection.sourceIp());
        identity.put("userAgent", connection.userAgent());
        body.put("lastActiveAt", connection.lastActiveAt().truncatedTo(ChronoUnit.MILLIS).toString());
        return new GatewayResponse(200, jsonHeaders(), GatewayResponse.jsonBytes(body));
    }

    private static GatewayResponse gone(String id) {
        return error(410, "GoneException", "Connection " + id + " is gone");
    }

    private static GatewayResponse error(int status, String type, String message) {
        Map<String, List<String>> headers = jsonHeaders();
        headers.put("x-amzn-errortype", List.of(type));
        ObjectNode body = WebSocketApi.JSON.createObjectNode();
        body.put("message", message);
        return new GatewayResponse(status, headers, GatewayResponse.jsonBytes(body));
    }

    private static Map<String, List<String>> jsonHeaders() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/json"));
        return headers;
    }
}
