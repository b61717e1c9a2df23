package dev.tradewind.trading.service;

import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.trading.domain.Account;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.Mark;
import dev.tradewind.trading.domain.Money;
import dev.tradewind.trading.domain.Portfolio;
import dev.tradewind.trading.domain.Position;
import dev.tradewind.trading.store.TradingStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The portfolio, the equity curve and the trade list of a session, each after evaluating new candles. */
public final class PortfolioService {

    private final TradingStore store;
    private final Sessions sessions;
    private final Clock clock;

    public PortfolioService(TradingStore store, Sessions sessions, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.clock = clock;
    }

    public Portfolio portfolio(String userId, String sessionId) {
        Instant now = clock.instant();
        Account account = sessions.current(userId, sessionId, now);
        List<Portfolio.Holding> positions = new ArrayList<>();
        BigDecimal unrealized = Money.zero();
        for (Position position : account.openPositions()) {
            BigDecimal price = account.price(position.symbol());
            Mark mark = account.marks().get(position.symbol());
            Instant priceTime = account.isPaper() && mark != null ? mark.closeTime() : position.lastTradeAt();
            BigDecimal value = price == null ? position.costBasis() : Money.value(position.quantity(), price);
            BigDecimal pnl = value.subtract(position.costBasis());
            unrealized = unrealized.add(pnl);
            positions.add(new Portfolio.Holding(position.symbol(), position.positionId(), position.quantity(),
                    position.averageCost(), position.costBasis(), price, priceTime, value, pnl,
                    position.realizedPnl(), position.openedAt()));
        }
        BigDecimal positionsValue = account.positionsValue();
        BigDecimal equity = account.cash().add(positionsValue);
        BigDecimal startingCash = account.session().startingCash();
        BigDecimal totalReturn = startingCash.signum() == 0 ? null
                : equity.subtract(startingCash).divide(startingCash, 8, RoundingMode.HALF_UP).stripTrailingZeros();
        Instant valuedAt = account.isActive() ? now : account.stoppedAt();
        return new Portfolio(sessionId, account.status(), account.session().currency(), valuedAt,
                startingCash, account.cash(), positionsValue, equity, account.realizedPnl(), unrealized,
                account.feesPaid(), totalReturn, positions, account.resting().size());
    }

    public Page<EquityPoint> equity(String userId, String sessionId, Instant from, Instant to, int limit,
                                    String cursor) {
        requireOrdered(from, to);
        Account account = sessions.current(userId, sessionId, clock.instant());
        return store.equity(userId, sessionId, from, to, limit, cursor, account.tradeCount());
    }

    public Page<TradeRecord> trades(String userId, String sessionId, Instant from, Instant to, int limit,
                                    String cursor, boolean newestFirst) {
        requireOrdered(from, to);
        Account account = sessions.current(userId, sessionId, clock.instant());
        return store.trades(userId, sessionId, from, to, limit, cursor, newestFirst, account.tradeCount());
    }

    /** A reversed range breaks the field rules of {@code from} (docs/api.md#field-rules). */
    private static void requireOrdered(Instant from, Instant to) {
        new Validation().check(from == null || to == null || !from.isAfter(to), "from", "must not be after to")
                .throwIfInvalid();
    }
}
