package dev.tradewind.shared.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventPublisherTest {

    private static final DomainEvent EVENT = new DomainEvent("tradewind.test", "A.v1", Map.of("id", "1"));

    @Test
    void afterCommit_buildsThenPublishesTheEvents() {
        List<DomainEvent> published = new ArrayList<>();
        EventPublisher publisher = published::addAll;

        publisher.afterCommit(() -> List.of(EVENT));

        assertEquals(List.of(EVENT), published);
    }

    @Test
    void afterCommit_whenBuildingOrPublishingThrows_logsAndReturns() {
        EventPublisher failing = events -> {
            throw new IllegalStateException("broken publisher");
        };

        failing.afterCommit(() -> List.of(EVENT));
        failing.afterCommit(() -> {
            throw new IllegalStateException("the order could not be read back");
        });
    }

    @Test
    void none_neverBuildsTheEvents() {
        EventPublisher.none().afterCommit(() -> {
            throw new AssertionError("built although nothing is published");
        });
        EventPublisher.none().publish(List.of(EVENT));
    }
}
