package dev.tradewind.trading.domain;

import java.time.Instant;

/**
 * What the first request with a given Idempotency-Key created, stored in the same transaction, so a retry answers it
 * again and changes nothing.
 *
 * @param sessionId   the session the key is scoped to; null for a key scoped to the user (creating a session or a
 *                    backtest)
 * @param keyHash     SHA-256 of the key (keys are client strings; the hash bounds their length and alphabet)
 * @param requestHash SHA-256 of the canonical request; another body under the same key is refused
 * @param answer      what a retry needs to answer as the first request did: a placed order as it was placed, or
 *                    the id of a created session or journal entry (whose answer follows from the same request), or
 *                    of a backtest with whether it went to the worker (its answer is the stored backtest)
 * @param expiresAt   epoch seconds (DynamoDB TTL); an expired record no longer counts even before TTL removes it
 */
public record IdempotencyRecord<A>(String userId, String sessionId, String keyHash, String requestHash, A answer,
                                   Instant createdAt, long expiresAt) {

    public boolean expiredAt(Instant now) {
        return expiresAt <= now.getEpochSecond();
    }
}
