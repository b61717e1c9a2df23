package dev.tradewind.trading.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.trading.Side;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated order request. Structural problems (a missing or unknown side, type or time in force, a price the
 * order type does not take) are 400s; a quantity or price that is not a positive number is the order model's 422.
 */
public record OrderSpec(String symbol, Side side, BigDecimal quantity, OrderType type, BigDecimal limitPrice,
                        BigDecimal stopPrice, TimeInForce timeInForce) {

    static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.\\-]{0,19}");
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    private static final int MAX_SCALE = 8;

    /** Quantity and prices come as raw JSON values (a number or a numeric string). */
    public static OrderSpec parse(String rawSymbol, String rawSide, JsonNode rawQuantity, String rawType,
                                  JsonNode rawLimitPrice, JsonNode rawStopPrice, String rawTimeInForce) {
        Validation validation = new Validation();
        validation.required(rawSymbol, "symbol");
        Side side = parseEnum(Side.class, rawSide, "side", null, validation);
        OrderType type = parseEnum(OrderType.class, rawType, "type", OrderType.MARKET, validation);
        TimeInForce tif = parseEnum(TimeInForce.class, rawTimeInForce, "timeInForce", TimeInForce.GTC, validation);
        if (isMissing(rawQuantity)) {
            validation.add("quantity", "is required");
        }
        if (type != null) {
            priceField(type.needsLimitPrice(), rawLimitPrice, "limitPrice", type, validation);
            priceField(type.needsStopPrice(), rawStopPrice, "stopPrice", type, validation);
        }
        validation.throwIfInvalid();

        String symbol = rawSymbol.trim().toUpperCase(Locale.ROOT);
        BigDecimal quantity = number(rawQuantity, "INVALID_QUANTITY", "quantity");
        BigDecimal limit = type.needsLimitPrice() ? number(rawLimitPrice, "INVALID_PRICE", "limitPrice") : null;
        BigDecimal stop = type.needsStopPrice() ? number(rawStopPrice, "INVALID_PRICE", "stopPrice") : null;
        if (!SYMBOL.matcher(symbol).matches()) {
            throw new UnprocessableException("UNKNOWN_SYMBOL", "No instrument " + clip(rawSymbol));
        }
        // A market order fills at once or not at all, whatever time in force was asked for.
        return new OrderSpec(symbol, side, quantity, type, limit, stop, type == OrderType.MARKET ? TimeInForce.IOC : tif);
    }

    /** SHA-256 of the canonical request: what "the same body" means for an Idempotency-Key. */
    public String fingerprint() {
        return TradeIds.sha256Hex(String.join("|", symbol, side.name(), quantity.toPlainString(), type.name(),
                limitPrice == null ? "" : limitPrice.toPlainString(), stopPrice == null ? "" : stopPrice.toPlainString(),
                timeInForce.name()));
    }

    private static boolean isMissing(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static void priceField(boolean needed, JsonNode value, String field, OrderType type,
                                   Validation validation) {
        if (needed && isMissing(value)) {
            validation.add(field, "is required for " + type + " orders");
        } else if (!needed && !isMissing(value)) {
            validation.add(field, "does not apply to " + type + " orders");
        }
    }

    /** A JSON number or numeric string, positive, at most 8 decimals and below 10^12; else a 422 with {@code code}. */
    private static BigDecimal number(JsonNode node, String code, String field) {
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual() && node.asText().trim().matches("[0-9]{1,13}(\\.[0-9]{1,20})?")) {
            value = new BigDecimal(node.asText().trim());
        } else {
            throw new UnprocessableException(code, field + " must be a positive number");
        }
        if (value.signum() <= 0) {
            throw new UnprocessableException(code, field + " must be greater than zero");
        }
        if (value.compareTo(MAX_AMOUNT) >= 0) {
            throw new UnprocessableException(code, field + " must be below 1000000000000");
        }
        BigDecimal canonical = value.stripTrailingZeros();
        if (canonical.scale() > MAX_SCALE) {
            throw new UnprocessableException(code, field + " has more than " + MAX_SCALE + " decimal places");
        }
        return canonical.scale() < 0 ? canonical.setScale(0) : canonical;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String raw, String field, E defaultValue,
                                                   Validation validation) {
        if (raw == null || raw.isBlank()) {
            if (defaultValue == null) {
                validation.add(field, "is required");
            }
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E value : type.getEnumConstants()) {
                allowed.append(allowed.isEmpty() ? "" : ", ").append(value.name());
            }
            validation.add(field, "must be one of " + allowed);
            return defaultValue;
        }
    }

    /** A client string cut to a length that is safe to repeat in a message. */
    public static String clip(String text) {
        String trimmed = text.strip();
        return trimmed.length() > 24 ? trimmed.substring(0, 24) + "…" : trimmed;
    }
}
