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
    REJECTED;

    /** Only an open order moves, and only to an end state. */
    public boolean canBecome(OrderStatus next) {
        return this == OPEN && next != OPEN;
    }

    /** An order in this state never changes again. */
    public boolean isTerminal() {
        return this != OPEN;
    }
}
