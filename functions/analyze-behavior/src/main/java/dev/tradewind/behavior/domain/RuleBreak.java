package dev.tradewind.behavior.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A broken risk rule: recorded by the source (an order refused for a risk limit, a journal admission) or derived by
 * the engine from {@link RiskLimits}.
 *
 * @param rule    e.g. {@code MAX_POSITION_PCT}, {@code MAX_DAILY_LOSS_PCT}, {@code MAX_ORDERS_PER_HOUR}
 * @param tradeId the fill that broke it, or {@code null}
 */
public record RuleBreak(Instant time, String rule, String tradeId, String detail) {

    public RuleBreak {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(rule, "rule");
    }
}
