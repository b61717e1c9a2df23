package dev.tradewind.behavior.analysis;

/** Which way a fill traded. */
public enum Side {
    BUY,
    SELL
}
