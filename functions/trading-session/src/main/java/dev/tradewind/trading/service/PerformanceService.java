package dev.tradewind.trading.service;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.trading.domain.Account;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.Performance;
import dev.tradewind.trading.store.MarketData;
import dev.tradewind.trading.store.TradingStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** {@code GET /v1/sessions/{id}/performance}: the metrics of docs/trading.md#performance-metrics. */
public final class PerformanceService {

    private final TradingStore store;
    private final Sessions sessions;
    private final MarketData market;
    private final Clock clock;

    public PerformanceService(TradingStore store, Sessions sessions, MarketData market, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.market = market;
        this.clock = clock;
    }

    public Performance.Metrics performance(String userId, String sessionId) {
        Instant now = clock.instant();
        Account account = sessions.current(userId, sessionId, now);
        Instant end = account.isActive() ? now : account.stoppedAt();
        BigDecimal endEquity = account.isActive() ? account.equity() : account.finalEquity();
        long fills = account.tradeCount();
        // Read after the session, these may hold fills committed since: the metrics are of the state read.
        List<TradeRecord> trades = store.trades(userId, sessionId, fills).stream()
                .filter(trade -> trade.fillNumber() <= fills).toList();
        Instant start = account.session().createdAt();
        if (!trades.isEmpty() && trades.getFirst().filledAt().isBefore(start)) {
            start = trades.getFirst().filledAt(); // a journal of trades made before it was created
        }
        List<Performance.Point> curve = new ArrayList<>();
        for (EquityPoint point : store.equityCurve(userId, sessionId, fills)) {
            if (point.kind() != EquityPoint.Kind.START && point.fills() <= fills) {
                curve.add(Performance.Point.of(point));
            }
        }
        if (end.isBefore(start)) {
            end = start;
        }
        // The closing valuation is the session's latest state: it sorts last at its instant, as a STOP point does.
        curve.add(new Performance.Point(end, fills, EquityPoint.Kind.STOP, endEquity));
        return Performance.compute(new Performance.Inputs(account.session().startingCash(), start, end, curve, trades,
                account.feesPaid(), account.tradedNotional(), grid(trades)));
    }

    /** Stock-only sessions are sampled per NYSE trading day (252 a year); anything else per calendar day (365). */
    private Performance.Grid grid(List<TradeRecord> trades) {
        Set<String> symbols = new TreeSet<>();
        trades.forEach(t -> symbols.add(t.symbol()));
        if (symbols.isEmpty()) {
            return Performance.Grid.CALENDAR_DAYS;
        }
        for (String symbol : symbols) {
            Optional<Instrument> instrument = market.instrument(symbol);
            if (instrument.isEmpty() || instrument.get().assetClass() != AssetClass.STOCK) {
                return Performance.Grid.CALENDAR_DAYS;
            }
        }
        return Performance.Grid.NYSE_TRADING_DAYS;
    }
}
