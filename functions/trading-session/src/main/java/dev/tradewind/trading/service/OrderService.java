package dev.tradewind.trading.service;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.error.ConflictException;
import dev.tradewind.shared.error.DomainException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.guardrails.Cooldown;
import dev.tradewind.shared.guardrails.CooldownRepository;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.metrics.Counters;
import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.trading.TradeSource;
import dev.tradewind.trading.domain.Account;
import dev.tradewind.trading.domain.EndReason;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.FillRules;
import dev.tradewind.trading.domain.IdempotencyRecord;
import dev.tradewind.trading.domain.Ledger;
import dev.tradewind.trading.domain.Mark;
import dev.tradewind.trading.domain.Money;
import dev.tradewind.trading.domain.Order;
import dev.tradewind.trading.domain.OrderSpec;
import dev.tradewind.trading.domain.OrderStatus;
import dev.tradewind.trading.domain.Position;
import dev.tradewind.trading.domain.Rejection;
import dev.tradewind.trading.domain.RestingOrder;
import dev.tradewind.trading.domain.TimeInForce;
import dev.tradewind.trading.domain.TradeIds;
import dev.tradewind.trading.store.MarketData;
import dev.tradewind.trading.store.TradingStore;
import dev.tradewind.trading.store.Writes;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Order placement, cancellation and reads (docs/trading.md#orders, docs/trading.md#fill-model-the-contract). A placement is one transaction: the order,
 * its idempotency record, the session (cash, version, order count) and, when it fills at once, the position, the trade
 * and an equity point. Every rejection is decided before anything is written, so a rejected order changes nothing.
 */
public final class OrderService {

    private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);

    /** Status reasons of orders that end without a fill (a rejection's reason is its {@link Rejection} code). */

    public static final int MAX_OPEN_ORDERS = 40;

    private final TradingStore store;
    private final Sessions sessions;
    private final MarketData market;
    private final CooldownRepository cooldowns;
    private final TradingConfig config;
    private final Clock clock;
    private final IdGenerator ids;
    private final Counters counters;
    private final OrderEvents events;
    private final Idempotency idempotency;

    public OrderService(TradingStore store, Sessions sessions, MarketData market, CooldownRepository cooldowns,
                        TradingConfig config, Clock clock, IdGenerator ids, Counters counters, OrderEvents events,
                        Idempotency idempotency) {
        this.store = store;
        this.sessions = sessions;
        this.market = market;
        this.cooldowns = cooldowns;
        this.config = config;
        this.clock = clock;
        this.ids = ids;
        this.counters = counters;
        this.events = events;
        this.idempotency = idempotency;
    }

    /** What the market says about the symbol at placement, looked up once per request. */
    private record Quote(Instrument instrument, Candle reference) {
    }

    /** Looked up once per request, not once per optimistic attempt. */
    private static final class Lookups {
        Quote quote;
        Optional<Cooldown> cooldown;
    }

    /**
     * Places the order once per Idempotency-Key: a retry with the same key and the same order answers what the first
     * request answered, and changes nothing. An order that fills or expires at placement is published once its
     * transaction has committed; a replay publishes nothing.
     */
    public Idempotency.Answer<Order> place(String userId, String sessionId, String idempotencyKey, OrderSpec spec) {
        try {
            Idempotency.Answer<Order> placed = placeOrReplay(userId, sessionId, idempotencyKey, spec);
            Order order = placed.value();
            if (!placed.replayed()) {
                counters.increment("OrdersPlaced", "Status", order.status().name());
                if (order.status() == OrderStatus.FILLED) {
                    counters.increment("Fills");
                }
                if (order.status().isTerminal()) {
                    events.ended(() -> List.of(order));
                }
            }
            return placed;
        } catch (DomainException e) {
            counters.increment("OrdersRejected", "Reason", e.code());
            throw e;
        }
    }

    private Idempotency.Answer<Order> placeOrReplay(String userId, String sessionId, String idempotencyKey,
                                                    OrderSpec spec) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        String keyHash = Idempotency.keyHash(idempotencyKey);
        String requestHash = spec.fingerprint();
        Instant now = clock.instant();
        Lookups lookups = new Lookups();
        // A replay answers what the first request did, even if what it did means this one would now be refused.
        return Idempotency.once(() -> Idempotency.replay(store.idempotency(userId, sessionId, keyHash), requestHash,
                now, "order").map(IdempotencyRecord::answer), () -> {
            Account account = sessions.currentOnce(userId, sessionId, now);
            requireOpenPaper(account);
            if (account.session().cooldownOnTilt()) {
                if (lookups.cooldown == null) {
                    lookups.cooldown = cooldowns.active(userId, now);
                }
                if (lookups.cooldown.isPresent()) {
                    Cooldown active = lookups.cooldown.get();
                    throw new UnprocessableException("COOLDOWN_ACTIVE", "Trading is paused until " + active.until()
                            + " (cooldown guardrail): " + active.reason());
                }
            }
            if (lookups.quote == null) {
                lookups.quote = quote(spec.symbol(), account, now);
            }
            return placeOnce(account, spec, lookups.quote, keyHash, requestHash, now);
        });
    }

    static void requireOpenPaper(Account account) {
        if (!account.isPaper()) {
            throw new ConflictException("NOT_A_PAPER_SESSION",
                    "This is a journal session: it records imported trades and takes no orders");
        }
        if (!account.isActive()) {
            throw new ConflictException("SESSION_STOPPED", "The session is stopped and takes no new orders; final"
                    + " equity " + account.finalEquity().toPlainString() + " " + account.session().currency());
        }
    }

    private Quote quote(String symbol, Account account, Instant now) {
        Instrument instrument = market.instrument(symbol).orElseThrow(() ->
                new UnprocessableException("UNKNOWN_SYMBOL", "No instrument " + symbol));
        if (!SessionService.tradableIn(instrument.quoteCurrency(), account.session().currency())) {
            throw new UnprocessableException("CURRENCY_MISMATCH", symbol + " is quoted in "
                    + instrument.quoteCurrency() + "; this session trades in " + account.session().currency());
        }
        Candle reference = market.latestClosed(instrument, now).orElseThrow(() ->
                new UnprocessableException("STALE_PRICE", "No price for " + symbol + " yet"));
        if (market.isStale(instrument, reference, now)) {
            throw new UnprocessableException("STALE_PRICE", "The latest price of " + symbol + " is from the candle"
                    + " opened at " + reference.openTime() + ", too old to trade on");
        }
        return new Quote(instrument, reference);
    }

    private Order placeOnce(Account account, OrderSpec spec, Quote quote, String keyHash, String requestHash,
                            Instant now) {
        int scale = Money.quantityScale(quote.instrument().assetClass());
        if (spec.quantity().scale() > scale) {
            throw new UnprocessableException("INVALID_QUANTITY", spec.symbol() + " takes at most " + scale
                    + " decimal places of quantity");
        }
        RiskLimits limits = account.riskLimits();
        if (limits.maxOrdersPerHour() != null && account.ordersInLastHour(now) >= limits.maxOrdersPerHour()) {
            throw new UnprocessableException("RISK_MAX_ORDERS_PER_HOUR", "Risk limit: at most "
                    + limits.maxOrdersPerHour() + " orders per hour");
        }
        BigDecimal reference = quote.reference().close();
        FillRules.AtPlacement outcome = FillRules.atPlacement(new FillRules.Terms(spec.side(), spec.type(),
                spec.limitPrice(), spec.stopPrice()), reference, account.slippageBps(), config.marketableLimitPct());
        boolean expires = outcome instanceof FillRules.Rest && spec.timeInForce() == TimeInForce.IOC;
        checkAffordable(account, spec, outcome, now);
        if (outcome instanceof FillRules.Rest && !expires && account.resting().size() >= MAX_OPEN_ORDERS) {
            throw new UnprocessableException("TOO_MANY_OPEN_ORDERS", "A session holds at most " + MAX_OPEN_ORDERS
                    + " open orders; cancel some first");
        }

        String orderId = ids.newId();
        Writes writes = store.writes();
        account.orderAccepted(now);
        // A symbol the session already evaluates keeps its mark: while it waits at a missing bar, its price (and
        // the equity curve) stay before that bar, whatever the order does.
        if (!account.marks().containsKey(spec.symbol())) {
            account.mark(spec.symbol(), new Mark(quote.reference().openTime(),
                    market.closeTime(quote.instrument(), quote.reference()), reference));
        }
        Order order;
        if (outcome instanceof FillRules.FillNow fillNow) {
            String tradeId = TradeIds.paper(orderId, now);
            Ledger.Result result = Ledger.apply(account, new Ledger.Fill(tradeId, TradeSource.PAPER, orderId, null,
                    spec.symbol(), spec.side(), spec.quantity(), fillNow.price(), null, now), false);
            if (result instanceof Ledger.Refused refused) {
                throw rejection(refused.reason());
            }
            Ledger.Filled filled = (Ledger.Filled) result;
            order = Order.open(account.userId(), account.sessionId(), orderId, spec, now, reference,
                    quote.reference().openTime(), fillNow.triggered() ? now : null).filled(filled.trade(), now);
            writes.trade(filled.trade());
            writes.equity(account.point(now, EquityPoint.Kind.FILL, tradeId));
        } else if (expires) {
            order = Order.open(account.userId(), account.sessionId(), orderId, spec, now, reference,
                    quote.reference().openTime(), null).ended(OrderStatus.EXPIRED, EndReason.IOC_NOT_FILLED, now);
        } else {
            Instant triggeredAt = ((FillRules.Rest) outcome).triggered() ? now : null;
            order = Order.open(account.userId(), account.sessionId(), orderId, spec, now, reference,
                    quote.reference().openTime(), triggeredAt);
            // Evaluated from the bar in progress on: a bar that closed before the order, stored or not, is not its.
            RestingOrder resting = new RestingOrder(account.userId(), account.sessionId(), orderId, spec.symbol(),
                    spec.side(), spec.type(), spec.quantity(), spec.limitPrice(), spec.stopPrice(),
                    market.newestClosedOpen(quote.instrument(), quote.reference(), now), triggeredAt, now);
            account.addResting(resting);
            writes.newResting(resting);
        }
        writes.newOrder(order);
        writes.idempotency(idempotency.record(account.userId(), account.sessionId(), keyHash, requestHash, order, now),
                now);
        writes.account(account.stage());
        store.commit(writes);
        account.committed();
        LOG.info("Order placed", entry("sessionId", account.sessionId()), entry("orderId", orderId),
                entry("symbol", spec.symbol()), entry("side", spec.side().name()), entry("type", spec.type().name()),
                entry("status", order.status().name()), entry("fillPrice", String.valueOf(order.fillPrice())));
        return order;
    }

    /**
     * Cash (buys), holdings (sells: no short selling) and the risk limits, against the price the order would fill at
     * now or, for an order that rests (or, IOC, would have rested and expires), the worst price its terms allow
     * (limit, or stop plus slippage).
     */
    private void checkAffordable(Account account, OrderSpec spec, FillRules.AtPlacement outcome, Instant now) {
        Position position = account.position(spec.symbol());
        if (spec.side() == Side.SELL) {
            if (position.quantity().compareTo(spec.quantity()) < 0) {
                throw rejection(Rejection.INSUFFICIENT_POSITION);
            }
            return;
        }
        BigDecimal price = outcome instanceof FillRules.FillNow fill ? fill.price()
                : worstBuyPrice(spec.limitPrice(), spec.stopPrice(), account);
        Ledger.Amounts amounts = Ledger.amounts(Side.BUY, spec.quantity(), price, null, account.feesBps());
        if (account.cash().compareTo(amounts.gross().add(amounts.fee())) < 0) {
            throw rejection(Rejection.INSUFFICIENT_CASH);
        }
        RiskLimits limits = account.riskLimits();
        BigDecimal equity = account.equity();
        if (limits.maxPositionPct() != null) {
            // The symbol's resting buys may fill first, each at the worst price its terms allow.
            BigDecimal after = Money.value(position.quantity().add(spec.quantity()), price);
            for (RestingOrder resting : account.restingFor(spec.symbol())) {
                if (resting.side() == Side.BUY) {
                    after = after.add(Money.value(resting.quantity(),
                            worstBuyPrice(resting.limitPrice(), resting.stopPrice(), account)));
                }
            }
            if (after.compareTo(Money.percentOf(equity, limits.maxPositionPct())) > 0) {
                throw new UnprocessableException("RISK_MAX_POSITION", "Risk limit: a position may be at most "
                        + limits.maxPositionPct().toPlainString() + "% of equity; this order, with the symbol's "
                        + "open buys, would make " + spec.symbol() + " " + after.toPlainString() + " of "
                        + equity.toPlainString());
            }
        }
        if (limits.maxDailyLossPct() != null) {
            Instant dayStart = now.truncatedTo(ChronoUnit.DAYS);
            BigDecimal startOfDay = store.equityAtOrBefore(account.userId(), account.sessionId(), dayStart)
                    .map(EquityPoint::equity).orElse(account.session().startingCash());
            BigDecimal loss = startOfDay.subtract(equity);
            if (loss.signum() > 0 && loss.compareTo(Money.percentOf(startOfDay, limits.maxDailyLossPct())) >= 0) {
                throw new UnprocessableException("RISK_MAX_DAILY_LOSS", "Risk limit: equity is down "
                        + loss.toPlainString() + " today, at or beyond " + limits.maxDailyLossPct().toPlainString()
                        + "% of " + startOfDay.toPlainString() + "; only sells are accepted until tomorrow (UTC)");
            }
        }
    }

    /** What a buy that does not fill at once may pay at most: its limit, or else its stop plus slippage. */
    private static BigDecimal worstBuyPrice(BigDecimal limitPrice, BigDecimal stopPrice, Account account) {
        return limitPrice != null ? limitPrice : Money.slipped(Side.BUY, stopPrice, account.slippageBps());
    }

    static UnprocessableException rejection(Rejection reason) {
        return new UnprocessableException(reason.code(), reason.message());
    }

    public Page<Order> list(String userId, String sessionId, int limit, String cursor) {
        Instant now = clock.instant();
        sessions.current(userId, sessionId, now);
        return store.orders(userId, sessionId, limit, cursor);
    }

    public Order get(String userId, String sessionId, String orderId) {
        Instant now = clock.instant();
        sessions.current(userId, sessionId, now);
        return store.order(userId, sessionId, orderId).orElseThrow(() -> new NotFoundException("Order not found"));
    }

    /**
     * Cancels an OPEN order, after evaluating the candles that might already have filled it, and not while one that
     * closed is not stored yet (docs/trading.md#orders); the cancelled order is published once its transaction has
     * committed.
     */
    public Order cancel(String userId, String sessionId, String orderId) {
        Instant now = clock.instant();
        Order canceled = Retry.onConflict(() -> {
            Account account = sessions.currentOnce(userId, sessionId, now);
            Order order = store.order(userId, sessionId, orderId)
                    .orElseThrow(() -> new NotFoundException("Order not found"));
            if (!order.status().canBecome(OrderStatus.CANCELED) || !account.isResting(orderId)) {
                throw new ConflictException("ORDER_NOT_OPEN", "The order is " + order.status()
                        + " and can no longer be cancelled");
            }
            RestingOrder resting = account.resting().stream().filter(r -> r.orderId().equals(orderId))
                    .findFirst().orElseThrow();
            sessions.requireClosedBarsStored(account, List.of(resting), "a cancel", now);
            Writes writes = store.writes();
            writes.endOrder(userId, sessionId, orderId, OrderStatus.CANCELED, EndReason.CANCELED_BY_USER, now, null);
            writes.removeResting(resting);
            account.removeResting(orderId);
            writes.account(account.stage());
            store.commit(writes);
            account.committed();
            return store.order(userId, sessionId, orderId).orElseThrow();
        });
        events.ended(() -> List.of(canceled));
        return canceled;
    }
}
