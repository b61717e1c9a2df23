package dev.tradewind.local.template;

import java.util.List;
import java.util.Map;

/** Typed reads of parsed YAML values; a wrong shape is a {@link TemplateException} naming the property path. */
final class Values {

    private Values() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new TemplateException(where + (value == null ? " is missing" : " must be a mapping"));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String where) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new TemplateException(where + (value == null ? " is missing" : " must be a list"));
    }

    static String string(Object value, String where) {
        if (value instanceof String text && !text.isBlank()) {
            return text;
        }
        if (value instanceof Map<?, ?>) {
            throw new TemplateException(where + " must be a literal string for the local runtime, not an intrinsic");
        }
        throw new TemplateException(where + (value == null ? " is missing" : " must be a string"));
    }

    static int integer(Object value, String where) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new TemplateException(where + " must be an integer, was '" + text + "'");
            }
        }
        throw new TemplateException(where + " must be an integer");
    }
}
