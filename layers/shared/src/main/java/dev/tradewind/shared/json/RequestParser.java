package dev.tradewind.shared.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import dev.tradewind.shared.validation.FieldRules;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the rules every value of a request body obeys wherever it sits, typed field or raw JSON row: strings
 * (and field names) hold no control characters but tab and line breaks, and numbers are plain decimals (no exponent,
 * no -0, bounded digits). Field rules that depend on the field (single-line text, scale, range) come after.
 */
final class RequestParser extends JsonParserDelegate {

    /** The names seen so far in the object open at each nesting depth (by depth: a skipped object cannot skew it). */
    private final List<Set<String>> names = new ArrayList<>();

    /**
     * Duplicate names are found here rather than by the parser's own check, whose failure names no field and reads
     * as JSON that does not parse.
     */
    RequestParser(JsonParser parser) {
        super(parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = super.nextToken();
        if (token == JsonToken.START_OBJECT) {
            int depth = getParsingContext().getNestingDepth();
            while (names.size() <= depth) {
                names.add(null);
            }
            names.set(depth, new HashSet<>());
        }
        if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
            if (!FieldRules.isMultiLineText(getText())) {
                throw new InvalidValueException(this, path(getParsingContext(), token == JsonToken.FIELD_NAME),
                        token == JsonToken.FIELD_NAME ? "is a field name with control characters"
                                : FieldRules.MULTI_LINE_TEXT_RULE);
            }
            if (token == JsonToken.FIELD_NAME && !names.get(getParsingContext().getNestingDepth()).add(getText())) {
                throw new InvalidValueException(this, path(getParsingContext(), false), "appears twice");
            }
        } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            if (!FieldRules.isPlainDecimal(getText())) {
                throw new InvalidValueException(this, path(getParsingContext(), false), FieldRules.NUMBER_RULE);
            }
        }
        return token;
    }

    /** The base class would hand this to the underlying parser, past the checks. */
    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    /**
     * Where the current token sits, as {@code trades[3].price}. For a field name, its object (the name itself may be
     * unprintable, so it is not repeated back).
     */
    static String path(JsonStreamContext context, boolean fieldName) {
        Deque<String> parts = new ArrayDeque<>();
        JsonStreamContext at = fieldName ? context.getParent() : context;
        for (; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                parts.push("[" + Math.max(0, at.getCurrentIndex()) + "]");
            } else if (at.getCurrentName() != null) {
                parts.push("." + at.getCurrentName());
            }
        }
        String path = String.join("", parts);
        path = path.startsWith(".") ? path.substring(1) : path;
        return path.isEmpty() ? "body" : path;
    }
}
