package dev.tradewind.trading.domain;

import java.math.BigDecimal;

/**
 * A session with what it is worth.
 *
 * @param equity     cash plus positions at the latest prices (the final equity once stopped); null in lists, which do
 *                   not value positions
 * @param openOrders how many orders rest in its book; null where not counted
 */
public record ValuedSession(Session session, BigDecimal equity, Integer openOrders) {
}
