package dev.tradewind.realtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.http.ApiException;
import dev.tradewind.shared.json.Json;
import java.io.IOException;

/**
 * What the realtime function reads of an API Gateway WebSocket proxy event.
 *
 * @param routeKey     {@code $connect}, {@code $disconnect}, {@code subscribe}, {@code unsubscribe},
 *                     {@code ping} or {@code $default}
 * @param requestId    API Gateway's, quoted in errors; the invocation's when the event has none
 * @param userId       the caller, from the REQUEST authorizer's context; API Gateway sets it on {@code $connect}, so
 *                     later messages find it on the stored connection instead
 * @param sessionId    the caller's sign-in session, from the same context; null from an authorizer that names none
 * @param body         the message as the client sent it (null on $connect and $disconnect)
 * @param base64       whether {@code body} is base64 (a binary frame)
 */
public record WebSocketEvent(String routeKey, String connectionId, String requestId, String userId,
                             String sessionId, String body, boolean base64) {

    /** The event, or a 400 {@code MALFORMED_EVENT} for anything without a route and a connection. */
    public static WebSocketEvent read(byte[] bytes, String invocationId) {
        JsonNode event;
        try {
            event = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            event = null;
        }
        JsonNode context = event == null ? null : event.path("requestContext");
        String routeKey = context == null ? null : text(context, "routeKey");
        String connectionId = context == null ? null : text(context, "connectionId");
        if (routeKey == null || connectionId == null) {
            throw ApiException.badRequest("MALFORMED_EVENT", "Expected an API Gateway WebSocket event");
        }
        String requestId = text(context, "requestId");
        JsonNode body = event.path("body");
        return new WebSocketEvent(routeKey, connectionId, requestId == null ? invocationId : requestId,
                text(context.path("authorizer"), "userId"), text(context.path("authorizer"), "sessionId"),
                body.isTextual() ? body.asText() : null,
                event.path("isBase64Encoded").asBoolean(false));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
