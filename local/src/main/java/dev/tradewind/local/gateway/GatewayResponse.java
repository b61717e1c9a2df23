package dev.tradewind.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What goes back to the HTTP client; API Gateway's own errors use its {"message": ...} bodies. */
public record GatewayResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public static GatewayResponse gatewayError(int status, String message) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/json"));
        return new GatewayResponse(status, headers,
                ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON body's bytes (Jackson writes a tree's {@code toString} as JSON). */
    public static byte[] jsonBytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
