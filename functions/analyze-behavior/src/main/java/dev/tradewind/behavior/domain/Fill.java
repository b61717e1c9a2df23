package dev.tradewind.behavior.domain;

import dev.tradewind.shared.trading.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One execution from the trader's history: a paper fill from a trading session or a row of an imported broker export.
 * The engine derives round trips from these itself (FIFO, see {@link TradeLedger}).
 *
 * @param id          unique within one analysis; evidence cites it (the trading session's trade id)
 * @param quantity    positive; the side gives the direction
 * @param price       positive execution price, fees excluded
 * @param fees        paid on this fill, in the account currency; {@code null} means none
 * @param realizedPnl optional: the net realised P&L of this fill as the source's own ledger computed it (the trading
 *                    session books average cost); when present on a closing fill the engine reports it instead of
 *                    its FIFO figure, so the analysis agrees with the statement the trader sees
 */
public record Fill(String id, Instant time, String symbol, Side side, BigDecimal quantity, BigDecimal price,
                   BigDecimal fees, BigDecimal realizedPnl) {

    public Fill {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(price, "price");
        if (id.isBlank() || symbol.isBlank()) {
            throw new IllegalArgumentException("fill id and symbol must not be blank");
        }
        if (quantity.signum() <= 0) {
            throw new IllegalArgumentException("fill " + id + ": quantity must be positive");
        }
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("fill " + id + ": price must be positive");
        }
        fees = fees == null ? BigDecimal.ZERO : fees;
        if (fees.signum() < 0) {
            throw new IllegalArgumentException("fill " + id + ": fees must not be negative");
        }
    }

    public static Fill of(String id, Instant time, String symbol, Side side, BigDecimal quantity, BigDecimal price,
                          BigDecimal fees) {
        return new Fill(id, time, symbol, side, quantity, price, fees, null);
    }

    public BigDecimal notional() {
        return quantity.multiply(price);
    }
}
