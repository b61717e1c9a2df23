package dev.tradewind.trading.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.validation.FieldRules;
import java.math.BigDecimal;

/**
 * A validated order request. Structural problems (a missing or malformed symbol, a side, type or time in force that is
 * not exactly one of its values, a price the order type does not take) are 400s; a quantity or price that is not a
 * positive decimal (docs/api.md#field-rules) is the order model's 422.
 */
public record OrderSpec(String symbol, Side side, BigDecimal quantity, OrderType type, BigDecimal limitPrice,
                        BigDecimal stopPrice, TimeInForce timeInForce) {

    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    private static final int MAX_SCALE = 8;

    /** Quantity and prices come as raw JSON values (a number or a numeric string). */
    public static OrderSpec parse(String rawSymbol, String rawSide, JsonNode rawQuantity, String rawType,
                                  JsonNode rawLimitPrice, JsonNode rawStopPrice, String rawTimeInForce) {
        Validation validation = new Validation();
        if (rawSymbol == null) {
            validation.add("symbol", "is required");
        } else if (!FieldRules.isSymbol(rawSymbol)) {
            validation.add("symbol", FieldRules.SYMBOL_RULE);
        }
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

        BigDecimal quantity = number(rawQuantity, "INVALID_QUANTITY", "quantity");
        BigDecimal limit = type.needsLimitPrice() ? number(rawLimitPrice, "INVALID_PRICE", "limitPrice") : null;
        BigDecimal stop = type.needsStopPrice() ? number(rawStopPrice, "INVALID_PRICE", "stopPrice") : null;
        // A market order fills at once or not at all, whatever time in force was asked for.
        return new OrderSpec(rawSymbol, side, quantity, type, limit, stop, type == OrderType.MARKET ? TimeInForce.IOC : tif);
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

    /** A decimal (JSON number or string), positive, at most 8 decimals and below 10^12; else a 422 with {@code code}. */
    private static BigDecimal number(JsonNode node, String code, String field) {
        BigDecimal value = FieldRules.decimal(node).orElseThrow(() -> new UnprocessableException(code,
                field + " must be a positive number such as 0.25 (no spaces, no exponent)"));
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
        if (raw == null) {
            if (defaultValue == null) {
                validation.add(field, "is required");
            }
            return defaultValue;
        }
        return FieldRules.constant(type, raw).orElseGet(() -> {
            validation.add(field, FieldRules.oneOf(type));
            return defaultValue;
        });
    }

    /**
     * A client string cut to a length that is safe to repeat in a message, and long enough for an id the client
     * quotes back (26 characters) to be named whole. Not trimmed: "T1 " named as "T1" would name another value.
     */
    public static String clip(String text) {
        return text.length() > 32 ? text.substring(0, 32) + "…" : text;
    }
}
