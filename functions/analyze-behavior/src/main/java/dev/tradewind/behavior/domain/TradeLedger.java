package dev.tradewind.behavior.domain;

import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Derives round trips, entries, an equity timeline and rule breaks from a {@link TradeHistory}.
 *
 * <p><b>Round trips are matched FIFO.</b> Each closing fill is matched against the oldest open lots of its symbol
 * first, so every closed quantity knows the entry fills and times it came from: hold times (disposition effect),
 * "the trade just lost" (revenge, martingale) and journal links all need that, and average cost would erase it.
 * FIFO is also the default cost-basis method of US brokers' statements (IRS Pub. 550), the source of imported
 * histories. The disposition effect's gain/loss classification uses the position's average cost instead, as Odean
 * (1998) does. A fill larger than the open position closes it and opens the other way with the remainder; a
 * closing fill that carries the source's own realised P&L keeps that figure.
 */
public final class TradeLedger {

    public static final MathContext MC = MathContext.DECIMAL64;

    private final List<Fill> fills;
    private final List<ClosedTrade> closed;
    private final List<Entry> entries;
    private final EquityTimeline equity;
    private final List<RuleBreak> ruleBreaks;
    private final int openEntries;

    private TradeLedger(List<Fill> fills, List<ClosedTrade> closed, List<Entry> entries, EquityTimeline equity,
                        List<RuleBreak> ruleBreaks, int openEntries) {
        this.fills = fills;
        this.closed = closed;
        this.entries = entries;
        this.equity = equity;
        this.ruleBreaks = ruleBreaks;
        this.openEntries = openEntries;
    }

    /**
     * Fills in analysis order: by time; fills at one instant keep the order they were given in (a session's fill
     * order, a request's or an import's row order), since a buy and a sell in one second are a round trip only in
     * that order.
     */
    static List<Fill> ordered(List<Fill> fills) {
        List<Fill> sorted = new ArrayList<>(fills);
        sorted.sort(Comparator.comparing(Fill::time));
        Set<String> ids = new HashSet<>();
        for (Fill fill : sorted) {
            if (!ids.add(fill.id())) {
                throw new IllegalArgumentException("duplicate fill id " + fill.id());
            }
        }
        return List.copyOf(sorted);
    }

    static TradeLedger build(TradeHistory history, ZoneId zone) {
        List<Fill> fills = ordered(history.fills());
        List<ClosedTrade> closed = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<String, Deque<Lot>> books = new HashMap<>();
        for (int i = 0; i < fills.size(); i++) {
            Fill fill = fills.get(i);
            Deque<Lot> lots = books.computeIfAbsent(fill.symbol(), s -> new ArrayDeque<>());
            BigDecimal remaining = fill.quantity();
            Direction closes = fill.side() == Side.SELL ? Direction.LONG : Direction.SHORT;
            if (!lots.isEmpty() && lots.peekFirst().direction == closes) {
                remaining = close(fill, 2 * i, lots, closes, closed);
            }
            if (remaining.signum() > 0) {
                Direction opens = fill.side() == Side.BUY ? Direction.LONG : Direction.SHORT;
                BigDecimal fees = share(fill.fees(), remaining, fill.quantity());
                boolean adding = !lots.isEmpty();
                lots.addLast(new Lot(fill.id(), fill.time(), opens, remaining, fill.price(), fees));
                entries.add(new Entry(fill.id(), 2 * i + 1, fill.time(), fill.symbol(), opens, remaining,
                        fill.price(), remaining.multiply(fill.price()), adding));
            }
        }
        EquityTimeline timeline = new EquityTimeline(history.equity(), closed);
        List<RuleBreak> breaks = RuleBreaks.merge(history.ruleBreaks(),
                RuleBreaks.derive(history.riskLimits(), fills, entries, closed, timeline, zone));
        // Every lot left is an entry with units not yet closed, whether or not some of its units were.
        int openEntries = books.values().stream().mapToInt(Deque::size).sum();
        return new TradeLedger(fills, List.copyOf(closed), List.copyOf(entries), timeline, breaks, openEntries);
    }

