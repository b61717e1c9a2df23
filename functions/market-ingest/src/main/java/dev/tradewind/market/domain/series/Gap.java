package dev.tradewind.market.domain.series;

import java.time.Instant;

/**
 * Bars the calendar says should exist but the venue did not deliver: open times in [{@code from}, {@code to}), and
 * how many runs have already tried to fetch them again.
 */
public record Gap(Instant from, Instant to, int attempts) {

    public Gap retried() {
        return new Gap(from, to, attempts + 1);
    }
}
