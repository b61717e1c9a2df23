package dev.tradewind.trading.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tradewind.shared.trading.JournalEntry;
import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.Order;
import dev.tradewind.trading.domain.Portfolio;
import dev.tradewind.trading.domain.Session;
import dev.tradewind.trading.domain.ValuedSession;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What the routes answer (JSON). Money in the session currency with two decimals; quantities and prices exact. */
public final class Views {

    private Views() {
    }

    public record RiskLimitsView(BigDecimal maxPositionPct, BigDecimal maxDailyLossPct, Integer maxOrdersPerHour) {
        static RiskLimitsView of(RiskLimits limits) {
            return new RiskLimitsView(limits.maxPositionPct(), limits.maxDailyLossPct(), limits.maxOrdersPerHour());
        }
    }

    public record GuardrailsView(boolean cooldownOnTilt) {
    }

    /**
     * @param equity cash plus positions at the latest prices (absent in lists, which do not value positions)
     */
    public record SessionView(String id, String name, String type, String status, String currency,
                              BigDecimal startingCash, BigDecimal cash, BigDecimal equity, BigDecimal realizedPnl,
                              BigDecimal feesPaid, BigDecimal feesBps, BigDecimal slippageBps,
                              RiskLimitsView riskLimits, GuardrailsView guardrails, Instant createdAt,
                              Instant stoppedAt, BigDecimal finalEquity, long orderCount, long tradeCount,
                              Integer openOrders) {

        public static SessionView of(ValuedSession valued) {
            return of(valued.session(), valued.equity(), valued.openOrders());
        }

        /** In lists, which do not value positions. */
        public static SessionView of(Session s) {
            return of(s, null, null);
        }

        private static SessionView of(Session s, BigDecimal equity, Integer openOrders) {
            boolean paper = s.isPaper();
            return new SessionView(s.sessionId(), s.name(), s.type().name(), s.status().name(), s.currency(),
                    s.startingCash(), s.cash(), equity, s.realizedPnl(), s.feesPaid(), paper ? s.feesBps() : null,
                    paper ? s.slippageBps() : null, paper ? RiskLimitsView.of(s.riskLimits()) : null,
                    paper ? new GuardrailsView(s.cooldownOnTilt()) : null, s.createdAt(), s.stoppedAt(),
                    s.finalEquity(), s.orderCount(), s.tradeCount(), openOrders);
        }
    }

    public record OrderView(String id, String sessionId, String symbol, String side, String type, BigDecimal quantity,
                            BigDecimal limitPrice, BigDecimal stopPrice, String timeInForce, String status,
                            String statusReason, Instant createdAt, Instant updatedAt, BigDecimal referencePrice,
                            Instant referenceCandleTime, Instant triggeredAt, Instant filledAt, BigDecimal fillPrice,
                            BigDecimal grossAmount, BigDecimal fees, BigDecimal realizedPnl, String tradeId) {

        public static OrderView of(Order o) {
            return new OrderView(o.orderId(), o.sessionId(), o.symbol(), o.side().name(), o.type().name(),
                    o.quantity(), o.limitPrice(), o.stopPrice(), o.timeInForce().name(), o.status().name(),
                    o.statusReason(), o.createdAt(), o.updatedAt(), o.referencePrice(), o.referenceCandleOpen(),
                    o.triggeredAt(), o.filledAt(), o.fillPrice(), o.grossAmount(), o.fees(), o.realizedPnl(),
                    o.tradeId());
        }
    }

    public record TradeView(String id, String sessionId, String source, String orderId, String externalId,
                            String positionId, Instant positionOpenedAt, String symbol, String side,
                            BigDecimal quantity, BigDecimal price, BigDecimal grossAmount, BigDecimal fees,
                            BigDecimal realizedPnl, BigDecimal positionQuantityAfter, BigDecimal cashAfter,
                            BigDecimal equityAfter, String currency, Instant filledAt, long fillNumber) {

        public static TradeView of(TradeRecord t) {
            return new TradeView(t.tradeId(), t.sessionId(), t.source().name(), t.orderId(), t.externalId(),
                    t.positionId(), t.positionOpenedAt(), t.symbol(), t.side().name(), t.quantity(), t.price(),
                    t.grossAmount(), t.fees(), t.realizedPnl(), t.positionQuantityAfter(), t.cashAfter(),
                    t.equityAfter(), t.currency(), t.filledAt(), t.fillNumber());
        }
    }

    /**
     * @param price     what the position is valued at: the latest closed candle's close (paper) or the last trade
     *                  price (journal)
     * @param priceTime when that candle closed (paper), or the time of that trade (journal)
     */
    public record PositionView(String symbol, String positionId, BigDecimal quantity, BigDecimal averageCost,
                               BigDecimal costBasis, BigDecimal price, Instant priceTime, BigDecimal marketValue,
                               BigDecimal unrealizedPnl, BigDecimal realizedPnl, Instant openedAt) {

        static PositionView of(Portfolio.Holding h) {
            return new PositionView(h.symbol(), h.positionId(), h.quantity(), h.averageCost(), h.costBasis(), h.price(),
                    h.priceTime(), h.marketValue(), h.unrealizedPnl(), h.realizedPnl(), h.openedAt());
        }
    }

    /** @param totalReturn null, not left out, for a journal without starting cash (docs/openapi.yaml requires it) */
    public record PortfolioView(String sessionId, String status, String currency, Instant valuedAt,
                                BigDecimal startingCash, BigDecimal cash, BigDecimal positionsValue, BigDecimal equity,
                                BigDecimal realizedPnl, BigDecimal unrealizedPnl, BigDecimal feesPaid,
                                @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal totalReturn,
                                List<PositionView> positions, int openOrders) {

        public static PortfolioView of(Portfolio p) {
            return new PortfolioView(p.sessionId(), p.status().name(), p.currency(), p.valuedAt(), p.startingCash(),
                    p.cash(), p.positionsValue(), p.equity(), p.realizedPnl(), p.unrealizedPnl(), p.feesPaid(),
                    p.totalReturn(), p.positions().stream().map(PositionView::of).toList(), p.openOrders());
        }
    }

    public record EquityPointView(Instant time, String kind, BigDecimal equity, BigDecimal cash,
                                  BigDecimal positionsValue, String tradeId) {

        public static EquityPointView of(EquityPoint p) {
            return new EquityPointView(p.time(), p.kind().name(), p.equity(), p.cash(), p.positionsValue(), p.ref());
        }
    }

    public record JournalView(String id, String sessionId, Instant createdAt, String tradeId, String note,
                              List<String> emotions, List<String> tags, Integer rating) {

        public static JournalView of(JournalEntry e) {
            return new JournalView(e.entryId(), e.sessionId(), e.createdAt(), e.tradeId(), e.note(), e.emotions(),
                    e.tags(), e.rating());
        }
    }
}
