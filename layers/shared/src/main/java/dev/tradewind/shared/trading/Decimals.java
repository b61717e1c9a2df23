package dev.tradewind.shared.trading;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How amounts read back from DynamoDB (which drops trailing zeros) are given their scale again. */
final class Decimals {

    private Decimals() {
    }

    /** Money in the session currency: exactly two decimals (an amount with more is a bug, and fails loudly). */
    static BigDecimal cents(BigDecimal value) {
        return value == null ? null : value.setScale(2, RoundingMode.UNNECESSARY);
    }

    /** Quantities and prices: trailing zeros carry no information ("0.50" is "0.5"). */
    static BigDecimal canonical(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
