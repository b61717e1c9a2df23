package dev.tradewind.trading.domain;

/**
 * OPEN (resting) → FILLED | CANCELED | REJECTED; an IOC order that cannot fill at placement is EXPIRED. Every
 * transition out of OPEN is a conditional write on OPEN, so an order ends exactly once.
 */
public enum OrderStatus {
    OPEN,
    FILLED,
    CANCELED,
    EXPIRED,
    REJECTED
}