    private static BigDecimal close(Fill fill, int seq, Deque<Lot> lots, Direction direction,
                                    List<ClosedTrade> closed) {
        BigDecimal remaining = fill.quantity();
        BigDecimal matched = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal entryFees = BigDecimal.ZERO;
        double weightedSeconds = 0;
        Instant firstEntry = null;
        List<String> entryIds = new ArrayList<>();
        while (remaining.signum() > 0 && !lots.isEmpty()) {
            Lot lot = lots.peekFirst();
            BigDecimal take = lot.remaining.min(remaining);
            matched = matched.add(take);
            cost = cost.add(take.multiply(lot.price));
            entryFees = entryFees.add(lot.feesFor(take));
            weightedSeconds += take.doubleValue() * lot.time.getEpochSecond();
            firstEntry = firstEntry == null ? lot.time : firstEntry;
            entryIds.add(lot.fillId); // a fill opens at most one lot, and a close takes each lot once
            lot.remaining = lot.remaining.subtract(take);
            remaining = remaining.subtract(take);
            if (lot.remaining.signum() == 0) {
                lots.removeFirst();
            }
        }
        BigDecimal proceeds = matched.multiply(fill.price());
        BigDecimal gross = direction == Direction.LONG ? proceeds.subtract(cost) : cost.subtract(proceeds);
        BigDecimal fees = entryFees.add(share(fill.fees(), matched, fill.quantity()));
        BigDecimal pnl = gross.subtract(fees);
        boolean reported = fill.realizedPnl() != null;
        if (reported) {
            pnl = fill.realizedPnl();
            gross = pnl.add(fees);
        }
        Instant meanEntry = Instant.ofEpochSecond(Math.round(weightedSeconds / matched.doubleValue()));
        closed.add(new ClosedTrade(fill.id(), seq, fill.symbol(), direction, firstEntry, meanEntry, fill.time(),
                matched, fill.price(), cost, money(fees), money(gross),
                money(pnl), reported, List.copyOf(entryIds)));
        return remaining;
    }

    private static BigDecimal share(BigDecimal amount, BigDecimal part, BigDecimal whole) {
        return part.compareTo(whole) == 0 ? amount : amount.multiply(part).divide(whole, MC);
    }

    /** Money rounded for reporting only where division made it long; exact sums stay exact. */
    static BigDecimal money(BigDecimal value) {
        return value.scale() > 8 ? value.setScale(8, RoundingMode.HALF_EVEN).stripTrailingZeros() : value;
    }

    public List<Fill> fills() {
        return fills;
    }

    public List<ClosedTrade> closed() {
        return closed;
    }

    /** Entries still open at the last fill, in whole or in part. */
    public int openEntries() {
        return openEntries;
    }

    public List<Entry> entries() {
        return entries;
    }

    public EquityTimeline equity() {
        return equity;
    }

    public List<RuleBreak> ruleBreaks() {
        return ruleBreaks;
    }

    private static final class Lot {
        final String fillId;
        final Instant time;
        final Direction direction;
        final BigDecimal price;
        final BigDecimal quantity;
        final BigDecimal fees;
        BigDecimal remaining;

        Lot(String fillId, Instant time, Direction direction, BigDecimal quantity, BigDecimal price,
            BigDecimal fees) {
            this.fillId = fillId;
            this.time = time;
            this.direction = direction;
            this.quantity = quantity;
            this.remaining = quantity;
            this.price = price;
            this.fees = fees;
        }

        /** This lot's entry fees for {@code take} of its units, pro rata (no division when it closes whole). */
        BigDecimal feesFor(BigDecimal take) {
            if (fees.signum() == 0) {
                return BigDecimal.ZERO;
            }
            return take.compareTo(quantity) == 0 ? fees : fees.multiply(take).divide(quantity, MC);
        }
    }

