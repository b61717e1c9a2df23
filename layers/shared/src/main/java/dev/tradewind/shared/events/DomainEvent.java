package dev.tradewind.shared.events;

import java.util.Objects;

/**
 * One domain event (docs/realtime.md#events): what a function reports after a write committed.
 *
 * @param source     {@code tradewind.<module>}
 * @param detailType the versioned name, {@code <Name>.v<major>}
 * @param detail     what the event says, serialised with the functions' one JSON mapper, so it reads exactly as
 *                   the HTTP routes answer the same objects
 */
public record DomainEvent(String source, String detailType, Object detail) {

    public DomainEvent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(detail, "detail");
    }
}
