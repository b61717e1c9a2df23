package dev.tradewind.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.json.InvalidValueException;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.validation.FieldRules;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
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

    /**
     * Path parameters are guaranteed by the route key, so a missing one means the route is wired wrongly. The value is
     * taken as sent (API Gateway has decoded it): text with a control character is a 400 naming the parameter.
     */
    public String pathParam(String name) {
        Map<String, String> params = event.getPathParameters();
        String value = params == null ? null : params.get(name);
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest("MISSING_PATH_PARAMETER", "Path parameter '" + name + "' is required");
        }
        if (!FieldRules.isText(value)) {
            throw invalidQuery(name, FieldRules.TEXT_RULE);
        }
        return value;
    }

    /** A path parameter that names an instrument: the symbol rule, exactly as sent (no trimming, no case folding). */
    public String pathSymbol(String name) {
        String symbol = pathParam(name);
        if (!FieldRules.isSymbol(symbol)) {
            throw invalidQuery(name, FieldRules.SYMBOL_RULE);
        }
        return symbol;
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

    /**
     * A query parameter as sent; an empty one ({@code ?limit=}) is absent. Not trimmed: {@code limit=%205} is as
     * wrong as {@code limit=five}. Text with a control character is a 400 naming the parameter.
     */
    public Optional<String> query(String name) {
        Map<String, String> params = event.getQueryStringParameters();
        String value = params == null ? null : params.get(name);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (!FieldRules.isText(value)) {
            throw invalidQuery(name, FieldRules.TEXT_RULE);
        }
        return Optional.of(value);
    }

    /** An optional whole-number query parameter within [min, max]; anything else is a 400 naming the parameter. */
    public int queryInt(String name, int defaultValue, int min, int max) {
        Optional<String> raw = query(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return FieldRules.integer(raw.get()).filter(value -> value >= min && value <= max)
                .orElseThrow(() -> invalidQuery(name, "must be a whole number from " + min + " to " + max));
    }

    /** An optional ISO-8601 instant such as {@code 2022-01-04T15:00:00Z}; anything else is a 400 naming it. */
    public Optional<Instant> queryInstant(String name) {
        Optional<String> raw = query(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(FieldRules.instant(raw.get())
                .orElseThrow(() -> invalidQuery(name, FieldRules.INSTANT_RULE)));
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
        Optional<Instant> parsed = FieldRules.instantOrDate(raw.get());
        if (parsed.isEmpty()) {
            validation.add(name, FieldRules.INSTANT_OR_DATE_RULE);
        }
        return parsed;
    }

    /**
     * A listing's optional {@code order}, {@code newest} or {@code oldest} exactly, as whether it runs newest first;
     * {@code newestByDefault} without one. Any other value is added to {@code validation}.
     */
    public boolean queryNewestFirst(boolean newestByDefault, Validation validation) {
        String order = query("order").orElse(newestByDefault ? "newest" : "oldest");
        validation.check(order.equals("newest") || order.equals("oldest"), "order", "must be newest or oldest");
        return order.equals("newest");
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

    /** The body as UTF-8 text, size-limited (413); bytes that are not UTF-8 are a 400, never replaced. */
    public String bodyText() {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bodyBytes())).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("MALFORMED_BODY", "Request body is not valid UTF-8");
        }
    }

    private byte[] checkSize(byte[] bytes) {
        if (bytes.length > maxBodyBytes) {
            throw ApiException.payloadTooLarge(maxBodyBytes);
        }
        return bytes;
    }

    /**
     * The body's media type ({@code type/subtype}, lower case, parameters dropped), if the request names one.
     */
    public Optional<String> mediaType() {
        return header("content-type").map(value -> {
            int semicolon = value.indexOf(';');
            return (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        });
    }

    /** {@code application/json} or a {@code +json} type such as {@code application/merge-patch+json}. */
    public boolean isJson() {
        return mediaType().filter(type -> type.equals("application/json")
                || type.startsWith("application/") && type.endsWith("+json")).isPresent();
    }

    /**
     * A JSON route's body must say it is JSON, in UTF-8 (the charset may be omitted): anything else is a 415, so a
     * form post or a text/plain body (a browser's "simple" cross-site request) is never read as JSON.
     */
    public void requireJson() {
        String charset = header("content-type").map(ApiRequest::charset).orElse("utf-8");
        if (!isJson() || !charset.equals("utf-8")) {
            throw ApiException.unsupportedMediaType("This route takes a JSON body: send Content-Type: application/json");
        }
    }

    private static String charset(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
                return pair[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
            }
        }
        return "utf-8";
    }

    /**
     * Binds the JSON body strictly (docs/api.md#field-rules): a JSON content type (415 otherwise), no unknown fields,
     * no coercion between JSON types, and every string and number obeying the field rules. Each failure is a 400
     * that names the field and says what it takes.
     */
    public <T> T body(Class<T> type) {
        if (!hasBody()) {
            throw ApiException.badRequest("MISSING_BODY", "A JSON request body is required");
        }
        requireJson();
        byte[] bytes = bodyBytes();
        requireUtf8Json(bytes);
        try {
            T value = Json.readRequest(bytes, type);
            if (value == null) {
                throw ApiException.badRequest("MISSING_BODY", "A JSON request body is required");
            }
            return value;
        } catch (InvalidValueException e) {
            throw InvalidInputException.field(e.field(), e.problem());
        } catch (UnrecognizedPropertyException e) {
            throw InvalidInputException.field(path(e), "is not a recognised field");
        } catch (MismatchedInputException e) {
            String field = path(e);
            if (field.isEmpty()) {
                throw ApiException.badRequest("MALFORMED_JSON", "Request body must be a JSON object");
            }
            String expected = expected(e.getTargetType());
            throw InvalidInputException.field(field, expected != null ? expected
                    : e instanceof InvalidFormatException ? "has an invalid value" : "has the wrong type or is missing");
        } catch (JsonMappingException e) {
            String field = path(e);
            String problem = e.getCause() instanceof InputCoercionException ? "is out of range" : "is invalid";
            throw InvalidInputException.field(field.isEmpty() ? "body" : field, problem);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "Request body is not valid JSON");
        } catch (IOException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "Request body could not be read");
        }
    }

    /**
     * Jackson would detect UTF-16 and UTF-32 and read them; the API takes UTF-8 only (docs/api.md). Jackson tells them
     * by a zero among the first four bytes (JSON's first character is ASCII, a byte-order mark at most before it),
     * which UTF-8 JSON never has there: a raw NUL is no JSON token. Only those bytes are looked at, as Jackson does.
     */
    private static void requireUtf8Json(byte[] bytes) {
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            if (bytes[i] == 0) {
                throw ApiException.badRequest("MALFORMED_JSON", "Request body is not valid JSON in UTF-8");
            }
        }
    }

    /** What a field of this type takes, for a value of another JSON type; null for other types. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return FieldRules.INTEGER_RULE + " (a JSON integer, not 2.0 or \"2\")";
        }
        if (type == BigDecimal.class) {
            return FieldRules.DECIMAL_RULE;
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "must be a number such as 0.4 (a JSON number, not \"0.4\")";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "must be an array";
        }
        return null;
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
