package dev.tradewind.shared.trading;

/** Which way a fill went. v1 has no short selling: a SELL only ever reduces a long position. */
public enum Side {
    BUY,
    SELL
}
