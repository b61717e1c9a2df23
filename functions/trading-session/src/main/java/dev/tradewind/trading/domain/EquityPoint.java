package dev.tradewind.trading.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One point of a session's equity curve: at its start, after each fill, at each candle close of a held instrument,
 * and when it stops. Positions are valued at the latest closed prices as of {@code time}.
 *
 * @param ref the trade id of a FILL point, else null
 * @param fills the session's trade count when the point was taken: points sharing an instant sort by it first, so
 *              fills sort in the order they happened (the trade id, a hash after the time, does not give it) and a
 *              candle sampled just before a fill sorts before that fill
 */
public record EquityPoint(String userId, String sessionId, Instant time, Kind kind, long fills, String ref,
                          BigDecimal equity, BigDecimal cash, BigDecimal positionsValue) {

    /** Points at the same instant and fill count sort in this order. */
    public enum Kind {
        START("0S"),
        FILL("1F"),
        CANDLE("2C"),
        STOP("3X");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public EquityPoint {
        equity = Decimal.cents(equity);
        cash = Decimal.cents(cash);
        positionsValue = Decimal.cents(positionsValue);
    }
}
