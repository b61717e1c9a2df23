package dev.tradewind.behavior.domain;

/** How strong a detected pattern is, from its score: below 0.6 low, below 0.8 medium, else high. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH;

    public static Severity of(double score) {
        return score < 0.6 ? LOW : score < 0.8 ? MEDIUM : HIGH;
    }
}
