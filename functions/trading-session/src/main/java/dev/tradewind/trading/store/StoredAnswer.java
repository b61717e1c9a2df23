package dev.tradewind.trading.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.trading.domain.Order;
import dev.tradewind.trading.domain.OrderStatus;
import dev.tradewind.trading.domain.OrderType;
import dev.tradewind.trading.domain.TimeInForce;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The order an idempotency item remembers, as the JSON the item has always held in {@code responseBody} (the shape
 * of the placement's answer), so items stored before and after read alike. The user is the item's owner.
 */
record StoredAnswer(String id, String sessionId, String symbol, String side, String type, BigDecimal quantity,
                    BigDecimal limitPrice, BigDecimal stopPrice, String timeInForce, String status,
                    String statusReason, Instant createdAt, Instant updatedAt, BigDecimal referencePrice,
                    Instant referenceCandleTime, Instant triggeredAt, Instant filledAt, BigDecimal fillPrice,
                    BigDecimal grossAmount, BigDecimal fees, BigDecimal realizedPnl, String tradeId) {

    static String write(Order o) {
        return Json.write(new StoredAnswer(o.orderId(), o.sessionId(), o.symbol(), o.side().name(), o.type().name(),
                o.quantity(), o.limitPrice(), o.stopPrice(), o.timeInForce().name(), o.status().name(),
                o.statusReason(), o.createdAt(), o.updatedAt(), o.referencePrice(), o.referenceCandleOpen(),
                o.triggeredAt(), o.filledAt(), o.fillPrice(), o.grossAmount(), o.fees(), o.realizedPnl(),
                o.tradeId()));
    }

    static Order read(String userId, String json) {
        StoredAnswer a;
        try {
            a = Json.mapper().readValue(json, StoredAnswer.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new Order(userId, a.sessionId(), a.id(), a.symbol(), Side.valueOf(a.side()), OrderType.valueOf(a.type()),
                a.quantity(), a.limitPrice(), a.stopPrice(), TimeInForce.valueOf(a.timeInForce()),
                OrderStatus.valueOf(a.status()), a.statusReason(), a.createdAt(), a.updatedAt(), a.referencePrice(),
                a.referenceCandleTime(), a.triggeredAt(), a.filledAt(), a.fillPrice(), a.grossAmount(), a.fees(),
                a.realizedPnl(), a.tradeId());
    }
}
