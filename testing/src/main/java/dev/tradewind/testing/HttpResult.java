package dev.tradewind.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A handler's payload 2.0 response, decoded: status, headers and the JSON body. */
public record HttpResult(int status, Map<String, String> headers, JsonNode body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Invokes a stream handler as Lambda would and decodes its HTTP API response. */
    public static HttpResult invoke(RequestStreamHandler handler, byte[] event) {
        return invoke(handler, event, new TestContext(handler.getClass().getSimpleName()));
    }

    public static HttpResult invoke(RequestStreamHandler handler, byte[] event, TestContext context) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
            JsonNode response = JSON.readTree(out.toByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            response.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            JsonNode bodyNode = response.get("body");
            JsonNode body = bodyNode == null || bodyNode.isNull() ? null : JSON.readTree(bodyNode.asText());
            return new HttpResult(response.path("statusCode").asInt(), headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The error code of an error-model body, or null. */
    public String errorCode() {
        return body == null ? null : body.path("error").path("code").asText(null);
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
