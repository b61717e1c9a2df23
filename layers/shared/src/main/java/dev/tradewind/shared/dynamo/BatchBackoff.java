package dev.tradewind.shared.dynamo;

import dev.tradewind.shared.concurrent.Jitter;

/**
 * The wait before re-sending a batch's unprocessed items: exponential backoff with full jitter, as DynamoDB's
 * guidance asks, so that callers refused together do not retry together.
 */
public final class BatchBackoff {

    /** BatchWriteItem takes at most 25 items per call. */
    public static final int WRITE_BATCH_SIZE = 25;
    /** Attempts per batch before its unprocessed items are reported as a failure. */
    public static final int MAX_ATTEMPTS = 8;
    private static final long BASE_MILLIS = 25;

    private BatchBackoff() {
    }

    /** Sleeps before attempt {@code attempt} (2 for the first retry): a random time up to 25 ms × 2^(attempt-2). */
    public static void beforeAttempt(int attempt) {
        long cap = BASE_MILLIS << Math.min(Math.max(attempt - 2, 0), 8);
        try {
            Thread.sleep(Jitter.millisUpTo(cap));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a batch", e);
        }
    }
}
