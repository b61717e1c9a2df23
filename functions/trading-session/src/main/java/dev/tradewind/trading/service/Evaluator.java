package dev.tradewind.trading.service;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.shared.trading.TradeSource;
import dev.tradewind.trading.domain.Account;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.FillRules;
import dev.tradewind.trading.domain.Ledger;
import dev.tradewind.trading.domain.Mark;
import dev.tradewind.trading.domain.OrderStatus;
import dev.tradewind.trading.domain.RestingOrder;
import dev.tradewind.trading.domain.TradeIds;
import dev.tradewind.trading.store.MarketData;
import dev.tradewind.trading.store.TradingStore;
import dev.tradewind.trading.store.Writes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import dev.tradewind.shared.metrics.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a paper session up to date with the market: every candle that closed since the session last looked (up to
 * a missing bar ingestion may still refill), in close-time order across its symbols, is evaluated against each
 * resting order of its symbol that has not seen it yet (fills, stop triggers), and sampled into the equity curve
 * when it is a held instrument's. Runs on every read of a session's state and before every order placement.
 *
 * <p>Each fill is one transaction (order OPEN → FILLED, book entry removed, position, trade, equity point, and the
 * session's cash and version); progress without fills (how far each order and symbol has been evaluated, candle
 * samples) is written in batches with the session's version. A concurrent request that changed the session makes
 * the transaction fail with {@link dev.tradewind.trading.store.WriteConflict}; the caller reloads and evaluates
 * again from what was stored, so a candle is never skipped and an order never fills twice. The orders whose fill (or
 * rejection) committed are published at the end, also when a later write of the same evaluation fails.
 */
