package dev.tradewind.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Typed, validating access to an HTTP API payload 2.0 event. Every failure is a 4xx: an {@link ApiException}, or an
 * {@link InvalidInputException} / {@link NotFoundException} for a bad parameter or id.
 */
public final class ApiRequest {

    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    private final APIGatewayV2HTTPEvent event;
    private final String requestId;
    private final int maxBodyBytes;

    public ApiRequest(APIGatewayV2HTTPEvent event, String fallbackRequestId, int maxBodyBytes) {
        this.event = event;
        this.maxBodyBytes = maxBodyBytes;
        var context = event.getRequestContext();
        this.requestId = context != null && context.getRequestId() != null ? context.getRequestId() : fallbackRequestId;
    }

    public APIGatewayV2HTTPEvent event() {
        return event;
    }

    public String requestId() {
        return requestId;
    }

    public String routeKey() {
        return event.getRouteKey();
    }

    public String method() {
        var context = event.getRequestContext();
        return context != null && context.getHttp() != null ? context.getHttp().getMethod() : null;
    }

    public String sourceIp() {
        var context = event.getRequestContext();
        return context != null && context.getHttp() != null ? context.getHttp().getSourceIp() : null;
    }

    /** Path parameters are guaranteed by the route key, so a missing one means the route is wired wrongly. */
    public String pathParam(String name) {
        Map<String, String> params = event.getPathParameters();
        String value = params == null ? null : params.get(name);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("MISSING_PATH_PARAMETER", "Path parameter '" + name + "' is required");
        }
        return value;
    }

    /**
     * A path parameter that names a resource by its ULID. Anything else names nothing: the resource's 404, before the
     * value can reach a key.
     */
    public String pathId(String name, String notFoundMessage) {
        String id = pathParam(name);
        if (!Ulid.isValid(id)) {
            throw new NotFoundException(notFoundMessage);
        }
        return id;
    }

    public Optional<String> query(String name) {
        Map<String, String> params = event.getQueryStringParameters();
        String value = params == null ? null : params.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** An optional integer query parameter within [min, max]; anything else is a 400 naming the parameter. */
    public int queryInt(String name, int defaultValue, int min, int max) {
        Optional<String> raw = query(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw invalidQuery(name, "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalidQuery(name, "must be an integer between " + min + " and " + max);
        }
    }

    /** An optional ISO-8601 instant such as {@code 2022-01-04T15:00:00Z}; anything else is a 400 naming it. */
    public Optional<Instant> queryInstant(String name) {
        Optional<String> raw = query(name);
        try {
            return raw.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw invalidQuery(name, "must be an ISO-8601 instant such as 2022-01-04T15:00:00Z");
        }
    }

    /**
     * An optional ISO-8601 instant or a date (midnight UTC). A malformed value is added to {@code validation}, so a
     * request with several bad parameters hears about all of them at once.
     */
    public Optional<Instant> queryInstantOrDate(String name, Validation validation) {
        Optional<String> raw = query(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String text = raw.get();
        try {
            return Optional.of(text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text));
        } catch (DateTimeParseException e) {
            validation.add(name, "must be an ISO-8601 instant such as 2022-01-03T00:00:00Z or a date such as 2022-01-03");
            return Optional.empty();
        }
    }

    public static InvalidInputException invalidQuery(String name, String problem) {
        return InvalidInputException.field(name, problem);
    }

    /** HTTP API lower-cases header names; lookups are case-insensitive anyway so direct invocations behave alike. */
    public Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        String value = headers.get(name.toLowerCase());
        if (value == null) {
            value = headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** The caller, as established by the authorizer. Never taken from the body or the query. */
    public String userId() {
        var context = event.getRequestContext();
        Object userId = context == null || context.getAuthorizer() == null || context.getAuthorizer().getLambda() == null
                ? null
                : context.getAuthorizer().getLambda().get("userId");
        if (!(userId instanceof String id) || id.isBlank()) {
            throw ApiException.unauthorized("Authentication required");
        }
        return id;
    }

    public boolean hasBody() {
        return event.getBody() != null && !event.getBody().isEmpty();
    }

    /** The raw body bytes, size-limited (413). */
    public byte[] bodyBytes() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            // Decoded size is at most 3/4 of the encoded size; checking before decoding bounds memory too.
            if ((long) body.length() * 3 / 4 > maxBodyBytes + 2L) {
                throw ApiException.payloadTooLarge(maxBodyBytes);
            }
            try {
                byte[] decoded = Base64.getDecoder().decode(body);
                return checkSize(decoded);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("MALFORMED_BODY", "Request body is not valid base64");
            }
        }
        if (body.length() > maxBodyBytes) {
            throw ApiException.payloadTooLarge(maxBodyBytes);
        }
        return checkSize(body.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] checkSize(byte[] bytes) {
        if (bytes.length > maxBodyBytes) {
            throw ApiException.payloadTooLarge(maxBodyBytes);
        }
        return bytes;
    }

    /** Binds the JSON body strictly: unknown fields, wrong types and malformed JSON are 400s that say where. */
    public <T> T body(Class<T> type) {
        if (!hasBody()) {
            throw ApiException.badRequest("MISSING_BODY", "A JSON request body is required");
        }
        byte[] bytes = bodyBytes();
        try {
            T value = Json.strictReader().forType(type).readValue(bytes);
            if (value == null) {
                throw ApiException.badRequest("MISSING_BODY", "A JSON request body is required");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw InvalidInputException.field(path(e), "is not a recognised field");
        } catch (InvalidFormatException e) {
            throw InvalidInputException.field(path(e), "has an invalid value");
        } catch (MismatchedInputException e) {
            String field = path(e);
            if (field.isEmpty()) {
                throw ApiException.badRequest("MALFORMED_JSON", "Request body must be a JSON object");
            }
            throw InvalidInputException.field(field, "has the wrong type or is missing");
        } catch (JsonMappingException e) {
            String field = path(e);
            throw InvalidInputException.field(field.isEmpty() ? "body" : field, "is invalid");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "Request body is not valid JSON");
        } catch (IOException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "Request body could not be read");
        }
    }

    private static String path(JacksonException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "";
        }
        return mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
