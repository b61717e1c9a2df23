package dev.tradewind.trading.domain;

/** GTC rests until it fills, is cancelled or the session stops; IOC fills at placement or expires. */
public enum TimeInForce {
    GTC,
    IOC
}
