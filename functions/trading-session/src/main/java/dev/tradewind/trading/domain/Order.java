package dev.tradewind.trading.domain;

import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.trading.TradeRecord;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order as placed and as it ended.
 *
 * @param referencePrice      the close of the latest closed candle at placement (what market orders fill from)
 * @param referenceCandleOpen the open time of that candle
 * @param statusReason        why it ended without filling (e.g. CANCELED_BY_USER, SESSION_STOPPED, IOC_NOT_FILLED,
 *                            INSUFFICIENT_CASH at fill time), or null
 */
public record Order(String userId, String sessionId, String orderId, String symbol, Side side, OrderType type,
                    BigDecimal quantity, BigDecimal limitPrice, BigDecimal stopPrice, TimeInForce timeInForce,
                    OrderStatus status, String statusReason, Instant createdAt, Instant updatedAt,
                    BigDecimal referencePrice, Instant referenceCandleOpen, Instant triggeredAt, Instant filledAt,
                    BigDecimal fillPrice, BigDecimal grossAmount, BigDecimal fees, BigDecimal realizedPnl,
                    String tradeId) {

    public Order {
        quantity = Decimal.canonical(quantity);
        limitPrice = Decimal.canonical(limitPrice);
        stopPrice = Decimal.canonical(stopPrice);
        referencePrice = Decimal.canonical(referencePrice);
        fillPrice = Decimal.canonical(fillPrice);
        grossAmount = Decimal.cents(grossAmount);
        fees = Decimal.cents(fees);
        realizedPnl = Decimal.cents(realizedPnl);
    }

    /** A new order at placement: open until a fill, a cancellation, an expiry or a rejection ends it. */
    public static Order open(String userId, String sessionId, String orderId, OrderSpec spec, Instant at,
                             BigDecimal referencePrice, Instant referenceCandleOpen, Instant triggeredAt) {
        return new Order(userId, sessionId, orderId, spec.symbol(), spec.side(), spec.type(), spec.quantity(),
                spec.limitPrice(), spec.stopPrice(), spec.timeInForce(), OrderStatus.OPEN, null, at, at,
                referencePrice, referenceCandleOpen, triggeredAt, null, null, null, null, null, null);
    }

    /** Filled by {@code trade} at {@code at}. */
    public Order filled(TradeRecord trade, Instant at) {
        requireCanBecome(OrderStatus.FILLED);
        return new Order(userId, sessionId, orderId, symbol, side, type, quantity, limitPrice, stopPrice, timeInForce,
                OrderStatus.FILLED, null, createdAt, at, referencePrice, referenceCandleOpen, triggeredAt, at,
                trade.price(), trade.grossAmount(), trade.fees(), trade.realizedPnl(), trade.tradeId());
    }

    /** Ended at {@code at} without a fill (canceled, expired or rejected), for {@code reason}. */
    public Order ended(OrderStatus end, StatusReason reason, Instant at) {
        if (end == OrderStatus.FILLED) {
            throw new IllegalArgumentException("a fill ends an order through filled(...)");
        }
        requireCanBecome(end);
        return new Order(userId, sessionId, orderId, symbol, side, type, quantity, limitPrice, stopPrice, timeInForce,
                end, reason.code(), createdAt, at, referencePrice, referenceCandleOpen, triggeredAt, null, null, null, null,
                null, null);
    }

    private void requireCanBecome(OrderStatus next) {
        if (!status.canBecome(next)) {
            throw new IllegalStateException("order " + orderId + " is " + status + " and cannot become " + next);
        }
    }
}
