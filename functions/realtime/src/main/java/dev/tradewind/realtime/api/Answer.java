package dev.tradewind.realtime.api;

import dev.tradewind.shared.error.DomainException;
import dev.tradewind.shared.error.FieldError;
import dev.tradewind.shared.http.ApiException;
import dev.tradewind.shared.http.ApiResponse;
import dev.tradewind.shared.http.ErrorMapping;
import dev.tradewind.shared.json.Json;
import java.util.List;
import java.util.Map;

/**
 * The realtime function's answer to API Gateway: {@code statusCode}, and the {@code body} a two-way route sends
 * back to the caller (docs/realtime.md#websocket-api). On $connect any status but 2xx refuses the connection.
 */
public record Answer(int statusCode, String body) {

    /** {@code {"type": "subscribed" | "unsubscribed", "channels": [...]}}. */
    public record Channels(String type, List<String> channels) {
    }

    /** {@code {"type": "error", "error": {"code", "message", "requestId"[, "details"]}}}: the HTTP API's model. */
    public record ErrorMessage(String type, Map<String, Object> error) {
    }

    /** {@code {"type": "pong"}}: the same for every ping, which asks for nothing else. */
    private static final Answer PONG = new Answer(200, "{\"type\":\"pong\"}");

    /** $connect and $disconnect: nothing goes back to the caller. */
    static Answer ok() {
        return new Answer(200, null);
    }

    static Answer pong() {
        return PONG;
    }

    static Answer channels(String type, List<String> channels) {
        return new Answer(200, Json.write(new Channels(type, channels)));
    }

    public static Answer error(ApiException e, String requestId) {
        return error(e.status(), e.code(), e.getMessage(), List.of(), requestId);
    }

    public static Answer error(DomainException e, String requestId) {
        return error(ErrorMapping.status(e), e.code(), e.getMessage(), e.details(), requestId);
    }

    /** The one answer to a failure of our own: nothing about it but the request id to quote. */
    public static Answer internalError(String requestId) {
        return error(ApiException.of(500, "INTERNAL_ERROR", "An unexpected error occurred"), requestId);
    }

    private static Answer error(int status, String code, String message, List<FieldError> details,
                                String requestId) {
        return new Answer(status, Json.write(new ErrorMessage("error",
                ApiResponse.errorObject(code, message, details, requestId))));
    }
}
