package dev.tradewind.trading.api;

import dev.tradewind.shared.events.DomainEvent;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.trading.domain.Order;
import dev.tradewind.trading.domain.OrderStatus;
import dev.tradewind.trading.service.OrderEvents;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code OrderFilled.v1} for an order that filled, {@code OrderEnded.v1} for one that ended without a fill
 * (cancelled, expired, rejected) (docs/realtime.md#events): {@code {"userId", "sessionId", "order"}}, the order exactly
 * as {@code GET /v1/sessions/{id}/orders/{orderId}} answers it. One event per order, in the order given.
 */
public final class OrderEventViews implements OrderEvents {

    public static final String SOURCE = "tradewind.trading-session";
    public static final String ORDER_FILLED = "OrderFilled.v1";
    public static final String ORDER_ENDED = "OrderEnded.v1";

    public record OrderEvent(String userId, String sessionId, Views.OrderView order) {
    }

    private final EventPublisher publisher;

    public OrderEventViews(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void ended(Supplier<List<Order>> orders) {
        publisher.afterCommit(() -> orders.get().stream().filter(order -> order.status().isTerminal())
                .map(OrderEventViews::event).toList());
    }

    static DomainEvent event(Order order) {
        return new DomainEvent(SOURCE, order.status() == OrderStatus.FILLED ? ORDER_FILLED : ORDER_ENDED,
                new OrderEvent(order.userId(), order.sessionId(), Views.OrderView.of(order)));
    }
}
