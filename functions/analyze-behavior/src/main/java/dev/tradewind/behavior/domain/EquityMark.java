package dev.tradewind.behavior.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The trader's account equity at a moment (a session's starting cash, a point of its equity curve, a broker
 * statement). Between points the engine rolls equity forward by realised P&L.
 */
public record EquityMark(Instant time, BigDecimal equity) {

    public EquityMark {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(equity, "equity");
        if (equity.signum() <= 0) {
            throw new IllegalArgumentException("equity must be positive");
        }
    }
}
