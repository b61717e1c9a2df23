package dev.tradewind.predict.api;

import dev.tradewind.shared.id.Ulid;
import java.time.Clock;

/**
 * An identifier for this execution environment, shown on the health route and in logs so instances can be told
 * apart. Made on first use and made anew after a SnapStart restore: every instance restored from one snapshot
 * would otherwise carry the same one.
 */
public final class InstanceId {

    private static volatile String current;

    private InstanceId() {
    }

    public static String get() {
        String id = current;
        if (id == null) {
            synchronized (InstanceId.class) {
                if (current == null) {
                    current = new Ulid(Clock.systemUTC()).newId();
                }
                id = current;
            }
        }
        return id;
    }

    /** Forgets the identifier; the next {@link #get()} makes a new one. Called after a restore. */
    public static synchronized void reset() {
        current = null;
    }
}
