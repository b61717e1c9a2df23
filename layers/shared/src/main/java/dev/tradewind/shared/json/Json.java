package dev.tradewind.shared.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/** The one configured Jackson mapper. Built once per class loader; readers and writers derived from it are immutable. */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // Bounds what a hostile body can make the parser do. A whole request body is one string in
                    // the event, so strings may be as long as Lambda's 6 MB payload; route limits (413) apply after.
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64)
                            .maxNumberLength(64)
                            .maxStringLength(6 * 1024 * 1024)
                            .build())
                    .build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // Money and prices must never pass through double.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** Request bodies are strict: an unknown field is a client mistake worth a clear 400, not silence. */
    private static final ObjectReader STRICT_READER =
            MAPPER.reader().with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Request bodies bind by the field rules (docs/api.md#field-rules): a whole-number field takes a JSON integer
     * only (not 2.5, 2.0 or "2"), a floating-point one a JSON number only, a string field a JSON string only, a
     * boolean true or false only, and a decimal a JSON number or a string in the one decimal syntax ({@link
     * RequestParser} checks every number token).
     */
    private static final ObjectReader REQUEST_READER = requestMapper().reader()
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    private static ObjectMapper requestMapper() {
        ObjectMapper mapper = MAPPER.copy()
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .registerModule(new SimpleModule("request-values")
                        .addDeserializer(BigDecimal.class, new RequestDecimalDeserializer()));
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        // Floating point (a Double field); BigDecimal has its own deserializer and takes strings in decimal syntax.
        mapper.coercionConfigFor(LogicalType.Float)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Binds a request body strictly: unknown fields fail, scalars are never coerced from another JSON type, and every
     * string and number in it, however deep, obeys the text and decimal rules ({@link InvalidValueException}).
     */
    public static <T> T readRequest(byte[] body, Class<T> type) throws IOException {
        try (var parser = new RequestParser(MAPPER.getFactory().createParser(body))) {
            T value = REQUEST_READER.forType(type).readValue(parser);
            // Reading from a parser leaves what follows the value unread; FAIL_ON_TRAILING_TOKENS applies to bytes.
            if (parser.nextToken() != null) {
                throw MismatchedInputException.from(parser, type, "Trailing token after the JSON value");
            }
            return value;
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectReader strictReader() {
        return STRICT_READER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
