package dev.tradewind.trading.service;

import dev.tradewind.trading.domain.Order;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the trading function reports once an order's transaction has committed: {@code OrderFilled} or
 * {@code OrderEnded} (docs/realtime.md#events). The events carry each order as the order routes serialise it, so they
 * are built in {@code api}; this is what the services hand over.
 */
@FunctionalInterface
public interface OrderEvents {

    /** Backtests and imports, which place no orders of a session, and the backtest worker: nothing is reported. */
    OrderEvents NONE = orders -> {
    };

    /**
     * Orders a committed transaction ended: filled, cancelled, expired or rejected. Read (when they must be read
     * back) only if there is somewhere to publish them. Never throws.
     */
    void ended(Supplier<List<Order>> orders);
}
