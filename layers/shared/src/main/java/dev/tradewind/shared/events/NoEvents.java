package dev.tradewind.shared.events;

import java.util.List;
import java.util.function.Supplier;

/** {@link EventPublisher#none()}: publishes nothing and builds nothing. */
enum NoEvents implements EventPublisher {
    INSTANCE;

    @Override
    public void publish(List<DomainEvent> events) {
    }

    @Override
    public void afterCommit(Supplier<List<DomainEvent>> events) {
    }
}
