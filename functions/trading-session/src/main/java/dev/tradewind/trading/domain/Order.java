package dev.tradewind.trading.domain;

import dev.tradewind.shared.trading.Side;
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
}
