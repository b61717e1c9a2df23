package dev.tradewind.behavior.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A round trip as the engine derives it: one closing fill (its id is this trade's id) matched FIFO against the
 * entry lots it closes.
 *
 * @param seq            position in the analysed sequence (closing part of fill i = 2i, opening part = 2i + 1)
 * @param entryTime      the earliest matched lot's time
 * @param meanEntryTime  the quantity-weighted mean time of the matched lots: what the hold time is measured from
 * @param entryNotional  FIFO cost of the matched lots (the size that was at risk)
 * @param fees           entry fees of the matched lots (pro rata) plus this fill's fees (pro rata when it flips)
 * @param grossPnl       P&L before fees
 * @param pnl            net P&L: the source's reported figure when it gave one, else FIFO
 */
public record ClosedTrade(String id, int seq, String symbol, Direction direction, Instant entryTime,
                          Instant meanEntryTime, Instant exitTime, BigDecimal quantity, BigDecimal exitPrice,
                          BigDecimal entryNotional, BigDecimal fees, BigDecimal grossPnl, BigDecimal pnl,
                          boolean pnlReported, List<String> entryFillIds) {

    /** FIFO cost of the matched lots per unit. */
    public BigDecimal entryPrice() {
        return entryNotional.divide(quantity, TradeLedger.MC);
    }

    public boolean isWin() {
        return pnl.signum() > 0;
    }

    public boolean isLoss() {
        return pnl.signum() < 0;
    }

    public double pnlValue() {
        return pnl.doubleValue();
    }

    public Duration hold() {
        return Duration.between(meanEntryTime, exitTime);
    }

    public boolean involves(String fillId) {
        return id.equals(fillId) || entryFillIds.contains(fillId);
    }
}
