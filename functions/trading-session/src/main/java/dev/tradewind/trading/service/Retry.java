package dev.tradewind.trading.service;

import dev.tradewind.shared.concurrent.Jitter;
import dev.tradewind.shared.error.ConflictException;
import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.trading.store.WriteConflict;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Optimistic concurrency: run, and when a concurrent request won the race ({@link WriteConflict}), wait a little
 * (exponential backoff with full jitter) and run again from a fresh read. Gives up with a 409 the client may retry.
 */
final class Retry {

    static final int MAX_ATTEMPTS = 40;
    private static final long BASE_MILLIS = 4;
    private static final long CAP_MILLIS = 250;

    private Retry() {
    }

    static <T> T onConflict(Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (WriteConflict conflict) {
                if (n >= MAX_ATTEMPTS) {
                    throw new ConflictException("CONCURRENT_UPDATE",
                            "The session changed concurrently too many times; retry the request");
                }
                pause(n);
            }
        }
    }

    static void pause(int attempt) {
        long cap = Math.min(CAP_MILLIS, BASE_MILLIS << Math.min(attempt, 10));
        try {
            Thread.sleep(Duration.ofMillis(Jitter.millisUpTo(cap)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("INTERRUPTED", "The request was interrupted");
        }
    }
}
