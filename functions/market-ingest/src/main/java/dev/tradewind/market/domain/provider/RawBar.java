package dev.tradewind.market.domain.provider;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A bar as a venue published it, before validation. A price or volume that is missing, {@code NaN}, infinite or not a
 * number at all is {@code null} here, so the validator can reject and count the bar instead of a parser failing the
 * whole answer.
 */
public record RawBar(Instant openTime, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
                     BigDecimal volume) {

    /** Parses a decimal the way venues write them (a JSON string or number); anything else is {@code null}. */
    public static BigDecimal decimal(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
