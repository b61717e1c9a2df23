package dev.tradewind.shared.dynamo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque page cursors over DynamoDB's LastEvaluatedKey. A cursor is checked against the partition the request is
 * allowed to read, so a crafted cursor can neither reach another user's items nor make DynamoDB fail with a 500.
 */
public final class PageCursor {

    private static final String VERSION = "1.";
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,38}(\\.\\d{1,38})?");

    private PageCursor() {
    }

    public static String encode(Map<String, AttributeValue> lastEvaluatedKey) {
        ObjectNode node = Json.mapper().createObjectNode();
        lastEvaluatedKey.forEach((name, value) -> {
            if (value.s() != null) {
                node.putArray(name).add("S").add(value.s());
            } else if (value.n() != null) {
                node.putArray(name).add("N").add(value.n());
            } else {
                throw new IllegalArgumentException("Only string and number keys can be paged: " + name);
            }
        });
        return VERSION + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param expected key attributes the cursor must carry with exactly these values (e.g. the partition key)
     * @throws InvalidInputException INVALID_CURSOR when the cursor is malformed or belongs to another query
     */
    public static Map<String, AttributeValue> decode(String cursor, Map<String, String> expected) {
        if (cursor == null || !cursor.startsWith(VERSION)) {
            throw invalid();
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        try {
            JsonNode node = Json.mapper().readTree(Base64.getUrlDecoder().decode(cursor.substring(VERSION.length())));
            if (node == null || !node.isObject() || node.size() > 4) {
                throw invalid();
            }
            for (var fields = node.fields(); fields.hasNext(); ) {
                var field = fields.next();
                JsonNode typed = field.getValue();
                if (!typed.isArray() || typed.size() != 2 || !typed.get(1).isTextual()) {
                    throw invalid();
                }
                String value = typed.get(1).asText();
                switch (typed.get(0).asText()) {
                    case "S" -> key.put(field.getKey(), AttributeValue.fromS(value));
                    case "N" -> {
                        // A plain decimal of bounded length: exponent forms could make parsing itself expensive.
                        if (!NUMBER.matcher(value).matches()) {
                            throw invalid();
                        }
                        key.put(field.getKey(), AttributeValue.fromN(value));
                    }
                    default -> throw invalid();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw invalid();
        }
        expected.forEach((name, value) -> {
            AttributeValue actual = key.get(name);
            if (actual == null || !value.equals(actual.s())) {
                throw invalid();
            }
        });
        return key;
    }

    private static InvalidInputException invalid() {
        return new InvalidInputException("INVALID_CURSOR", "cursor is not valid for this request");
    }
}
