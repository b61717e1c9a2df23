package dev.tradewind.behavior.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An opening fill, or the opening part of a fill that flips a position: a decision to put (more) money at risk.
 *
 * @param adding true when it adds to a position already open in that direction
 */
public record Entry(String fillId, int seq, Instant time, String symbol, Direction direction, BigDecimal quantity,
                    BigDecimal price, BigDecimal notional, boolean adding) {
}
