package dev.tradewind.trading.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * A session's holding of one symbol. The cost basis (money, cents) is the truth; the average cost is derived from it.
 * A position whose quantity returns to zero is kept (its realised P&amp;L stays) and gets a new position id when it
 * is opened again.
 *
 * @param costBasis   what the units held cost, buy fees included
 * @param realizedPnl everything realised on this symbol in the session, net of fees
 * @param lastPrice   the price of the latest fill (how a journal values its positions)
 * @param version     optimistic version of this item (the session's version serialises fills anyway)
 */
public record Position(String userId, String sessionId, String symbol, BigDecimal quantity, BigDecimal costBasis,
                       BigDecimal realizedPnl, String positionId, Instant openedAt, BigDecimal lastPrice,
                       Instant lastTradeAt, long version) {

    public Position {
        quantity = Decimal.canonical(quantity);
        costBasis = Decimal.cents(costBasis);
        realizedPnl = Decimal.cents(realizedPnl);
        lastPrice = Decimal.canonical(lastPrice);
    }

    public static Position empty(String userId, String sessionId, String symbol) {
        return new Position(userId, sessionId, symbol, BigDecimal.ZERO, BigDecimal.ZERO.setScale(2),
                BigDecimal.ZERO.setScale(2), null, null, null, null, 0);
    }

    public boolean isOpen() {
        return quantity.signum() > 0;
    }

    /** Cost per unit held, to 8 decimals (display only). */
    public BigDecimal averageCost() {
        return isOpen() ? costBasis.divide(quantity, 8, RoundingMode.HALF_UP).stripTrailingZeros() : null;
    }
}
