package dev.tradewind.market.domain.provider;

import java.time.Duration;

/**
 * Elapsed time and waiting, for rate limits and back-off. Rate limits are the venue's, in real time, so they are
 * measured on a monotonic clock rather than on the function's (possibly replayed) {@code Clock}. Tests substitute a
 * ticker whose sleeps are recorded and advance its time instantly.
 */
public interface Ticker {

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (duration.isPositive()) {
                Thread.sleep(duration);
            }
        }
    };

    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;
}
