package dev.tradewind.market;

import dev.tradewind.local.lambda.LocalContext;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** A Lambda context with ample time until {@code expired} holds (asked each read), then {@code remainingAfter} ms. */
final class ExpiringContext extends LocalContext {

    private final BooleanSupplier expired;
    private final int remainingAfter;

    ExpiringContext(BooleanSupplier expired, int remainingAfter) {
        super(UUID.randomUUID().toString(), "MarketIngestFunction", 1024, Duration.ofMinutes(2), System.out);
        this.expired = expired;
        this.remainingAfter = remainingAfter;
    }

    @Override
    public synchronized int getRemainingTimeInMillis() {
        return expired.getAsBoolean() ? remainingAfter : 120_000;
    }
}
