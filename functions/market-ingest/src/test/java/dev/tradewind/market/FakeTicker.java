package dev.tradewind.market;

import dev.tradewind.market.domain.provider.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker whose sleeps return at once and move its time forward, recording each wait (rate limits, back-off). */
public final class FakeTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public synchronized void sleep(Duration duration) {
        if (duration.isPositive()) {
            sleeps.add(duration);
            nanos.addAndGet(duration.toNanos());
        }
    }

    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    public synchronized Duration longestSleep() {
        return sleeps.stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
