package dev.tradewind.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.local.gateway.GatewayRequest;
import dev.tradewind.local.gateway.GatewayResponse;
import dev.tradewind.local.gateway.LocalCallers;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * EventBridge's PutEvents (the AWS JSON 1.1 call {@code X-Amz-Target: AWSEvents.PutEvents}) on the local runtime's
 * port at {@value #PATH}, so a function whose EventBridge client has {@code EVENTS_ENDPOINT} publishes to the
 * template's buses ({@link LocalEventBridge}). It validates as EventBridge does: more than {@value #MAX_ENTRIES}
 * entries, or entries over {@value #MAX_BYTES} bytes in all (measured as EventBridge measures them), fail the whole
 * call with a ValidationException; an entry without Source, DetailType or Detail, with a Detail that is not a JSON
 * object, or naming a bus that does not exist fails alone, with its ErrorCode and ErrorMessage, counted in
 * FailedEntryCount. An entry without Time gets the runtime clock's now (the replay clock, as the functions see it).
 * It takes no credential, so it answers programs on this machine only, never a web page
 * ({@link LocalCallers#sdkRefusal}).
 */
public final class PutEventsApi {

    public static final String PATH = "/_aws/events";
    static final int MAX_ENTRIES = 10;
    static final int MAX_BYTES = 256 * 1024;
    private static final String TARGET = "AWSEvents.PutEvents";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalEventBridge bridge;
    private final Clock clock;

    public PutEventsApi(LocalEventBridge bridge, Clock clock) {
        this.bridge = bridge;
        this.clock = clock;
    }

    /** The answer to a call of the events endpoint; empty for any other request. */
    public Optional<GatewayResponse> serve(GatewayRequest request) {
        if (!request.path().equals(PATH) && !request.path().equals(PATH + "/")) {
            return Optional.empty();
        }
        Optional<String> refused = LocalCallers.sdkRefusal(request);
        if (refused.isPresent()) {
            return Optional.of(error(403, "AccessDeniedException", refused.get()));
        }
        if (!request.method().equals("POST")) {
            return Optional.of(error(405, "UnknownOperationException", "EventBridge's API takes POST requests"));
        }
        String target = header(request, "x-amz-target").orElse("");
        if (!target.equals(TARGET)) {
            return Optional.of(error(400, "UnknownOperationException", "The local runtime emulates " + TARGET
                    + " only, not '" + target + "'"));
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return Optional.of(error(400, "SerializationException", "The request body is not a JSON object"));
        }
        JsonNode entries = body.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            return Optional.of(error(400, "ValidationException", "1 validation error detected: Value at 'entries' "
                    + "failed to satisfy constraint: Member must have length greater than or equal to 1"));
        }
        if (entries.size() > MAX_ENTRIES) {
            return Optional.of(error(400, "ValidationException", "1 validation error detected: Value at 'entries' "
                    + "failed to satisfy constraint: Member must have length less than or equal to " + MAX_ENTRIES));
        }
        long size = 0;
        for (JsonNode entry : entries) {
            size += size(entry);
        }
        if (size > MAX_BYTES) {
            return Optional.of(error(400, "ValidationException",
                    "Total size of the entries in the request is over the limit."));
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode results = JSON.createArrayNode();
        int failed = 0;
        for (JsonNode entry : entries) {
            ObjectNode result = results.addObject();
            Failure failure = failure(entry);
            Optional<String> bus = bridge.bus(text(entry, "EventBusName"));
            if (failure == null && bus.isEmpty()) {
                failure = new Failure("InvalidArgument", "Event bus " + text(entry, "EventBusName")
                        + " does not exist.");
            }
            if (failure != null) {
                failed++;
                result.put("ErrorCode", failure.code());
                result.put("ErrorMessage", failure.message());
                continue;
            }
            result.put("EventId", bridge.put(new LocalEventBridge.Entry(bus.get(), text(entry, "Source"),
                    text(entry, "DetailType"), parse(text(entry, "Detail")), time(entry.get("Time")),
                    resources(entry))));
        }
        answer.put("FailedEntryCount", failed);
        answer.set("Entries", results);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/x-amz-json-1.1"));
        return Optional.of(new GatewayResponse(200, headers, GatewayResponse.jsonBytes(answer)));
    }

    private record Failure(String code, String message) {
    }

    /** Why EventBridge would fail this entry alone, or null. */
    private static Failure failure(JsonNode entry) {
        for (String field : List.of("Source", "DetailType", "Detail")) {
            String value = text(entry, field);
            if (value == null || value.isEmpty()) {
                return new Failure("InvalidArgument", "Parameter " + field + " is not valid. Reason: " + field
                        + " is a required argument.");
            }
        }
        JsonNode detail = parse(text(entry, "Detail"));
        return detail == null || !detail.isObject() ? new Failure("MalformedDetail", "Detail is malformed.") : null;
    }

    /** An entry's size as EventBridge counts it: Time as 14 bytes, then the UTF-8 bytes of the other fields. */
    static long size(JsonNode entry) {
        long size = entry.has("Time") ? 14 : 0;
        for (String field : List.of("Source", "DetailType", "Detail")) {
            String value = text(entry, field);
            size += value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
        }
        for (String resource : resources(entry)) {
            size += resource.getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    private Instant time(JsonNode time) {
        if (time == null || !time.isNumber()) {
            return clock.instant();
        }
        BigDecimal seconds = time.decimalValue();
        return Instant.ofEpochSecond(seconds.longValue(),
                seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }

    private static List<String> resources(JsonNode entry) {
        List<String> resources = new ArrayList<>();
        JsonNode list = entry.get("Resources");
        if (list != null && list.isArray()) {
            list.forEach(resource -> resources.add(resource.asText()));
        }
        return resources;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode parse(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<String> header(GatewayRequest request, String name) {
        return request.headers().entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }

    /** An AWS JSON 1.1 error: the type in {@code __type}, which the SDK maps to its exception. */
    private static GatewayResponse error(int status, String type, String message) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/x-amz-json-1.1"));
        headers.put("x-amzn-errortype", List.of(type));
        ObjectNode body = JSON.createObjectNode();
        body.put("__type", type);
        body.put("message", message);
        return new GatewayResponse(status, headers, GatewayResponse.jsonBytes(body));
    }

}
