package dev.tradewind.behavior.domain;

/** The behaviours the engine looks for, in the order findings are reported. */
public enum Pattern {
    REVENGE_TRADING,
    TILT,
    MARTINGALE,
    OVERTRADING,
    OVERCONFIDENCE,
    DISPOSITION_EFFECT,
    FOMO,
    EMOTIONS
}
