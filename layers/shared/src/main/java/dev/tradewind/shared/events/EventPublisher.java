package dev.tradewind.shared.events;

import java.util.List;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Where a function's domain events go (docs/realtime.md#events). Events are published only after the write they
 * report has committed, and publishing never fails the caller's request: what cannot be published is logged and
 * counted.
 */
public interface EventPublisher {

    /** Publishes the events, in order; never throws. */
    void publish(List<DomainEvent> events);

    /**
     * Builds the events of a write that has committed, then publishes them. Whatever fails while building them
     * (reading back what was written, mapping it to its view) is logged, never thrown: the write stands and the
     * request that made it succeeds. A publisher that publishes nothing never builds them.
     */
    default void afterCommit(Supplier<List<DomainEvent>> events) {
        try {
            publish(events.get());
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(EventPublisher.class).error("Events not published: building or handing them"
                    + " over failed", e);
        }
    }

    /** A publisher that publishes nothing: the function has no event bus ({@code EVENT_BUS_NAME} unset), or tests. */
    static EventPublisher none() {
        return NoEvents.INSTANCE;
    }
}
