package dev.tradewind.market.domain.provider;

import java.time.Duration;

/** How long the current run may still spend before it must stop cleanly (the Lambda deadline minus a margin). */
@FunctionalInterface
public interface Deadline {

    Deadline NONE = () -> Duration.ofDays(1);

    Duration remaining();

    default boolean passed() {
        Duration remaining = remaining();
        return remaining.isNegative() || remaining.isZero();
    }

    /** True if waiting {@code wait} would run past the deadline. */
    default boolean wouldPass(Duration wait) {
        return wait.compareTo(remaining()) >= 0;
    }
}
