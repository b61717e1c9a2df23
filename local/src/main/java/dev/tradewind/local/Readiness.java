package dev.tradewind.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the runtime is ready to trade, and if not, what it still waits for: an item per check (each function's
 * health route, each schedule's catch-up run) with a short reason. Ready is reached once, when the catch-up is over
 * and nothing is pending, and then stays: the clock runs from then on.
 */
final class Readiness {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> pending = new LinkedHashMap<>();
    private boolean catchingUp = true;
    private boolean ready;

    synchronized void pending(String item, String reason) {
        if (!ready) {
            pending.put(item, reason);
        }
    }

    /** Marks {@code item} done; true when that made the runtime ready. */
    synchronized boolean done(String item) {
        pending.remove(item);
        return becameReady();
    }

    /** The catch-up is over (the clock runs now); true when that made the runtime ready. */
    synchronized boolean catchUpFinished() {
        catchingUp = false;
        return becameReady();
    }

    private boolean becameReady() {
        if (ready || catchingUp || !pending.isEmpty()) {
            return false;
        }
        ready = true;
        return true;
    }

    synchronized boolean isReady() {
        return ready;
    }

    synchronized boolean isCatchingUp() {
        return catchingUp;
    }

    synchronized Map<String, String> pending() {
        return Map.copyOf(pending);
    }

    /** {@code {"ready": false, "catchingUp": true, "pending": {"item": "reason"}}}. */
    synchronized ObjectNode toJson() {
        ObjectNode body = JSON.createObjectNode();
        body.put("ready", ready);
        body.put("catchingUp", catchingUp);
        ObjectNode items = body.putObject("pending");
        pending.forEach(items::put);
        return body;
    }
}
