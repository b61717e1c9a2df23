package dev.tradewind.behavior.domain;

/** Which way a position or round trip faces. */
public enum Direction {
    LONG,
    SHORT
}
