package dev.tradewind.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An EventBridge event pattern: every field it names must match, nested objects match nested fields ({@code detail}),
 * and a field matches when one of its listed values does (for an array field: when one of its elements does).
 * Listed values are exact values or the content filters {@code prefix}, {@code suffix}, {@code equals-ignore-case},
 * {@code wildcard}, {@code anything-but} (of values, a prefix or a suffix), {@code exists} and {@code numeric}; a
 * pattern with anything else (such as {@code cidr} or {@code $or}) is refused when compiled, never half-matched.
 */
public final class EventPattern {

    private static final List<String> NUMERIC_OPERATORS = List.of("<", "<=", "=", ">=", ">");

    private final JsonNode pattern;

    private EventPattern(JsonNode pattern) {
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException naming what EventBridge (or this emulation) does not accept */
    public static EventPattern compile(JsonNode pattern) {
        if (pattern == null || !pattern.isObject() || pattern.isEmpty()) {
            throw new IllegalArgumentException("an event pattern is a non-empty object");
        }
        validateObject(pattern, "");
        return new EventPattern(pattern);
    }

    public boolean matches(JsonNode event) {
        return matchesObject(pattern, event);
    }

    private static void validateObject(JsonNode object, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String where = path + field.getKey();
            if (field.getKey().startsWith("$")) {
                throw new IllegalArgumentException(where + ": " + field.getKey() + " is not emulated");
            }
            JsonNode value = field.getValue();
            if (value.isObject()) {
                validateObject(value, where + ".");
            } else if (value.isArray()) {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(where + ": an empty list matches nothing");
                }
                value.forEach(matcher -> validateMatcher(matcher, where));
            } else {
                throw new IllegalArgumentException(where + " must be a list of values or an object, was " + value);
            }
        }
    }

    private static void validateMatcher(JsonNode matcher, String where) {
        if (matcher.isValueNode()) {
            return;
        }
        if (!matcher.isObject() || matcher.size() != 1) {
            throw new IllegalArgumentException(where + ": " + matcher + " is neither a value nor a content filter");
        }
        Map.Entry<String, JsonNode> filter = matcher.fields().next();
        JsonNode argument = filter.getValue();
        switch (filter.getKey()) {
            case "prefix", "suffix", "equals-ignore-case", "wildcard" -> {
                if (!argument.isTextual()) {
                    throw new IllegalArgumentException(where + ": " + filter.getKey() + " takes a string");
                }
            }
            case "exists" -> {
                if (!argument.isBoolean()) {
                    throw new IllegalArgumentException(where + ": exists takes true or false");
                }
            }
            case "anything-but" -> {
                boolean valid = argument.isValueNode()
                        || argument.isArray() && !argument.isEmpty()
                                && iterable(argument).stream().allMatch(JsonNode::isValueNode)
                        || argument.isObject() && argument.size() == 1
                                && (argument.has("prefix") || argument.has("suffix"))
                                && argument.fields().next().getValue().isTextual();
                if (!valid) {
                    throw new IllegalArgumentException(where + ": anything-but takes a value, a list of values, "
                            + "a prefix or a suffix");
                }
            }
            case "numeric" -> {
                if (!argument.isArray() || argument.isEmpty() || argument.size() % 2 != 0) {
                    throw new IllegalArgumentException(where + ": numeric takes [operator, number, ...]");
                }
                for (int i = 0; i < argument.size(); i += 2) {
                    if (!NUMERIC_OPERATORS.contains(argument.get(i).asText()) || !argument.get(i + 1).isNumber()) {
                        throw new IllegalArgumentException(where + ": numeric takes [operator, number, ...] with "
                                + "operators " + NUMERIC_OPERATORS);
                    }
                }
            }
            default -> throw new IllegalArgumentException(where + ": the content filter " + filter.getKey()
                    + " is not emulated by the local runtime");
        }
    }

    private static boolean matchesObject(JsonNode pattern, JsonNode object) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = object == null || !object.isObject() ? null : object.get(field.getKey());
            boolean matched = field.getValue().isObject() ? value != null && value.isObject()
                    && matchesObject(field.getValue(), value) : matchesField(field.getValue(), value);
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesField(JsonNode matchers, JsonNode value) {
        if (value == null) {
            return iterable(matchers).stream().anyMatch(m -> m.isObject() && m.has("exists")
                    && !m.get("exists").asBoolean());
        }
        List<JsonNode> values = value.isArray() ? iterable(value) : List.of(value);
        for (JsonNode matcher : matchers) {
            for (JsonNode candidate : values) {
                if (matches(matcher, candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(JsonNode matcher, JsonNode value) {
        if (matcher.isValueNode()) {
            return equal(matcher, value);
        }
        Map.Entry<String, JsonNode> filter = matcher.fields().next();
        JsonNode argument = filter.getValue();
        String text = value.isTextual() ? value.asText() : null;
        return switch (filter.getKey()) {
            case "prefix" -> text != null && text.startsWith(argument.asText());
            case "suffix" -> text != null && text.endsWith(argument.asText());
            case "equals-ignore-case" -> text != null && text.equalsIgnoreCase(argument.asText());
            case "wildcard" -> text != null && wildcard(argument.asText()).matcher(text).matches();
            case "exists" -> argument.asBoolean() && !value.isContainerNode();
            case "anything-but" -> anythingBut(argument, value);
            case "numeric" -> value.isNumber() && numeric(argument, value.decimalValue());
            default -> false;
        };
    }

    private static boolean anythingBut(JsonNode argument, JsonNode value) {
        if (argument.isObject()) {
            Map.Entry<String, JsonNode> filter = argument.fields().next();
            String affix = filter.getValue().asText();
            return value.isTextual() && !(filter.getKey().equals("prefix") ? value.asText().startsWith(affix)
                    : value.asText().endsWith(affix));
        }
        List<JsonNode> excluded = argument.isArray() ? iterable(argument) : List.of(argument);
        return excluded.stream().noneMatch(e -> equal(e, value));
    }

    private static boolean numeric(JsonNode conditions, BigDecimal number) {
        for (int i = 0; i < conditions.size(); i += 2) {
            int comparison = number.compareTo(conditions.get(i + 1).decimalValue());
            boolean holds = switch (conditions.get(i).asText()) {
                case "<" -> comparison < 0;
                case "<=" -> comparison <= 0;
                case "=" -> comparison == 0;
                case ">=" -> comparison >= 0;
                default -> comparison > 0;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    /** Exact match, as EventBridge compares: strings by content, numbers by value, true, false and null as such. */
    private static boolean equal(JsonNode expected, JsonNode value) {
        if (expected.isNumber()) {
            return value.isNumber() && expected.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        return expected.equals(value);
    }

    private static Pattern wildcard(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    @Override
    public String toString() {
        return pattern.toString();
    }
}
