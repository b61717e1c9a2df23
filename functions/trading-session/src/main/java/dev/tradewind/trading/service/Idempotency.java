package dev.tradewind.trading.service;

import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.json.Json;
import dev.tradewind.trading.domain.IdempotencyRecord;
import dev.tradewind.trading.domain.TradeIds;
import dev.tradewind.trading.store.WriteConflict;
import dev.tradewind.trading.store.Writes;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Idempotency-Key rules every route that creates something follows (docs/trading.md#idempotency): the same key
 * with the same request answers what the first request answered and changes nothing; the same key with another
 * request is refused; a key is remembered for {@code IDEMPOTENCY_TTL}.
 */
public final class Idempotency {

    /**
     * An answer to a request that carried an Idempotency-Key.
     *
     * @param replayed whether an earlier request with the same key created it
     */
    public record Answer<T>(T value, boolean replayed) {
    }

    private final Duration ttl;

    Idempotency(Duration ttl) {
        this.ttl = ttl;
    }

    static String keyHash(String key) {
        return TradeIds.sha256Hex(key);
    }

    /** SHA-256 of the canonical values of a request: what "the same request" means for a key. */
    static String requestHash(Object... canonicalValues) {
        // JSON, so that a separator inside a free-text value cannot make two requests look alike.
        return TradeIds.sha256Hex(Json.write(Arrays.asList(canonicalValues)));
    }

    <A> IdempotencyRecord<A> record(String userId, String sessionId, String keyHash, String requestHash, A answer,
                                    Instant now) {
        return new IdempotencyRecord<>(userId, sessionId, keyHash, requestHash, answer, now,
                now.plus(ttl).getEpochSecond());
    }

    /**
     * Creates once per key: answers what a live record for the key says, else runs {@code create}, whose transaction
     * writes the record (conditional on there being none). Checked on every attempt: after losing a race to a
     * request with the same key, this answers what that one answered.
     *
     * @param replay the earlier answer for the key, if any ({@link #replay})
     */
    static <T> Answer<T> once(Supplier<Optional<T>> replay, Supplier<T> create) {
        return Retry.onConflict(() -> {
            Optional<T> earlier = replay.get();
            if (earlier.isPresent()) {
                return new Answer<>(earlier.get(), true);
            }
            try {
                return new Answer<>(create.get(), false);
            } catch (WriteConflict conflict) {
                if (conflict.failedOn(Writes.IDEMPOTENCY)) {
                    return new Answer<>(replay.get().orElseThrow(() -> conflict), true);
                }
                throw conflict;
            }
        });
    }

    /**
     * The record, if it is live and was made for this request; a 422 if it was made for another request.
     *
     * @param what the thing the route creates, for the message ("order")
     */
    static <A> Optional<IdempotencyRecord<A>> replay(Optional<IdempotencyRecord<A>> stored, String requestHash,
                                                     Instant now, String what) {
        if (stored.isEmpty() || stored.get().expiredAt(now)) {
            return Optional.empty();
        }
        if (!stored.get().requestHash().equals(requestHash)) {
            throw new UnprocessableException("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used for a different "
                    + what + "; use a new key for a new " + what);
        }
        return stored;
    }
}
