package dev.tradewind.trading.domain;

import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.SessionStatus;
import dev.tradewind.shared.trading.SessionType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A session item as stored: its configuration, its money and the state its evaluation needs. Every change is a
 * whole-item write conditioned on {@code version}, so changes to one session are serialised and none is lost.
 *
 * @param cash           what the session can spend; never negative for a paper session (checked before the write
 *                       and by the write's condition)
 * @param realizedPnl    the sum of every fill's realised P&amp;L (net of fees)
 * @param tradedNotional the sum of every fill's gross amount (turnover)
 * @param marks          per symbol of interest (held, or with resting orders), the newest candle evaluated
 * @param recentOrders   placement times (epoch ms) of the orders accepted in the last hour (maxOrdersPerHour)
 * @param lastFillAt     the time of the latest fill; candles closing before it are not sampled into the curve
 * @param pendingImport  a journal's import that is staged and not committed yet (docs/trading.md#trade-import), or
 *                       null
 * @param openOrders     how many orders rest in its book; null on an item stored before the count was kept
 */
public record Session(String userId, String sessionId, String name, SessionType type, SessionStatus status,
                      String currency, BigDecimal startingCash, BigDecimal cash, BigDecimal realizedPnl,
                      BigDecimal feesPaid, BigDecimal tradedNotional, BigDecimal feesBps, BigDecimal slippageBps,
                      RiskLimits riskLimits, boolean cooldownOnTilt, Instant createdAt, Instant stoppedAt,
                      BigDecimal finalEquity, long version, Map<String, Mark> marks, List<Long> recentOrders,
                      Instant lastFillAt, long tradeCount, long orderCount, PendingImport pendingImport,
                      Integer openOrders) {

    public Session {
        startingCash = Decimal.cents(startingCash);
        cash = Decimal.cents(cash);
        realizedPnl = Decimal.cents(realizedPnl);
        feesPaid = Decimal.cents(feesPaid);
        tradedNotional = Decimal.cents(tradedNotional);
        finalEquity = Decimal.cents(finalEquity);
        feesBps = Decimal.canonical(feesBps);
        slippageBps = Decimal.canonical(slippageBps);
        riskLimits = riskLimits == null ? RiskLimits.NONE : riskLimits;
        marks = marks == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(marks));
        recentOrders = recentOrders == null ? List.of() : List.copyOf(recentOrders);
    }

    public boolean isPaper() {
        return type == SessionType.PAPER;
    }

    public boolean isActive() {
        return status == SessionStatus.ACTIVE;
    }

    /** Whether evaluating the market can change it: an active paper session with orders resting in its book. */
    public boolean mayFillRestingOrders() {
        // Without the count (an older item): every resting order's symbol has a mark, so no marks means no orders.
        return isPaper() && isActive() && (openOrders == null ? !marks.isEmpty() : openOrders > 0);
    }
}
