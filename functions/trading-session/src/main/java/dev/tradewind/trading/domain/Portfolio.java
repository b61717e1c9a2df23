package dev.tradewind.trading.domain;

import dev.tradewind.shared.trading.SessionStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A session's cash and open positions valued at the latest prices.
 *
 * @param valuedAt    now, or when the session stopped
 * @param totalReturn equity over starting cash minus one; null when there was no starting cash
 */
public record Portfolio(String sessionId, SessionStatus status, String currency, Instant valuedAt,
                        BigDecimal startingCash, BigDecimal cash, BigDecimal positionsValue, BigDecimal equity,
                        BigDecimal realizedPnl, BigDecimal unrealizedPnl, BigDecimal feesPaid, BigDecimal totalReturn,
                        List<Holding> positions, int openOrders) {

    /**
     * @param price     what the position is valued at: the latest closed candle's close (paper) or the last trade
     *                  price (journal)
     * @param priceTime when that candle closed (paper), or the time of that trade (journal)
     */
    public record Holding(String symbol, String positionId, BigDecimal quantity, BigDecimal averageCost,
                          BigDecimal costBasis, BigDecimal price, Instant priceTime, BigDecimal marketValue,
                          BigDecimal unrealizedPnl, BigDecimal realizedPnl, Instant openedAt) {
    }
}
