package dev.tradewind.market;

import dev.tradewind.local.lambda.LocalContext;
import java.time.Duration;
import java.util.UUID;

/** A Lambda context whose remaining time runs on a {@link FakeTicker}: the run's waits (Retry-After) use it up. */
final class TickerContext extends LocalContext {

    private final FakeTicker ticker;
    private final long endNanos;

    TickerContext(FakeTicker ticker, int remainingMillis) {
        super(UUID.randomUUID().toString(), "MarketIngestFunction", 1024, Duration.ofMinutes(2), System.out);
        this.ticker = ticker;
        this.endNanos = ticker.nanoTime() + Duration.ofMillis(remainingMillis).toNanos();
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Duration.ofNanos(endNanos - ticker.nanoTime()).toMillis();
    }
}
