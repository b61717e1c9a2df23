package dev.tradewind.predict.domain;

/** What a forecast suggests doing; see {@link SignalPolicy} for the thresholds. */
public enum Signal {
    BUY,
    SELL,
    HOLD
}
