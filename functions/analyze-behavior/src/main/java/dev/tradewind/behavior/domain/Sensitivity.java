package dev.tradewind.behavior.domain;

import java.util.Locale;

/**
 * How readily the engine reports a pattern. {@code LOW} reports only strong, well-evidenced patterns; {@code HIGH}
 * also reports weaker ones. Every pattern's thresholds at every sensitivity are in {@link Thresholds};
 * docs/behaviour.md#sources gives the sources.
 */
public enum Sensitivity {
    LOW,
    MEDIUM,
    HIGH;

    /** How a request spells it: {@code low}, {@code medium}, {@code high}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
