package dev.tradewind.realtime.service;

import java.util.Objects;

/** Sends one message to one WebSocket connection (the Management API's PostToConnection). Never throws. */
@FunctionalInterface
public interface Pusher {

    enum Outcome {
        DELIVERED,
        /** The connection is closed: its items are deleted. */
        GONE,
        /** Refused for the rate: worth another attempt after a pause. */
        THROTTLED,
        FAILED
    }

    /** @param reason why it was not delivered (an error code), null when it was */
    record Result(Outcome outcome, String reason) {

        public static final Result DELIVERED = new Result(Outcome.DELIVERED, null);

        public Result {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    Result push(String connectionId, String message);

    /**
     * Closes the connection (the Management API's DeleteConnection), as for a socket whose sign-in session ended.
     * Never throws: a connection already closed is what was wanted. A stand-in that sends nothing closes nothing.
     */
    default void disconnect(String connectionId) {
    }
}
