package dev.tradewind.shared.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one rule per kind of field that every route applies to what a caller sends (docs/api.md#field-rules): symbols,
 * decimals, whole numbers, enumerated values and text. A value is checked as it was sent: nothing is case-folded or
 * rounded into validity, and nothing is trimmed but the surrounding spaces of a name or a note.
 */
public final class FieldRules {

    public static final String SYMBOL_RULE = "must be 1 to 20 of A-Z, 0-9, '.' and '-', starting with a letter or digit";
    public static final String DECIMAL_RULE = "must be a decimal number such as 12.34, as a JSON number or a string:"
            + " at most 13 digits before the point and 12 after, no exponent, no spaces, not -0";
    /** For a JSON number of any field (decimal or whole) that is not written plainly. */
    public static final String NUMBER_RULE = "must be a number written plainly, such as 12.34: no exponent, not -0,"
            + " at most 13 digits before the point and 12 after";
    public static final String INTEGER_RULE = "must be a whole number such as 3";
    public static final String INSTANT_RULE =
            "must be an ISO-8601 instant such as 2022-01-03T00:00:00Z, in the years 0000 to 9999";
    public static final String INSTANT_OR_DATE_RULE = "must be an ISO-8601 instant such as 2022-01-03T00:00:00Z or a"
            + " date such as 2022-01-03, in the years 0000 to 9999";
    public static final String TEXT_RULE = "must not contain control characters";
    public static final String MULTI_LINE_TEXT_RULE =
            "must not contain control characters other than tab and line breaks";

    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.\\-]{0,19}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,13}(\\.[0-9]{1,12})?");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,9}");
    /**
     * Instants are stored and compared as ISO-8601 text in sort keys, which orders them only while the year has four
     * digits: "+10000-01-01" sorts before "1970-01-01", and DynamoDB refuses a range whose bounds are out of order.
     */
    /** The earliest instant a request may name: an open lower bound defaults to it. */
    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private FieldRules() {
    }

    /**
     * An instrument symbol as the catalog spells it (BTCUSDT, AAPL, BRK.B, BRK-B): the same rule for a path segment,
     * an order, an import row and an inline trade, so any symbol accepted anywhere can be looked up everywhere.
     */
    public static boolean isSymbol(String value) {
        return value != null && SYMBOL.matcher(value).matches();
    }

    /**
     * The written form of a decimal, whether it came as a JSON number or as a string. Negative zero is refused: a
     * sign on nothing is a client bug, and no field has a use for it.
     */
    public static boolean isPlainDecimal(String text) {
        return text != null && DECIMAL.matcher(text).matches() && !(text.startsWith("-") && isZero(text));
    }

    /** A decimal sent as text; empty unless {@link #isPlainDecimal}. Field rules (sign, scale, range) come after. */
    public static Optional<BigDecimal> decimal(String text) {
        return isPlainDecimal(text) ? Optional.of(new BigDecimal(text)) : Optional.empty();
    }

    /**
     * A decimal sent as a JSON number or a string. A number in a request body has passed {@link #isPlainDecimal}
     * already, when the body was read (dev.tradewind.shared.json.Json#readRequest).
     */
    public static Optional<BigDecimal> decimal(JsonNode value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNumber()) {
            return Optional.of(value.decimalValue());
        }
        return value.isTextual() ? decimal(value.asText()) : Optional.empty();
    }

    /** An ISO-8601 instant in the years 0000 to 9999, seconds optional; empty for anything else. */
    public static Optional<Instant> instant(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return inKeyRange(Instant.parse(text));
        } catch (DateTimeParseException e) {
            // Instant.parse wants seconds; ISO-8601 leaves them out too (2022-01-03T15:00Z), as import rows may.
            try {
                return inKeyRange(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException withoutSeconds) {
                return Optional.empty();
            }
        }
    }

    /** An ISO-8601 instant, or a date meaning its midnight UTC, in the years 0000 to 9999; empty for anything else. */
    public static Optional<Instant> instantOrDate(String text) {
        if (text == null || text.length() != 10) {
            return instant(text);
        }
        try {
            return inKeyRange(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> inKeyRange(Instant instant) {
        return instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? Optional.empty() : Optional.of(instant);
    }

    /** A whole number sent as text (a query parameter): optional '-', at most 9 digits. */
    public static Optional<Integer> integer(String text) {
        return text != null && INTEGER.matcher(text).matches() && !text.equals("-0")
                ? Optional.of(Integer.parseInt(text)) : Optional.empty();
    }

    /** Single-line text: names, emails, passwords, tags, ids, every string but free-text notes. */
    public static boolean isText(String value) {
        return value != null && wellFormed(value, false);
    }

    /** Free text that may span lines (journal notes): tab, line feed and carriage return are allowed. */
    public static boolean isMultiLineText(String value) {
        return value != null && wellFormed(value, true);
    }

    /** The enum constant named exactly {@code value} ({@code BUY}; not {@code buy} or {@code " BUY"}). */
    public static <E extends Enum<E>> Optional<E> constant(Class<E> type, String value) {
        return constant(type, Enum::name, value);
    }

    /** The enum constant whose documented spelling, {@code spelling}, is exactly {@code value}. */
    public static <E extends Enum<E>> Optional<E> constant(Class<E> type, Function<E, String> spelling, String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (E constant : type.getEnumConstants()) {
            if (spelling.apply(constant).equals(value)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    /** "must be one of BUY, SELL": the message for a value that is none of an enum's spellings. */
    public static <E extends Enum<E>> String oneOf(Class<E> type, Function<E, String> spelling) {
        return "must be one of " + Arrays.stream(type.getEnumConstants()).map(spelling)
                .collect(Collectors.joining(", "));
    }

    public static <E extends Enum<E>> String oneOf(Class<E> type) {
        return oneOf(type, Enum::name);
    }

    private static boolean isZero(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }

    /** No control character (C0, DEL, C1) and no unpaired surrogate, which no store or client can round-trip. */
    private static boolean wellFormed(String value, boolean multiLine) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                if (!(multiLine && (c == '\t' || c == '\n' || c == '\r'))) {
                    return false;
                }
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