public final class Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

    /**
     * Bars of the calendar that close after a missing one before it is given up. Ingestion finds the gap in its run
     * after the next bar closes and refills it in the {@code INGEST_GAP_ATTEMPTS} (3) runs after that, one a bar, the
     * last a few minutes after the fourth bar's close: the fifth bar's close is past all of them.
     */
    private static final int REFILL_WAIT_BARS = 5;

    /** How soon a cancel or stop refused for a bar not stored yet is retried: ingestion stores one within minutes. */
    private static final Duration PENDING_RETRY = Duration.ofSeconds(60);

    /** Writes of one fill besides pending progress: session, position, order, book entry, trade, equity point. */
    private static final int FILL_WRITES = 6;

    private final TradingStore store;
    private final MarketData market;
    private final Counters counters;
    private final OrderEvents orderEvents;

    public Evaluator(TradingStore store, MarketData market, Counters counters, OrderEvents orderEvents) {
        this.store = store;
        this.market = market;
        this.counters = counters;
        this.orderEvents = orderEvents;
    }

    private record Event(String symbol, Candle candle, Instant closeTime) {
    }

    /** Progress not yet written: book entries evaluated further, and candle samples of the equity curve. */
    private static final class Pending {
        final Map<String, RestingOrder> resting = new LinkedHashMap<>();
        final List<EquityPoint> points = new ArrayList<>();

        int size() {
            return resting.size() + points.size();
        }

        /** Adds a candle sample; one of the same instant and fill count replaces it (one write per item). */
        void sample(EquityPoint point) {
            if (!points.isEmpty() && points.getLast().time().equals(point.time())
                    && points.getLast().fills() == point.fills()) {
                points.removeLast();
            }
            points.add(point);
        }

        void addTo(Writes writes, String except) {
            resting.forEach((id, order) -> {
                if (!id.equals(except)) {
                    writes.updateResting(order);
                }
            });
            points.forEach(writes::equity);
        }

        void clear() {
            resting.clear();
            points.clear();
        }
    }

    public void advance(Account account, Instant now) {
        if (!account.isPaper() || !account.isActive()) {
            return;
        }
        List<Event> events = new ArrayList<>();
        for (String symbol : account.symbolsOfInterest()) {
            Instant through = account.evaluatedThrough(symbol);
            Optional<Instrument> instrument = market.instrument(symbol);
            if (through == null || instrument.isEmpty()) {
                continue;
            }
            for (Candle candle : upToAWaitedBar(instrument.get(), through,
                    market.closedAfter(instrument.get(), through, now), now)) {
                events.add(new Event(symbol, candle, market.closeTime(instrument.get(), candle)));
            }
        }
        if (events.isEmpty()) {
            return;
        }
        events.sort(Comparator.comparing(Event::closeTime).thenComparing(Event::symbol)
                .thenComparing(e -> e.candle().openTime()));
        Pending pending = new Pending();
        List<String> ended = new ArrayList<>();
        try {
            int i = 0;
            while (i < events.size()) {
                Instant closeTime = events.get(i).closeTime();
                int j = i;
                while (j < events.size() && events.get(j).closeTime().equals(closeTime)) {
                    j++;
                }
                // Every instrument closing now is marked first, so a fill among them values the others at this close.
                for (Event event : events.subList(i, j)) {
                    account.mark(event.symbol(), new Mark(event.candle().openTime(), event.closeTime(),
                            event.candle().close()));
                }
                for (Event event : events.subList(i, j)) {
                    evaluate(account, event, pending, ended);
                }
                boolean heldCloses = events.subList(i, j).stream()
                        .anyMatch(e -> account.position(e.symbol()).isOpen());
                if (heldCloses) {
                    // A candle stored after a later fill (ingestion lag, a refill) moves the valuation all the same:
                    // it is sampled at that fill's time, after it, so the curve's last point stays the latest state.
                    Instant lastFill = account.lastFillAt();
                    pending.sample(account.point(lastFill != null && closeTime.isBefore(lastFill) ? lastFill
                            : closeTime, EquityPoint.Kind.CANDLE, null));
                }
                if (pending.size() + 1 >= Writes.MAX_ITEMS - FILL_WRITES) {
                    flush(account, pending);
                }
                i = j;
            }
            if (pending.size() > 0 || account.changed()) {
                flush(account, pending);
            }
        } finally {
            publish(account, ended);
        }
    }

    /**
     * Refuses (503 {@code MARKET_DATA_PENDING}, changing nothing) to end {@code orders} by hand while a bar that
     * closed by {@code now} and could fill one of them is not stored yet: ingestion stores a bar minutes after its
     * close, and a cancel or stop in those minutes would undo a fill that already happened. So too while the
     * symbol's evaluation waits at a missing bar that a refill may still store ({@link #upToAWaitedBar}) and an order
     * has bars held behind it: that bar, or stored ones after it that closed after the order was placed. Once the
     * series is stale (docs/market-data.md) ingestion is not coming, and the orders end without the bar.
     *
     * @param account the session, evaluated as far as the stored bars allow
     * @param orders  resting orders of {@code account}
     * @param action  what would end them ("a cancel", "a stop"), for the message
     */
    void requireClosedBarsStored(Account account, Collection<RestingOrder> orders, String action, Instant now) {
        Map<String, Instant> evaluatedThrough = new TreeMap<>();
        for (RestingOrder order : orders) {
            evaluatedThrough.merge(order.symbol(), order.lastEvaluatedOpen(), (a, b) -> a.isBefore(b) ? a : b);
        }
        evaluatedThrough.forEach((symbol, through) -> {
            Optional<Instrument> instrument = market.instrument(symbol);
            Optional<Candle> latest = instrument.flatMap(i -> market.latestClosed(i, now));
            if (latest.isEmpty() || market.isStale(instrument.get(), latest.get(), now)) {
                return;
            }
            // A bar stored, or one that closed before the order was placed, is not the one to wait for.
            Instant accountedFor = latest.get().openTime().isAfter(through) ? latest.get().openTime() : through;
            if (market.newestClosedOpen(instrument.get(), latest.get(), now).isAfter(accountedFor)) {
                MarketCalendar calendar = instrument.get().calendar();
                Interval interval = instrument.get().interval();
                Instant closed = calendar.closeTime(interval, calendar.nextOpenTime(interval, accountedFor));
                Instant staleAfter = calendar.staleAfter(interval, latest.get().openTime());
                // Stale only after staleAfter: a retry at that instant itself would be refused again.
                Duration untilStale = Duration.between(now, staleAfter).plusNanos(1);
                throw new UnavailableException("MARKET_DATA_PENDING", "The " + symbol + " bar that closed at "
                        + closed + " is not stored yet, and " + action + " cannot undo a fill it may hold; try again"
                        + " shortly (after " + staleAfter + ", " + action + " goes ahead without it)",
                        untilStale.compareTo(PENDING_RETRY) < 0 ? untilStale : PENDING_RETRY);
            }
            // The symbol waits for all its orders; an order placed during the wait was evaluated through a later bar.
            Instant symbolThrough = account.evaluatedThrough(symbol);
            List<Candle> unapplied = market.closedAfter(instrument.get(), symbolThrough, now);
            Optional<WaitedBar> waited = waitedBar(instrument.get(), symbolThrough, unapplied, now);
            if (waited.isPresent() && unapplied.getLast().openTime().isAfter(through)) {
                MarketCalendar calendar = instrument.get().calendar();
                Interval interval = instrument.get().interval();
                Instant closed = calendar.closeTime(interval, waited.get().openTime());
                Instant givenUpAt = waited.get().givenUpAt();
                // Skipped only after givenUpAt: a retry at that instant itself would be refused again.
                Duration untilGivenUp = Duration.between(now, givenUpAt).plusNanos(1);
                throw new UnavailableException("MARKET_DATA_PENDING", "The " + symbol + " bar that closed at "
                        + closed + " is missing and may still be stored, and " + action + " cannot undo a fill it or"
                        + " the bars after it may hold; try again shortly (after " + givenUpAt + " it is skipped and"
                        + " the bars after it are applied first)",
                        untilGivenUp.compareTo(PENDING_RETRY) < 0 ? untilGivenUp : PENDING_RETRY);
            }
        });
    }

    /**
     * A missing bar the evaluation waits for: the open time it was expected at, when it is given up, and how many of
     * the closed candles come before it.
     */
    private record WaitedBar(Instant openTime, Instant givenUpAt, int candlesBefore) {
    }

    /**
     * The {@code closed} candles after the one opened at {@code through}, up to the first bar of the calendar that is
     * missing but may still be stored: ingestion refills a gap in its next runs (docs/market-data.md), so a missing
     * bar is waited for until {@link #REFILL_WAIT_BARS} further bars have closed, and skipped as never coming after.
     */
    private static List<Candle> upToAWaitedBar(Instrument instrument, Instant through, List<Candle> closed,
                                               Instant now) {
        return waitedBar(instrument, through, closed, now).map(waited -> closed.subList(0, waited.candlesBefore()))
                .orElse(closed);
    }

    /** The first bar missing among the {@code closed} candles after {@code through} that is still waited for. */
    private static Optional<WaitedBar> waitedBar(Instrument instrument, Instant through, List<Candle> closed,
                                                 Instant now) {
        MarketCalendar calendar = instrument.calendar();
        Interval interval = instrument.interval();
        Instant expected = calendar.nextOpenTime(interval, through);
        for (int i = 0; i < closed.size(); i++) {
            Candle candle = closed.get(i);
            while (candle.openTime().isAfter(expected)) {
                Instant givenUpAt = calendar.closeTime(interval,
                        calendar.openTimeAfter(interval, expected, REFILL_WAIT_BARS));
                if (givenUpAt.isAfter(now)) {
                    return Optional.of(new WaitedBar(expected, givenUpAt, i));
                }
                expected = calendar.nextOpenTime(interval, expected);
            }
            expected = calendar.nextOpenTime(interval, candle.openTime());
        }
        return Optional.empty();
    }

    /** The orders whose end committed, read back as stored. */
    private void publish(Account account, List<String> ended) {
        if (ended.isEmpty()) {
            return;
        }
        List<String> orderIds = List.copyOf(ended);
        orderEvents.ended(() -> orderIds.stream()
                .map(id -> store.order(account.userId(), account.sessionId(), id))
                .flatMap(Optional::stream).toList());
    }

    private void evaluate(Account account, Event event, Pending pending, List<String> ended) {
        Candle candle = event.candle();
        for (RestingOrder order : account.restingFor(event.symbol())) {
            if (!order.lastEvaluatedOpen().isBefore(candle.openTime())) {
                continue;
            }
            FillRules.OnCandle outcome = FillRules.onCandle(terms(order), order.triggered(), candle,
                    account.slippageBps());
            Instant triggeredAt = order.triggeredAt() != null ? order.triggeredAt()
                    : outcome.triggered() ? event.closeTime() : null;
            if (outcome.fillPrice() == null) {
                RestingOrder evaluated = order.evaluatedThrough(candle.openTime(), triggeredAt);
                account.updateResting(evaluated);
                pending.resting.put(order.orderId(), evaluated);
                continue;
            }
            if (pending.size() + 1 + FILL_WRITES > Writes.MAX_ITEMS) {
                flush(account, pending);
            }
            fill(account, order, outcome, event.closeTime(), triggeredAt, pending);
            ended.add(order.orderId());
        }
    }

    private void fill(Account account, RestingOrder order, FillRules.OnCandle outcome, Instant at,
                      Instant triggeredAt, Pending pending) {
        String tradeId = TradeIds.paper(order.orderId(), at);
        Ledger.Result result = Ledger.apply(account, new Ledger.Fill(tradeId, TradeSource.PAPER, order.orderId(),
                null, order.symbol(), order.side(), order.quantity(), outcome.fillPrice(), null, at), false);
        Writes writes = store.writes();
        pending.addTo(writes, order.orderId());
        if (result instanceof Ledger.Filled filled) {
            writes.endOrder(account.userId(), account.sessionId(), order.orderId(), OrderStatus.FILLED, null, at,
                    new Writes.OrderFill(at, filled.trade().price(), filled.trade().grossAmount(),
                            filled.trade().fees(), filled.trade().realizedPnl(), tradeId, triggeredAt));
            writes.trade(filled.trade());
            // On a candle stored after a later fill (ingestion lag, a refill) it is sampled at that fill's time, after
            // it, as candles are not sampled behind it: the curve's last point stays the latest state.
            writes.equity(account.point(account.lastFillAt(), EquityPoint.Kind.FILL, tradeId));
        } else {
            Ledger.Refused refused = (Ledger.Refused) result;
            writes.endOrder(account.userId(), account.sessionId(), order.orderId(), OrderStatus.REJECTED,
                    refused.reason(), at, null);
        }
        writes.removeResting(order);
        account.removeResting(order.orderId());
        writes.account(account.stage());
        store.commit(writes);
        account.committed();
        pending.clear();
        counters.increment(result instanceof Ledger.Filled ? "Fills" : "RestingOrdersRejected");
        LOG.info("Resting order ended", entry("sessionId", account.sessionId()), entry("orderId", order.orderId()),
                entry("symbol", order.symbol()), entry("outcome", result instanceof Ledger.Filled ? "FILLED"
                        : ((Ledger.Refused) result).reason().code()), entry("price", outcome.fillPrice().toPlainString()),
                entry("candleClose", at.toString()));
    }

    private void flush(Account account, Pending pending) {
        Writes writes = store.writes();
        pending.addTo(writes, "");
        writes.account(account.stage());
        store.commit(writes);
        account.committed();
        pending.clear();
    }

    static FillRules.Terms terms(RestingOrder order) {
        return new FillRules.Terms(order.side(), order.type(), order.limitPrice(), order.stopPrice());
    }
}
