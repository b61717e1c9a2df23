package dev.tradewind.behavior.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.behavior.domain.Fill;
import dev.tradewind.behavior.domain.TradeHistory;
import dev.tradewind.shared.error.FieldError;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.validation.FieldRules;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates fills sent inline ({@code POST /v1/behavior/analyze {"trades": [...]}}) strictly: every problem of every
 * row is a 400 naming the field ({@code trades[3].price}), up to {@link #MAX_ERRORS} of them, and nothing is analysed
 * unless every row is valid. The fields and limits follow the trade import (docs/trading.md#trade-import).
 */
final class InlineTrades {

    static final int MAX_TRADES = TradeHistory.MAX_FILLS;
    static final int MAX_ERRORS = 20;
    static final Set<String> FIELDS = Set.of("id", "time", "symbol", "side", "quantity", "price", "fees",
            "realizedPnl");
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7E]{1,64}");
    /** Every decimal a request carries is below 10^12 (docs/api.md#field-rules). */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    private InlineTrades() {
    }

    /**
     * @param now trades may not be later than this (the function's clock: the replay clock when run locally)
     */
    static List<Fill> parse(List<JsonNode> rows, Instant now) {
        if (rows.isEmpty()) {
            throw InvalidInputException.field("trades", "must hold at least one trade");
        }
        if (rows.size() > MAX_TRADES) {
            throw new InvalidInputException("TOO_MANY_TRADES", "At most " + MAX_TRADES + " trades can be analysed"
                    + " inline; got " + rows.size());
        }
        Errors errors = new Errors();
        List<Fill> fills = new ArrayList<>(rows.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rows.size() && !errors.full(); i++) {
            String at = "trades[" + i + "]";
            JsonNode row = rows.get(i);
            if (row == null || !row.isObject()) {
                errors.add(at, "must be an object");
                continue;
            }
            int before = errors.size();
            for (var names = row.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    errors.add(at + "." + name, "is not a recognised field");
                }
            }
            String id = text(row, "id", at, errors, false);
            boolean validId = id == null || ID.matcher(id).matches();
            if (!validId) {
                errors.add(at + ".id", "must be 1 to 64 printable ASCII characters without spaces");
            }
            id = id == null ? Integer.toString(i + 1) : id;
            // An id refused above is not repeated back: it may be megabytes long.
            if (!ids.add(id) && validId) {
                errors.add(at + ".id", "repeats the id '" + id + "'" + (row.has("id") ? ""
                        : " (a trade without an id is named after its position, from 1)"));
            }
            Instant time = time(row, at, now, errors);
            String symbol = text(row, "symbol", at, errors, true);
            if (symbol != null && !FieldRules.isSymbol(symbol)) {
                errors.add(at + ".symbol", FieldRules.SYMBOL_RULE);
            }
            Side side = side(row, at, errors);
            BigDecimal quantity = number(row, "quantity", at, errors, true, 8, true);
            BigDecimal price = number(row, "price", at, errors, true, 12, true);
            // As the trade import takes them (docs/trading.md#trade-import): a broker's fee may have 12 decimals.
            BigDecimal fees = number(row, "fees", at, errors, false, 12, false);
            if (fees != null && fees.signum() < 0) {
                errors.add(at + ".fees", "must not be negative");
            }
            BigDecimal realized = number(row, "realizedPnl", at, errors, false, 8, false);
            if (errors.size() == before) {
                fills.add(new Fill(id, time, symbol, side, quantity, price, fees, realized));
            }
        }
        errors.throwIfAny();
        return fills;
    }

    private static String text(JsonNode row, String name, String at, Errors errors, boolean required) {
        JsonNode value = row.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(at + "." + name, "is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            errors.add(at + "." + name, "must be a non-empty string");
            return null;
        }
        return value.asText();
    }

    private static Instant time(JsonNode row, String at, Instant now, Errors errors) {
        String raw = text(row, "time", at, errors, true);
        if (raw == null) {
            return null;
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(at + ".time", "must be an ISO-8601 time with Z or an offset, e.g. 2022-01-04T15:30:00Z");
            return null;
        }
        if (time.isBefore(Instant.EPOCH)) {
            errors.add(at + ".time", "must not be before 1970");
        } else if (time.isAfter(now)) {
            errors.add(at + ".time", "is in the future (now is " + now + ")");
        }
        return time;
    }

    private static Side side(JsonNode row, String at, Errors errors) {
        String raw = text(row, "side", at, errors, true);
        if (raw == null) {
            return null;
        }
        Side side = FieldRules.constant(Side.class, raw).orElse(null);
        if (side == null) {
            errors.add(at + ".side", FieldRules.oneOf(Side.class));
        }
        return side;
    }

    /** A decimal (docs/api.md#field-rules), at most {@code scale} decimals and below 10¹² in magnitude. */
    private static BigDecimal number(JsonNode row, String name, String at, Errors errors, boolean required, int scale,
                                     boolean positive) {
        JsonNode value = row.get(name);
        String field = at + "." + name;
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(field, "is required");
            }
            return null;
        }
        BigDecimal number = FieldRules.decimal(value).orElse(null);
        if (number == null) {
            errors.add(field, FieldRules.DECIMAL_RULE);
            return null;
        }
        number = number.stripTrailingZeros();
        if (positive && number.signum() <= 0) {
            errors.add(field, "must be positive");
            return null;
        }
        if (number.scale() > scale) {
            errors.add(field, "has more than " + scale + " decimals");
            return null;
        }
        if (number.abs().compareTo(MAX_AMOUNT) >= 0) {
            // A bound on the magnitude: a loss (realizedPnl) beyond it is below 10^12, and told the bound it broke.
            errors.add(field, number.signum() < 0 ? "must be above -10^12" : "must be below 10^12");
            return null;
        }
        return number.scale() < 0 ? number.setScale(0) : number;
    }

    /** Field errors, up to a bound: a body of 10,000 bad rows answers with the first few, not a 2 MB list. */
    private static final class Errors {
        private final List<FieldError> list = new ArrayList<>();
        private int dropped;

        void add(String field, String message) {
            if (list.size() < MAX_ERRORS) {
                list.add(new FieldError(field, message));
            } else {
                dropped++;
            }
        }

        int size() {
            return list.size() + dropped;
        }

        boolean full() {
            return list.size() >= MAX_ERRORS;
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                throw InvalidInputException.fields(list);
            }
        }
    }
}
