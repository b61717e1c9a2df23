package dev.tradewind.trading.domain;

import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.SessionStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A session, its positions and its resting orders as one request works on them: changed in memory, then written by
 * {@link #stage} into one transaction conditioned on the version that was read. If that transaction fails, this
 * object is stale and is thrown away (the request reloads and starts over).
 */
public final class Account {

    private Session base;
    private SessionStatus status;
    private BigDecimal cash;
    private BigDecimal realizedPnl;
    private BigDecimal feesPaid;
    private BigDecimal tradedNotional;
    private Instant stoppedAt;
    private BigDecimal finalEquity;
    private Instant lastFillAt;
    private long tradeCount;
    private long orderCount;
    private PendingImport pendingImport;
    private final TreeMap<String, Mark> marks;
    private final List<Long> recentOrders;
    private final Map<String, Position> positions = new TreeMap<>();
    private final Map<String, Long> storedPositionVersions = new HashMap<>();
    private final Set<String> dirtyPositions = new LinkedHashSet<>();
    private final TreeMap<String, RestingOrder> resting = new TreeMap<>();
    private boolean sessionChanged;
    private final boolean isNew;

    private Account(Session session, List<Position> positions, List<RestingOrder> resting, boolean isNew) {
        this.base = session;
        this.isNew = isNew;
        this.status = session.status();
        this.cash = session.cash();
        this.realizedPnl = session.realizedPnl();
        this.feesPaid = session.feesPaid();
        this.tradedNotional = session.tradedNotional();
        this.stoppedAt = session.stoppedAt();
        this.finalEquity = session.finalEquity();
        this.lastFillAt = session.lastFillAt();
        this.tradeCount = session.tradeCount();
        this.orderCount = session.orderCount();
        this.pendingImport = session.pendingImport();
        this.marks = new TreeMap<>(session.marks());
        this.recentOrders = new ArrayList<>(session.recentOrders());
        for (Position position : positions) {
            this.positions.put(position.symbol(), position);
            this.storedPositionVersions.put(position.symbol(), position.version());
        }
        for (RestingOrder order : resting) {
            this.resting.put(order.orderId(), order);
        }
    }

    public static Account of(Session session, List<Position> positions, List<RestingOrder> resting) {
        return new Account(session, positions, resting, false);
    }

    /** A session that does not exist yet: staging it writes it on the condition that it still does not. */
    public static Account create(Session session) {
        Account account = new Account(session, List.of(), List.of(), true);
        account.sessionChanged = true;
        return account;
    }

    public Session session() {
        return base;
    }

    public String userId() {
        return base.userId();
    }

    public String sessionId() {
        return base.sessionId();
    }

    public boolean isPaper() {
        return base.isPaper();
    }

    public boolean isActive() {
        return status == SessionStatus.ACTIVE;
    }

    public SessionStatus status() {
        return status;
    }

    public BigDecimal cash() {
        return cash;
    }

    public BigDecimal realizedPnl() {
        return realizedPnl;
    }

    public BigDecimal feesPaid() {
        return feesPaid;
    }

    public BigDecimal tradedNotional() {
        return tradedNotional;
    }

    public Instant lastFillAt() {
        return lastFillAt;
    }

    public Instant stoppedAt() {
        return stoppedAt;
    }

    public BigDecimal finalEquity() {
        return finalEquity;
    }

    public BigDecimal feesBps() {
        return base.feesBps() == null ? BigDecimal.ZERO : base.feesBps();
    }

    public BigDecimal slippageBps() {
        return base.slippageBps() == null ? BigDecimal.ZERO : base.slippageBps();
    }

    public RiskLimits riskLimits() {
        return base.riskLimits();
    }

    public List<Long> recentOrders() {
        return List.copyOf(recentOrders);
    }

    public Map<String, Mark> marks() {
        return java.util.Collections.unmodifiableMap(marks);
    }

    public Position position(String symbol) {
        Position position = positions.get(symbol);
        return position != null ? position : Position.empty(userId(), sessionId(), symbol);
    }

    /** Every position ever held in the session (closed ones at quantity zero). */
    public List<Position> positions() {
        return List.copyOf(positions.values());
    }

    public List<Position> openPositions() {
        return positions.values().stream().filter(Position::isOpen).toList();
    }

    /** Resting orders in placement order. */
    public List<RestingOrder> resting() {
        return List.copyOf(resting.values());
    }

    public List<RestingOrder> restingFor(String symbol) {
        // A backtest asks at every bar of every instrument: a loop, not a stream.
        if (resting.isEmpty()) {
            return List.of();
        }
        List<RestingOrder> found = new ArrayList<>(2);
        for (RestingOrder order : resting.values()) {
            if (order.symbol().equals(symbol)) {
                found.add(order);
            }
        }
        return Collections.unmodifiableList(found);
    }

    public boolean isResting(String orderId) {
        return resting.containsKey(orderId);
    }

    /** Symbols whose candles matter: held, or with a resting order. */
    public Set<String> symbolsOfInterest() {
        Set<String> symbols = new TreeSet<>();
        openPositions().forEach(p -> symbols.add(p.symbol()));
        resting.values().forEach(r -> symbols.add(r.symbol()));
        return symbols;
    }

    /** The open time of the oldest candle of {@code symbol} already evaluated for every purpose, or null. */
    public Instant evaluatedThrough(String symbol) {
        Instant through = marks.containsKey(symbol) ? marks.get(symbol).openTime() : null;
        for (RestingOrder order : restingFor(symbol)) {
            if (through == null || order.lastEvaluatedOpen().isBefore(through)) {
                through = order.lastEvaluatedOpen();
            }
        }
        return through;
    }

    /**
     * The price a holding is valued at: the close of the newest evaluated candle (paper), else the last fill price
     * (always, for a journal).
     */
    public BigDecimal price(String symbol) {
        Mark mark = marks.get(symbol);
        if (base.isPaper() && mark != null) {
            return mark.close();
        }
        return position(symbol).lastPrice();
    }

    public BigDecimal positionsValue() {
        BigDecimal total = Money.zero();
        for (Position position : positions.values()) {
            if (!position.isOpen()) {
                continue;
            }
            BigDecimal price = price(position.symbol());
            total = total.add(price == null ? position.costBasis() : Money.value(position.quantity(), price));
        }
        return total;
    }

    public BigDecimal equity() {
        return cash.add(positionsValue());
    }

    /** Fills so far, this request's included: the number of the latest fill. */
    public long tradeCount() {
        return tradeCount;
    }

    public EquityPoint point(Instant time, EquityPoint.Kind kind, String ref) {
        BigDecimal value = positionsValue();
        return new EquityPoint(userId(), sessionId(), time, kind, tradeCount, ref, cash.add(value), cash, value);
    }

    /** Advances the evaluated candle of a symbol (never backwards). */
    public void mark(String symbol, Mark mark) {
        Mark current = marks.get(symbol);
        if (current == null || mark.openTime().isAfter(current.openTime())) {
            marks.put(symbol, mark);
            sessionChanged = true;
        }
    }

    public void addResting(RestingOrder order) {
        resting.put(order.orderId(), order);
    }

    public void updateResting(RestingOrder order) {
        resting.put(order.orderId(), order);
    }

    public void removeResting(String orderId) {
        resting.remove(orderId);
    }

    /**
     * Counts an accepted order. Its time is kept only as far as the order-rate limit needs it (none without a limit,
     * at most the limit's newest within the hour), since every stored byte of the session item is paid for on every
     * order's write.
     */
    public void orderAccepted(Instant now) {
        orderCount++;
        long hourAgo = now.minusSeconds(3600).toEpochMilli();
        recentOrders.removeIf(t -> t <= hourAgo);
        Integer limit = base.riskLimits().maxOrdersPerHour();
        if (limit != null) {
            recentOrders.add(now.toEpochMilli());
            recentOrders.subList(0, Math.max(0, recentOrders.size() - limit)).clear();
        } else {
            recentOrders.clear();
        }
        sessionChanged = true;
    }

    /** Orders accepted in the hour before {@code now}. */
    public int ordersInLastHour(Instant now) {
        long hourAgo = now.minusSeconds(3600).toEpochMilli();
        return (int) recentOrders.stream().filter(t -> t > hourAgo).count();
    }

    void applyFill(Position after, BigDecimal cashDelta, BigDecimal realized, BigDecimal fee, BigDecimal gross,
                   Instant filledAt) {
        positions.put(after.symbol(), after);
        dirtyPositions.add(after.symbol());
        cash = cash.add(cashDelta);
        realizedPnl = realizedPnl.add(realized);
        feesPaid = feesPaid.add(fee);
        tradedNotional = tradedNotional.add(gross);
        tradeCount++;
        if (lastFillAt == null || filledAt.isAfter(lastFillAt)) {
            lastFillAt = filledAt;
        }
        sessionChanged = true;
    }

    /** Marks the journal as holding the staged rows of {@code pending} (docs/trading.md#trade-import). */
    public void beginImport(PendingImport pending) {
        pendingImport = pending;
        sessionChanged = true;
    }

    /** The pending import commits with this write. */
    public void endImport() {
        pendingImport = null;
        sessionChanged = true;
    }

    public void stop(Instant now) {
        status = SessionStatus.STOPPED;
        stoppedAt = now;
        finalEquity = equity();
        sessionChanged = true;
    }

    /** Whether anything would be written by {@link #stage}. */
    public boolean changed() {
        return sessionChanged || !dirtyPositions.isEmpty();
    }

    /** The session as it would be stored now (version one above the one read). */
    public Session snapshot() {
        Set<String> interest = symbolsOfInterest();
        Map<String, Mark> kept = new TreeMap<>();
        marks.forEach((symbol, mark) -> {
            if (interest.contains(symbol)) {
                kept.put(symbol, mark);
            }
        });
        return new Session(base.userId(), base.sessionId(), base.name(), base.type(), status, base.currency(),
                base.startingCash(), cash, realizedPnl, feesPaid, tradedNotional, base.feesBps(), base.slippageBps(),
                base.riskLimits(), base.cooldownOnTilt(), base.createdAt(), stoppedAt, finalEquity,
                base.version() + 1, kept, recentOrders,
                lastFillAt, tradeCount, orderCount, pendingImport, resting.size());
    }

    private boolean committedOnce;
    private Session staged;

    /**
     * What to write: the session (always: its version is the transaction's guard) and every changed position. Call
     * {@link #committed} once the transaction that wrote it succeeded.
     */
    public Staged stage() {
        staged = snapshot();
        boolean create = isNew && !committedOnce;
        List<StagedPosition> changed = new ArrayList<>();
        for (String symbol : dirtyPositions) {
            Position position = positions.get(symbol);
            Long stored = storedPositionVersions.get(symbol);
            Position versioned = new Position(position.userId(), position.sessionId(), position.symbol(),
                    position.quantity(), position.costBasis(), position.realizedPnl(), position.positionId(),
                    position.openedAt(), position.lastPrice(), position.lastTradeAt(), stored == null ? 1 : stored + 1);
            positions.put(symbol, versioned);
            changed.add(new StagedPosition(versioned, stored));
        }
        return new Staged(staged, create ? null : base.version(), base.cash(), changed);
    }

    /**
     * The session and positions to write, each on the condition that its stored version is still the one read.
     *
     * @param expectedVersion null when the session does not exist yet
     * @param previousCash    the cash as read (a write may take out of it only what is still there)
     */
    public record Staged(Session session, Long expectedVersion, BigDecimal previousCash,
                         List<StagedPosition> positions) {
    }

    /** @param expectedVersion null when the position does not exist yet */
    public record StagedPosition(Position position, Long expectedVersion) {
    }

    /** The staged transaction succeeded: what was staged is now what is stored. */
    public void committed() {
        base = staged;
        committedOnce = true;
        for (String symbol : dirtyPositions) {
            storedPositionVersions.put(symbol, positions.get(symbol).version());
        }
        dirtyPositions.clear();
        sessionChanged = false;
    }
}