    /**
     * Equity at any moment: the latest known point at or before it, rolled forward by the realised P&L of round trips
     * closed since (or, before the first point, rolled back from it). Unknown when no point was given.
     */
    public static final class EquityTimeline {
        private final long[] pointSeconds;
        private final double[] pointValues;
        private final long[] exitSeconds;
        private final double[] cumulativePnl;

        EquityTimeline(List<EquityMark> points, List<ClosedTrade> closed) {
            List<EquityMark> sorted = new ArrayList<>(points);
            sorted.sort(Comparator.comparing(EquityMark::time));
            pointSeconds = new long[sorted.size()];
            pointValues = new double[sorted.size()];
            for (int i = 0; i < sorted.size(); i++) {
                pointSeconds[i] = sorted.get(i).time().getEpochSecond();
                pointValues[i] = sorted.get(i).equity().doubleValue();
            }
            List<ClosedTrade> byExit = new ArrayList<>(closed);
            byExit.sort(Comparator.comparing(ClosedTrade::exitTime).thenComparingInt(ClosedTrade::seq));
            exitSeconds = new long[byExit.size()];
            cumulativePnl = new double[byExit.size() + 1];
            for (int i = 0; i < byExit.size(); i++) {
                exitSeconds[i] = byExit.get(i).exitTime().getEpochSecond();
                cumulativePnl[i + 1] = cumulativePnl[i] + byExit.get(i).pnlValue();
            }
        }

        public boolean known() {
            return pointSeconds.length > 0;
        }

        /** Equity at {@code time} including round trips closed at that instant; NaN when unknown. */
        public double at(Instant time) {
            return atSecond(time.getEpochSecond());
        }

        /**
         * Equity just before {@code time}: without the points and round trips booked at that instant (the timeline
         * counts whole seconds), so a fill's own equity point does not count; NaN when unknown.
         */
        public double justBefore(Instant time) {
            return atSecond(time.getEpochSecond() - 1);
        }

        private double atSecond(long t) {
            if (!known()) {
                return Double.NaN;
            }
            int point = lastAtOrBefore(pointSeconds, t);
            if (point >= 0) {
                return pointValues[point] + pnlThrough(t) - pnlThrough(pointSeconds[point]);
            }
            return pointValues[0] - (pnlThrough(pointSeconds[0]) - pnlThrough(t));
        }

        /** Equity just before a round trip's result was booked. */
        public double before(ClosedTrade trade) {
            return at(trade.exitTime()) - trade.pnlValue();
        }

        private double pnlThrough(long seconds) {
            return cumulativePnl[lastAtOrBefore(exitSeconds, seconds) + 1];
        }

        private static int lastAtOrBefore(long[] sorted, long value) {
            int low = 0;
            int high = sorted.length - 1;
            int found = -1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                if (sorted[mid] <= value) {
                    found = mid;
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            return found;
        }
    }

    /** Rule breaks the source recorded plus those derived from its risk limits. */
    static final class RuleBreaks {

        static final String MAX_ORDERS_PER_HOUR = "MAX_ORDERS_PER_HOUR";
        static final String MAX_POSITION_PCT = "MAX_POSITION_PCT";
        static final String MAX_DAILY_LOSS_PCT = "MAX_DAILY_LOSS_PCT";
        private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

        private RuleBreaks() {
        }

