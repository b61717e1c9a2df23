package dev.tradewind.trading.domain;

import dev.tradewind.shared.trading.Side;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A GTC order's entry in its session's book ({@code OPEN#<orderId>}): what evaluating it against new candles needs,
 * and how far it has been evaluated. It exists exactly while the order is OPEN: the transaction that fills, cancels or
 * rejects the order deletes it on the condition that it still exists.
 *
 * @param lastEvaluatedOpen the open time of the newest candle this order has been evaluated against; the next
 *                          evaluation starts with the candle after it, so no candle is skipped and none seen twice
 * @param triggeredAt       when a STOP_LIMIT's stop was hit (from then on it is a limit order), or null
 */
public record RestingOrder(String userId, String sessionId, String orderId, String symbol, Side side, OrderType type,
                           BigDecimal quantity, BigDecimal limitPrice, BigDecimal stopPrice,
                           Instant lastEvaluatedOpen, Instant triggeredAt, Instant createdAt) {

    public RestingOrder {
        quantity = Decimal.canonical(quantity);
        limitPrice = Decimal.canonical(limitPrice);
        stopPrice = Decimal.canonical(stopPrice);
    }

    public boolean triggered() {
        return triggeredAt != null;
    }

    public RestingOrder evaluatedThrough(Instant candleOpen, Instant triggered) {
        return new RestingOrder(userId, sessionId, orderId, symbol, side, type, quantity, limitPrice, stopPrice,
                candleOpen, triggered, createdAt);
    }
}
