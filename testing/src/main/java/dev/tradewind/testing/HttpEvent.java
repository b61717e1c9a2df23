package dev.tradewind.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A payload 2.0 event read from {@code events/}, adjusted for one test: who the caller is, parameters, body.
 * Tests start from the committed sample events so those stay real and exercised.
 */
public final class HttpEvent {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode event;

    private HttpEvent(ObjectNode event) {
        this.event = event;
    }

    /** @param name a path under events/, e.g. {@code auth/me.json} */
    public static HttpEvent load(String name) {
        return new HttpEvent((ObjectNode) Events.json(name));
    }

    /** The caller as the authorizer established it. */
    public HttpEvent user(String userId) {
        ObjectNode context = (ObjectNode) event.path("requestContext");
        context.putObject("authorizer").putObject("lambda").put("userId", userId);
        return this;
    }

    /** Another value of the authorizer's context (e.g. {@code sessionId}), next to the caller's id. */
    public HttpEvent authorizerContext(String name, String value) {
        ObjectNode context = (ObjectNode) event.path("requestContext");
        JsonNode authorizer = context.path("authorizer").path("lambda");
        ObjectNode lambda = authorizer instanceof ObjectNode existing ? existing
                : context.putObject("authorizer").putObject("lambda");
        lambda.put(name, value);
        return this;
    }

    public HttpEvent anonymous() {
        ((ObjectNode) event.path("requestContext")).remove("authorizer");
        return this;
    }

    public HttpEvent pathParameter(String name, String value) {
        node("pathParameters").put(name, value);
        return this;
    }

    public HttpEvent query(String name, String value) {
        node("queryStringParameters").put(name, value);
        StringJoiner raw = new StringJoiner("&");
        Iterator<Map.Entry<String, JsonNode>> fields = event.path("queryStringParameters").fields();
        fields.forEachRemaining(e -> raw.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue().asText(), StandardCharsets.UTF_8)));
        event.put("rawQueryString", raw.toString());
        return this;
    }

    public HttpEvent header(String name, String value) {
        node("headers").put(name.toLowerCase(), value);
        return this;
    }

    public HttpEvent removeHeader(String name) {
        node("headers").remove(name.toLowerCase());
        return this;
    }

    public HttpEvent body(String json) {
        event.put("body", json);
        event.put("isBase64Encoded", false);
        return this;
    }

    /** A binary body, base64-encoded in the event as API Gateway sends one. */
    public HttpEvent body(byte[] bytes) {
        event.put("body", Base64.getEncoder().encodeToString(bytes));
        event.put("isBase64Encoded", true);
        return this;
    }

    public HttpEvent sourceIp(String ip) {
        ((ObjectNode) event.path("requestContext").path("http")).put("sourceIp", ip);
        return this;
    }

    public byte[] bytes() {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode node(String field) {
        JsonNode existing = event.get(field);
        if (existing instanceof ObjectNode object) {
            return object;
        }
        return event.putObject(field);
    }

    /** Reads the files under events/. */
    public static final class Events {
        private Events() {
        }

        public static byte[] bytes(String name) {
            try {
                return Files.readAllBytes(Repository.path("events").resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read events/" + name, e);
            }
        }

        public static JsonNode json(String name) {
            try {
                return JSON.readTree(bytes(name));
            } catch (IOException e) {
                throw new UncheckedIOException("events/" + name + " is not valid JSON", e);
            }
        }
    }
}
