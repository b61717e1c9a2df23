package dev.tradewind.market;

import dev.tradewind.local.lambda.LocalContext;
import java.time.Duration;
import java.util.UUID;

/** A Lambda context with plenty of time for its first {@code calls} reads, then {@code remainingAfter} ms. */
final class ExpiringContext extends LocalContext {

    private final int calls;
    private final int remainingAfter;
    private int reads;

    ExpiringContext(int calls, int remainingAfter) {
        super(UUID.randomUUID().toString(), "MarketIngestFunction", 1024, Duration.ofMinutes(2), System.out);
        this.calls = calls;
        this.remainingAfter = remainingAfter;
    }

    @Override
    public synchronized int getRemainingTimeInMillis() {
        return ++reads <= calls ? 120_000 : remainingAfter;
    }
}
