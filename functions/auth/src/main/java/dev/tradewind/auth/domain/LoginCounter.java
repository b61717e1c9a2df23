package dev.tradewind.auth.domain;

import java.time.Instant;
import java.util.Set;

/**
 * Failed sign-in attempts for one account or one source address.
 *
 * @param key             the DynamoDB partition key ({@code LOGINFAIL#ACCOUNT#…} or {@code LOGINFAIL#IP#…})
 * @param lockedUntil     null when not locked
 * @param expiresAt       when the counter is forgotten (also the item's TTL); read as absent from then on
 * @param version         optimistic-locking version of the stored item, 0 for one not stored yet
 * @param countedAttempts the ids of the attempts it counts and has not taken back, so that a write sent again finds
 *                        its attempt's count already there (or already gone); a few more than the policy's
 *                        threshold at most ({@link LockoutPolicy#afterFailure})
 */
public record LoginCounter(String key, int failures, Instant lastFailureAt, Instant lockedUntil, Instant expiresAt,
                    long version, Set<String> countedAttempts) {

    public LoginCounter {
        countedAttempts = Set.copyOf(countedAttempts);
    }
}
