package dev.tradewind.trading.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.validation.FieldRules;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rows of a trade import (docs/trading.md#trade-import), read from CSV or JSON and checked one by one. A file that cannot
 * be read as rows at all (malformed CSV, a bad header, too many rows) is refused whole; a bad row is rejected with its
 * reason and the others go on.
 */
public final class ImportRows {

    public static final int MAX_ROWS = 2000;
    static final List<String> REQUIRED = List.of("time", "symbol", "side", "quantity", "price", "fees");
    static final Set<String> COLUMNS = Set.of("time", "symbol", "side", "quantity", "price", "fees", "id");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\x21-\\x7E]{1,64}");
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    /** A row that is not imported, numbered from 1 (the first data row), with an UPPER_SNAKE reason. */
    public record RowRejection(int row, String reason, String message) {
    }

    /**
     * A valid row.
     *
     * @param tradeId derived from the journal and the row's content (or the broker's execution id), so importing the
     *                same file again finds every row already there
     */
    public record Row(int row, Instant time, String symbol, Side side, BigDecimal quantity, BigDecimal price,
                      BigDecimal fees, String externalId, String tradeId) {
    }

    /**
     * The rows checked for one journal.
     *
     * @param valid    in time order (then row order), with their trade ids
     * @param rejected in row order
     */
    public record Checked(List<Row> valid, List<RowRejection> rejected) {
    }

    /** One input row as text fields, or what made it unreadable. */
    private record RawRow(int row, Map<String, String> values, RowRejection problem) {
    }

    private final List<RawRow> rows;

    private ImportRows(List<RawRow> rows) {
        this.rows = rows;
    }

    /** How many rows the input has, valid or not. */
    public int size() {
        return rows.size();
    }

    public static ImportRows fromCsv(String text) {
        // The same text rule as a JSON body: nothing but tabs and line breaks among the control characters.
        if (!FieldRules.isMultiLineText(text)) {
            throw new InvalidInputException("MALFORMED_CSV", "The CSV " + FieldRules.MULTI_LINE_TEXT_RULE);
        }
        List<Csv.Line> lines;
        try {
            lines = Csv.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("MALFORMED_CSV", e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new InvalidInputException("MISSING_BODY", "The CSV is empty; it needs the header "
                    + String.join(",", REQUIRED));
        }
        List<String> header = lines.getFirst().fields().stream()
                .map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        Set<String> seen = new HashSet<>();
        for (String column : header) {
            if (!COLUMNS.contains(column)) {
                throw new InvalidInputException("INVALID_CSV_HEADER", "Unknown column '" + OrderSpec.clip(column)
                        + "'; the header is " + String.join(",", REQUIRED) + " (and optionally id)");
            }
            if (!seen.add(column)) {
                throw new InvalidInputException("INVALID_CSV_HEADER", "Column '" + column + "' appears twice");
            }
        }
        for (String column : REQUIRED) {
            if (!seen.contains(column)) {
                throw new InvalidInputException("INVALID_CSV_HEADER", "Missing column '" + column
                        + "'; the header is " + String.join(",", REQUIRED) + " (and optionally id)");
            }
        }
        tooMany(lines.size() - 1);
        List<RawRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> fields = lines.get(i).fields();
            if (fields.size() != header.size()) {
                rows.add(new RawRow(i, Map.of(), new RowRejection(i, "WRONG_FIELD_COUNT", "line "
                        + lines.get(i).number() + " has " + fields.size() + " fields; the header has " + header.size())));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                values.put(header.get(c), fields.get(c));
            }
            rows.add(new RawRow(i, values, null));
        }
        return new ImportRows(rows);
    }

    /** @param trades each row as raw JSON (an object of trade fields); null when the body had none */
    public static ImportRows fromJson(List<JsonNode> trades) {
        if (trades == null) {
            throw InvalidInputException.field("trades", "is required");
        }
        tooMany(trades.size());
        List<RawRow> rows = new ArrayList<>();
        for (int i = 0; i < trades.size(); i++) {
            int row = i + 1;
            JsonNode node = trades.get(i);
            if (node == null || !node.isObject()) {
                rows.add(new RawRow(row, Map.of(), new RowRejection(row, "INVALID_ROW", "a trade must be an object")));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            RowRejection problem = null;
            for (var fields = node.fields(); fields.hasNext(); ) {
                var field = fields.next();
                if (!COLUMNS.contains(field.getKey())) {
                    problem = new RowRejection(row, "UNKNOWN_FIELD", "'" + OrderSpec.clip(field.getKey())
                            + "' is not a trade field");
                    break;
                }
                JsonNode value = field.getValue();
                if (value.isNull()) {
                    continue;
                }
                if (value.isNumber()) {
                    values.put(field.getKey(), value.decimalValue().toPlainString());
                } else if (value.isTextual()) {
                    values.put(field.getKey(), value.asText());
                } else {
                    problem = new RowRejection(row, "INVALID_" + field.getKey().toUpperCase(Locale.ROOT),
                            field.getKey() + " must be a string or a number");
                    break;
                }
            }
            rows.add(new RawRow(row, values, problem));
        }
        return new ImportRows(rows);
    }

    private static void tooMany(int rows) {
        if (rows > MAX_ROWS) {
            throw new InvalidInputException("TOO_MANY_ROWS", "At most " + MAX_ROWS + " trades per import; split the"
                    + " file (in time order)");
        }
    }

    /**
     * Checks every row and derives the trade ids of the valid ones in the journal {@code sessionId}; a row dated after
     * {@code now} is rejected: it cannot have happened yet.
     */
    public Checked check(String sessionId, Instant now) {
        List<RowRejection> rejected = new ArrayList<>();
        List<Row> valid = new ArrayList<>();
        Map<String, Integer> occurrences = new HashMap<>();
        for (RawRow raw : rows) {
            if (raw.problem() != null) {
                rejected.add(raw.problem());
                continue;
            }
            Object parsed = validate(raw, now);
            if (parsed instanceof RowRejection rejection) {
                rejected.add(rejection);
                continue;
            }
            Row v = (Row) parsed;
            String identity = v.externalId() != null ? "id\n" + v.externalId()
                    : String.join("\n", v.time().toString(), v.symbol(), v.side().name(), v.quantity().toPlainString(),
                            v.price().toPlainString(), v.fees().toPlainString());
            // Identical rows in one file are distinct fills (two partial fills alike): number them. An execution id
            // names one execution, so its rows share the number its first row always had, and repeats are duplicates.
            int occurrence = v.externalId() != null ? 1 : occurrences.merge(identity, 1, Integer::sum);
            String tradeId = TradeIds.imported(sessionId, identity + "\n#" + occurrence, v.time());
            valid.add(new Row(v.row(), v.time(), v.symbol(), v.side(), v.quantity(), v.price(), v.fees(),
                    v.externalId(), tradeId));
        }
        valid.sort(Comparator.comparing(Row::time).thenComparingInt(Row::row));
        return new Checked(valid, rejected);
    }

    private static Object validate(RawRow row, Instant now) {
        Map<String, String> v = row.values();
        int n = row.row();
        Instant time;
        try {
            String text = required(v, "time");
            // One parser for Z and offsets alike: seconds are optional in ISO-8601 either way.
            time = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return new RowRejection(n, "INVALID_TIME", "time must be an ISO-8601 instant such as"
                    + " 2022-01-04T15:00:00Z");
        }
        if (time.isBefore(Instant.EPOCH) || time.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
            return new RowRejection(n, "INVALID_TIME", "time must be in the years 1970 to 9999");
        }
        if (time.isAfter(now)) {
            return new RowRejection(n, "INVALID_TIME", "time is in the future (now is " + now + ")");
        }
        String symbol = v.get("symbol");
        if (!FieldRules.isSymbol(symbol)) {
            return new RowRejection(n, "INVALID_SYMBOL", "symbol " + FieldRules.SYMBOL_RULE);
        }
        Side side = FieldRules.constant(Side.class, v.get("side")).orElse(null);
        if (side == null) {
            return new RowRejection(n, "INVALID_SIDE", "side " + FieldRules.oneOf(Side.class));
        }
        BigDecimal quantity = decimal(v.get("quantity"), 8, false);
        if (quantity == null) {
            return new RowRejection(n, "INVALID_QUANTITY", "quantity must be a positive number below 10^12"
                    + " with at most 8 decimals");
        }
        BigDecimal price = decimal(v.get("price"), 12, false);
        if (price == null) {
            return new RowRejection(n, "INVALID_PRICE", "price must be a positive number below 10^12 with at"
                    + " most 12 decimals");
        }
        String feeText = v.get("fees");
        // Any decimal the field rule allows: fees are rounded half up to the cent below (docs/trading.md#trade-import).
        BigDecimal fees = feeText == null || feeText.isEmpty() ? BigDecimal.ZERO : decimal(feeText, 12, true);
        if (fees == null) {
            return new RowRejection(n, "INVALID_FEES", "fees must be zero or a positive number below 10^12"
                    + " with at most 12 decimals");
        }
        String externalId = v.get("id");
        if (externalId != null && externalId.isEmpty()) {
            externalId = null;
        }
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            return new RowRejection(n, "INVALID_ID", "id must be 1 to 64 printable characters");
        }
        return new Row(n, time, symbol, side, quantity, price, Money.cents(fees).setScale(2, RoundingMode.UNNECESSARY),
                externalId, null);
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static BigDecimal decimal(String text, int maxScale, boolean zeroAllowed) {
        BigDecimal value = FieldRules.decimal(text).orElse(null);
        if (value == null) {
            return null;
        }
        if (value.signum() < 0 || !zeroAllowed && value.signum() == 0 || value.compareTo(MAX_AMOUNT) >= 0) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > maxScale) {
            return null;
        }
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
