package dev.tradewind.model.features;

/** Fewer candles than the features look back over; {@link #missing()} says how many more are needed. */
public final class InsufficientHistoryException extends RuntimeException {

    private final int required;
    private final int available;

    public InsufficientHistoryException(int required, int available) {
        super("the features need " + required + " candles, " + available + " given (" + (required - available)
                + " missing)");
        this.required = required;
        this.available = available;
    }

    public int required() {
        return required;
    }

    public int available() {
        return available;
    }

    public int missing() {
        return required - available;
    }
}