        static List<RuleBreak> derive(RiskLimits limits, List<Fill> fills, List<Entry> entries,
                                      List<ClosedTrade> closed, EquityTimeline equity, ZoneId zone) {
            List<RuleBreak> breaks = new ArrayList<>();
            if (limits.maxOrdersPerHour() != null && limits.maxOrdersPerHour() > 0) {
                int start = 0;
                for (int i = 0; i < fills.size(); i++) {
                    Instant now = fills.get(i).time();
                    while (!fills.get(start).time().isAfter(now.minus(Duration.ofHours(1)))) {
                        start++;
                    }
                    int inHour = i - start + 1;
                    if (inHour > limits.maxOrdersPerHour()) {
                        breaks.add(new RuleBreak(now, MAX_ORDERS_PER_HOUR, fills.get(i).id(),
                                inHour + " fills within an hour, limit " + limits.maxOrdersPerHour()));
                    }
                }
            }
            if (limits.maxPositionPct() != null && equity.known()) {
                Map<String, BigDecimal> open = new HashMap<>();
                int next = 0;
                List<ClosedTrade> bySeq = closed;
                for (Entry entry : entries) {
                    while (next < bySeq.size() && bySeq.get(next).seq() < entry.seq()) {
                        ClosedTrade c = bySeq.get(next++);
                        open.merge(c.symbol(), c.quantity().negate(), BigDecimal::add);
                    }
                    BigDecimal quantity = open.merge(entry.symbol(), entry.quantity(), BigDecimal::add);
                    BigDecimal value = quantity.multiply(entry.price());
                    // trading-session's order check: the position against the equity before the fill (the fill's
                    // own equity point is lower by its fee), broken only above the limit.
                    double before = equity.justBefore(entry.time());
                    if (value.multiply(HUNDRED).compareTo(limits.maxPositionPct()
                            .multiply(BigDecimal.valueOf(before))) > 0) {
                        breaks.add(new RuleBreak(entry.time(), MAX_POSITION_PCT, entry.fillId(), String.format(
                                java.util.Locale.ROOT, "position %.2f%% of equity, limit %s%%",
                                100 * value.doubleValue() / before, limits.maxPositionPct().toPlainString())));
                    }
                }
            }
            if (limits.maxDailyLossPct() != null && equity.known()) {
                double limit = limits.maxDailyLossPct().doubleValue();
                Map<LocalDate, Double> realised = new TreeMap<>();
                Map<LocalDate, Instant> breached = new LinkedHashMap<>();
                Map<LocalDate, Double> dayStartEquity = new HashMap<>();
                int next = 0;
                for (Entry entry : entries) {
                    while (next < closed.size() && closed.get(next).seq() < entry.seq()) {
                        ClosedTrade c = closed.get(next++);
                        LocalDate day = LocalDate.ofInstant(c.exitTime(), zone);
                        double sum = realised.merge(day, c.pnlValue(), Double::sum);
                        double dayStart = dayStartEquity.computeIfAbsent(day,
                                d -> equity.at(d.atStartOfDay(zone).toInstant().minusNanos(1)));
                        if (!breached.containsKey(day) && -sum > limit / 100 * dayStart) {
                            breached.put(day, c.exitTime());
                        }
                    }
                    LocalDate day = LocalDate.ofInstant(entry.time(), zone);
                    if (breached.containsKey(day)) {
                        breaks.add(new RuleBreak(entry.time(), MAX_DAILY_LOSS_PCT, entry.fillId(),
                                "entry after the day's realised loss passed " + limits.maxDailyLossPct()
                                        .toPlainString() + "% of equity"));
                    }
                }
            }
            return breaks;
        }

        static List<RuleBreak> merge(List<RuleBreak> recorded, List<RuleBreak> derived) {
            Map<String, RuleBreak> unique = new TreeMap<>();
            for (List<RuleBreak> list : List.of(recorded, derived)) {
                for (RuleBreak b : list) {
                    String key = b.time() + "|" + b.rule() + "|" + (b.tradeId() == null ? "" : b.tradeId());
                    unique.putIfAbsent(key, b);
                }
            }
            List<RuleBreak> sorted = new ArrayList<>(unique.values());
            sorted.sort(Comparator.comparing(RuleBreak::time).thenComparing(RuleBreak::rule)
                    .thenComparing(b -> b.tradeId() == null ? "" : b.tradeId()));
            return List.copyOf(sorted);
        }
    }
}
