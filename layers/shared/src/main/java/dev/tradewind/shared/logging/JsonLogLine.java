package dev.tradewind.shared.logging;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.tradewind.shared.config.Environment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;
import software.amazon.lambda.powertools.logging.argument.StructuredArgument;
import software.amazon.lambda.powertools.logging.internal.JsonSerializer;
import software.amazon.lambda.powertools.logging.internal.PowertoolsLoggedFields;

/**
 * One log event as one line of JSON, in the shape of Powertools' Log4j layout: {@code timestamp}, {@code level},
 * {@code message}, {@code logger}, the Lambda context Powertools put in the MDC ({@code function_request_id},
 * {@code cold_start}, ...), any other MDC entry, each structured argument as a field of its own, and {@code error}
 * (name, message, stack) when the event carries an exception.
 */
final class JsonLogLine {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String SERVICE = PowertoolsLoggedFields.SERVICE.getName();
    /**
     * The function's {@code POWERTOOLS_SERVICE_NAME}, read once as {@link LogLevels} reads the level; null when unset.
     * Powertools puts the process's in the MDC: the same on Lambda, but the local runtime gives each function its
     * variables through {@link Environment} only, so Powertools would log its placeholder there.
     */
    private static final String FUNCTION_SERVICE = Environment.current().optional("POWERTOOLS_SERVICE_NAME")
            .orElse(null);
    private static final String COLD_START = PowertoolsLoggedFields.FUNCTION_COLD_START.getName();
    private static final String MEMORY_SIZE = PowertoolsLoggedFields.FUNCTION_MEMORY_SIZE.getName();
    private static final String SAMPLING_RATE = PowertoolsLoggedFields.SAMPLING_RATE.getName();
    private static final PowertoolsLoggedFields[] CONTEXT_FIELDS = PowertoolsLoggedFields.values();

    private JsonLogLine() {
    }

    static String format(String logger, Level level, String messagePattern, Object[] arguments, Throwable error) {
        StringBuilder line = new StringBuilder(256);
        line.append("{\"timestamp\":");
        string(line, TIMESTAMP.format(Instant.now()));
        line.append(",\"level\":");
        string(line, level.name());
        line.append(",\"message\":");
        string(line, arguments == null ? messagePattern
                : MessageFormatter.basicArrayFormat(messagePattern, arguments));
        line.append(",\"logger\":");
        string(line, logger);
        context(line);
        if (arguments != null) {
            structured(line, arguments);
        }
        if (error != null) {
            error(line, error);
        }
        return line.append('}').toString();
    }

    /**
     * Powertools' fields first, in its order, then any other MDC entry by name. The MDC's copy is already this call's
     * own map, so Powertools' fields are taken out of it and only what is left is sorted.
     */
    private static void context(StringBuilder line) {
        Map<String, String> others = MDC.getCopyOfContextMap();
        if (others == null || others.isEmpty()) {
            return;
        }
        for (PowertoolsLoggedFields field : CONTEXT_FIELDS) {
            String name = field.getName();
            String value = others.remove(name);
            if (value != null) {
                field(line, name, name.equals(SERVICE) && FUNCTION_SERVICE != null ? FUNCTION_SERVICE : value);
            }
        }
        if (others.size() > 1) {
            others = new TreeMap<>(others);
        }
        others.forEach((name, value) -> field(line, name, value));
    }

    private static void field(StringBuilder line, String name, String value) {
        line.append(',');
        string(line, name);
        line.append(':');
        if (name.equals(COLD_START) && (value.equals("true") || value.equals("false"))) {
            line.append(value);
        } else if ((name.equals(MEMORY_SIZE) || name.equals(SAMPLING_RATE)) && isNumber(value)) {
            line.append(value);
        } else {
            string(line, value);
        }
    }

    private static boolean isNumber(String value) {
        try {
            return Double.isFinite(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void structured(StringBuilder line, Object[] arguments) {
        for (Object argument : arguments) {
            if (argument instanceof StructuredArgument structured) {
                StringBuilder field = new StringBuilder();
                try (JsonSerializer serializer = new JsonSerializer(field)) {
                    structured.writeTo(serializer);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                line.append(',');
                escapeControls(line, field);
            }
        }
    }

    /**
     * Powertools' serializer leaves most control characters raw; in its compact output they can only stand inside a
     * string, where an escape means the same and keeps the event one valid line.
     */
    private static void escapeControls(StringBuilder line, CharSequence fragment) {
        for (int i = 0; i < fragment.length(); i++) {
            char c = fragment.charAt(i);
            if (c < 0x20) {
                String hex = Integer.toHexString(c);
                line.append("\\u").append("0000", hex.length(), 4).append(hex);
            } else {
                line.append(c);
            }
        }
    }

    private static void error(StringBuilder line, Throwable error) {
        StringWriter stack = new StringWriter();
        error.printStackTrace(new PrintWriter(stack));
        line.append(",\"error\":{\"name\":");
        string(line, error.getClass().getName());
        line.append(",\"message\":");
        string(line, error.getMessage());
        line.append(",\"stack\":");
        string(line, stack.toString());
        line.append('}');
    }

    /** A JSON string, escaped by Jackson's encoder (every control character), so an event stays one line. */
    static void string(StringBuilder line, String value) {
        if (value == null) {
            line.append("null");
            return;
        }
        line.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, line);
        line.append('"');
    }
}
