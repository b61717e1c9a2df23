package dev.tradewind.behavior.domain;

/** Which way a fill traded. */
public enum Side {
    BUY,
    SELL
}
