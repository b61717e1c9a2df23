package dev.tradewind.realtime.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.tradewind.shared.http.ApiRequest;
import java.util.List;
import java.util.Map;

/** {@code {"action": "subscribe" | "unsubscribe", "channels": [...]}} (docs/asyncapi.yaml, ChannelAction). */
public record ChannelAction(String action, List<String> channels) {

    /** Far more than 50 channels take; a message over it is refused before it is read. */
    static final int MAX_BYTES = 16 * 1024;

    /**
     * The message of {@code event}, bound by the HTTP API's body rules (docs/api.md#field-rules) through the same
     * {@link ApiRequest}: unknown fields, values of the wrong JSON type and malformed JSON are refused alike, each
     * naming the field.
     */
    static ChannelAction of(WebSocketEvent event) {
        APIGatewayV2HTTPEvent message = new APIGatewayV2HTTPEvent();
        message.setBody(event.body());
        message.setIsBase64Encoded(event.base64());
        message.setHeaders(Map.of("content-type", "application/json"));
        return new ApiRequest(message, event.requestId(), MAX_BYTES).body(ChannelAction.class);
    }
}
