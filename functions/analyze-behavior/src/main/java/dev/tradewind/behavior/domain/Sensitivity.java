package dev.tradewind.behavior.domain;

/**
 * How readily the engine reports a pattern. {@code LOW} reports only strong, well-evidenced patterns; {@code HIGH}
 * also reports weaker ones. Every threshold of every preset is in {@link Thresholds}; README.md ("Behaviour
 * analysis") gives the sources.
 */
public enum Sensitivity {
    LOW,
    MEDIUM,
    HIGH;

    public Thresholds thresholds() {
        return switch (this) {
            case LOW -> Thresholds.LOW;
            case MEDIUM -> Thresholds.MEDIUM;
            case HIGH -> Thresholds.HIGH;
        };
    }
}
