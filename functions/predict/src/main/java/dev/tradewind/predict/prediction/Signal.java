package dev.tradewind.predict.prediction;

/** What a forecast suggests doing; see {@link dev.tradewind.predict.forecast.SignalPolicy} for the thresholds. */
public enum Signal {
    BUY,
    SELL,
    HOLD
}
