package dev.tradewind.shared.guardrails;

import java.time.Instant;
import java.util.Objects;

/**
 * A pause in trading that the behaviour analysis recommends (e.g. after revenge entries following a loss). A paper
 * session whose guardrail {@code cooldownOnTilt} is on refuses new orders until {@code until}.
 *
 * @param reason   a short sentence for the trader, e.g. "3 entries within 45 min after losses above 2%"
 * @param reportId the behaviour report that recommended it, or null
 */
public record Cooldown(String userId, Instant startedAt, Instant until, String reason, String reportId) {

    public Cooldown {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }
}
