package dev.tradewind.trading.store;

import java.util.List;

/**
 * A transaction was refused because something it was conditioned on changed (another request won a race), or
 * DynamoDB cancelled it for a conflicting concurrent transaction, or a read of a session found it changed while it
 * was read. Nothing was written; reload and try again.
 */
public final class WriteConflict extends RuntimeException {

    private final List<String> failed;

    WriteConflict(List<String> failed) {
        super("transaction cancelled: " + failed, null, false, false);
        this.failed = List.copyOf(failed);
    }

    /** The labels of the writes whose conditions failed (empty when DynamoDB gave no reasons). */
    public List<String> failed() {
        return failed;
    }

    public boolean failedOn(String label) {
        return failed.contains(label);
    }
}
