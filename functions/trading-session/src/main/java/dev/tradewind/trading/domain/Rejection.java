package dev.tradewind.trading.domain;

/**
 * Why the ledger refuses a fill. The name is what is stored as a rejected order's status reason and answered as the
 * refused placement's code; the message is what that answer says.
 */
public enum Rejection implements StatusReason {
    INSUFFICIENT_CASH("Not enough cash for this order"),
    INSUFFICIENT_POSITION("Cannot sell more than the position holds (no short selling)");

    private final String message;

    Rejection(String message) {
        this.message = message;
    }

    /** The stored and answered code. */
    @Override
    public String code() {
        return name();
    }

    public String message() {
        return message;
    }
}
