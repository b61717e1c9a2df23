package dev.tradewind.predict.domain;

/** What a forecast suggests doing; see {@link dev.tradewind.predict.domain.SignalPolicy} for the thresholds. */
public enum Signal {
    BUY,
    SELL,
    HOLD
}
