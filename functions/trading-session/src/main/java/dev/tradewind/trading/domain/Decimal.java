package dev.tradewind.trading.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Scales for values read back from DynamoDB, which drops trailing zeros. */
public final class Decimal {

    private Decimal() {
    }

    /** Money: exactly two decimals. A value with more is a bug and fails loudly. */
    public static BigDecimal cents(BigDecimal value) {
        return value == null ? null : value.setScale(2, RoundingMode.UNNECESSARY);
    }

    /** Quantities and prices: no trailing zeros. */
    public static BigDecimal canonical(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
