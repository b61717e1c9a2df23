package dev.tradewind.behavior.analysis;

/** Which way a position or round trip faces. */
enum Direction {
    LONG,
    SHORT
}
