package dev.tradewind.shared.error;

/** Questions about a failure's chain of causes. */
public final class Causes {

    private Causes() {
    }

    /** Whether {@code failure} is, or was caused by, a {@code type}. */
    public static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
