package dev.tradewind.auth.domain.token;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON tree reading/writing on jackson-core's streaming API (databind is avoided for cold
 * start). Objects become {@link LinkedHashMap}, arrays {@link List}, integers {@link Long} (or
 * {@link BigInteger} when too large), fractions {@link Double}, JSON null a {@code null} value.
 */
final class JoseJson {

    /*
     * Duplicate members are rejected because JOSE parsers disagreeing on "first vs last wins" is a
     * known signature-bypass pattern. Depth is capped far below Jackson's default as none of our
     * documents nest more than three levels.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
            .build();

    private JoseJson() {
    }

    /**
     * Parses a UTF-8 JSON object. Rejects invalid UTF-8 (Jackson would otherwise auto-detect
     * UTF-16/32, which RFC 8259 forbids for interchange), trailing content and non-object roots.
     *
     * @throws IllegalArgumentException on any malformation; the message never echoes the input
     */
    static Map<String, Object> parseObject(byte[] utf8) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("JSON is not valid UTF-8");
        }
        return parseObject(text);
    }

    /** As {@link #parseObject(byte[])} for text that is already decoded. */
    static Map<String, Object> parseObject(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("JSON root is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) readValue(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after JSON object");
            }
            return root;
        } catch (IOException e) {
            // Jackson's messages quote the offending input; do not propagate them.
            throw new IllegalArgumentException("malformed JSON");
        }
    }

    private static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, readValue(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser));
                }
                yield array;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue()
                    : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected JSON token");
        };
    }

    /**
     * Writes a compact JSON object. Values may be {@link String}, {@link Number} (integral),
     * {@link Boolean}, {@link List} or nested {@link Map}; member order is the map's order.
     */
    static String write(Map<String, ?> object) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writeValue(generator, object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator generator, Object value) throws IOException {
        switch (value) {
            case String s -> generator.writeString(s);
            case Long l -> generator.writeNumber(l);
            case Integer i -> generator.writeNumber(i);
            case Boolean b -> generator.writeBoolean(b);
            case List<?> list -> {
                generator.writeStartArray();
                for (Object item : list) {
                    writeValue(generator, item);
                }
                generator.writeEndArray();
            }
            case Map<?, ?> map -> {
                generator.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    generator.writeFieldName((String) entry.getKey());
                    writeValue(generator, entry.getValue());
                }
                generator.writeEndObject();
            }
            default -> throw new IllegalArgumentException(
                    "unsupported JSON value type " + value.getClass().getName());
        }
    }
}
