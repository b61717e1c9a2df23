package dev.tradewind.trading.domain;

/** The ways an order ends unfilled that are not the ledger refusing it (those are {@link Rejection}s). */
public enum EndReason implements StatusReason {
    /** An immediate-or-cancel order that could not fill at placement. */
    IOC_NOT_FILLED,
    /** Its owner canceled it while it was open. */
    CANCELED_BY_USER,
    /** Its session was stopped while it was open. */
    SESSION_STOPPED;

    @Override
    public String code() {
        return name();
    }
}
