package dev.tradewind.trading.domain;

import java.time.Instant;

/**
 * The order as the first placement with a given Idempotency-Key placed it, stored in the same transaction, so a retry
 * answers it again and changes nothing.
 *
 * @param keyHash     SHA-256 of the key (keys are client strings; the hash bounds their length and alphabet)
 * @param requestHash SHA-256 of the canonical request; another body under the same key is refused
 * @param expiresAt   epoch seconds (DynamoDB TTL); an expired record no longer counts even before TTL removes it
 */
public record IdempotencyRecord(String userId, String sessionId, String keyHash, String requestHash, Order order,
                                Instant createdAt, long expiresAt) {

    public boolean expiredAt(Instant now) {
        return expiresAt <= now.getEpochSecond();
    }
}
