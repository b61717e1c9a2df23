package dev.tradewind.trading.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tradewind.shared.market.NyseCalendar;
import dev.tradewind.shared.trading.TradeRecord;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Performance metrics of a session from its equity curve and its trades; the formulas are written out in
 * docs/trading.md#performance-metrics. Ratios are computed in double (they are statistics, not money) and reported to 6 decimals;
 * money stays exact. A metric that is undefined for the data (e.g. Sharpe with fewer than two returns, profit factor
 * without a losing trade) is null, never a made-up number.
 */
public final class Performance {

    /** A dispersion at most this fraction of the mean (or of 1) is rounding, not variation. */
    private static final double NEGLIGIBLE = 1e-12;

    private Performance() {
    }

    /** How returns are sampled and annualised. */
    public enum Grid {
        /** One return per UTC calendar day, 365 a year: any session that trades crypto (which trades every day). */
        CALENDAR_DAYS(365),
        /** One return per NYSE trading day (at the 16:00 New York close), 252 a year: sessions of stocks only. */
        NYSE_TRADING_DAYS(252);

        private final int periodsPerYear;

        Grid(int periodsPerYear) {
            this.periodsPerYear = periodsPerYear;
        }

        public int periodsPerYear() {
            return periodsPerYear;
        }
    }

    /** A point of the equity curve; points of one instant are ordered by fill count, then kind, as stored. */
    public record Point(Instant time, long fills, EquityPoint.Kind kind, BigDecimal equity) {

        private static final Comparator<Point> ORDER = Comparator.comparing(Point::time)
                .thenComparingLong(Point::fills).thenComparing(Point::kind);

        public static Point of(EquityPoint point) {
            return new Point(point.time(), point.fills(), point.kind(), point.equity());
        }
    }

    /**
     * @param curve       the equity curve, oldest first; the start and the current valuation are added by the caller
     * @param trades      every fill, in fill order
     * @param turnover    the sum of every fill's gross amount
     */
    public record Inputs(BigDecimal startingEquity, Instant start, Instant end, List<Point> curve,
                         List<TradeRecord> trades, BigDecimal feesPaid, BigDecimal turnover, Grid grid) {
    }

    /**
     * Every metric is in the answer (the performance route's and a backtest's), an undefined one as null rather than
     * left out as other absent values are: docs/trading.md#performance-metrics.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Metrics(String grid, int periodsPerYear, int observations, Instant start, Instant end,
                          BigDecimal startingEquity, BigDecimal endingEquity, BigDecimal totalReturn, BigDecimal cagr,
                          BigDecimal volatility, BigDecimal sharpe, BigDecimal sortino, BigDecimal calmar,
                          BigDecimal maxDrawdown, String maxDrawdownDuration, Instant maxDrawdownPeakAt,
                          Instant maxDrawdownTroughAt, int trades, int closedTrades, int wins, int losses,
                          int breakeven, BigDecimal winRate, BigDecimal profitFactor, BigDecimal expectancy,
                          BigDecimal sqn, BigDecimal averageWin, BigDecimal averageLoss, BigDecimal largestWin,
                          BigDecimal largestLoss, int maxConsecutiveWins, int maxConsecutiveLosses,
                          BigDecimal grossProfit, BigDecimal grossLoss, BigDecimal realizedPnl, BigDecimal exposure,
                          BigDecimal turnover, BigDecimal fees) {
    }

    public static Metrics compute(Inputs in) {
        List<Point> curve = new ArrayList<>(in.curve());
        curve.sort(Point.ORDER);
        BigDecimal startEquity = in.startingEquity();
        BigDecimal endEquity = curve.isEmpty() ? startEquity : curve.getLast().equity();
        boolean hasCapital = startEquity.signum() > 0;

        // Periodic returns on the grid.
        List<BigDecimal> observed = new ArrayList<>();
        observed.add(startEquity);
        // One pass: the grid and the curve are both in time order, and a year of hourly points has 8,760.
        int next = 0;
        BigDecimal latest = startEquity;
        for (Instant at : gridPoints(in.grid(), in.start(), in.end())) {
            while (next < curve.size() && !curve.get(next).time().isAfter(at)) {
                latest = curve.get(next++).equity();
            }
            observed.add(latest);
        }
        if (observed.getLast().compareTo(endEquity) != 0) {
            // The partial period since the last grid point, when something happened in it.
            observed.add(endEquity);
        }
        int n = hasCapital ? observed.size() - 1 : 0;
        // A return from equity at or below 0 (a journal's cash may go negative) is undefined, and with it every
        // statistic of the returns; the endpoints still define total return and CAGR.
        boolean returnsDefined = observed.subList(0, n).stream().allMatch(equity -> equity.signum() > 0);
        List<Double> returns = new ArrayList<>();
        for (int i = 1; i <= n && returnsDefined; i++) {
            returns.add(observed.get(i).doubleValue() / observed.get(i - 1).doubleValue() - 1);
        }
        int periods = in.grid().periodsPerYear();
        Double totalReturn = hasCapital ? endEquity.doubleValue() / startEquity.doubleValue() - 1 : null;
        Double cagr = null;
        if (totalReturn != null && n >= 1) {
            cagr = endEquity.signum() <= 0 ? -1.0 : Math.pow(1 + totalReturn, (double) periods / n) - 1;
        }
        int r = returns.size();
        Double mean = r >= 1 ? returns.stream().mapToDouble(Double::doubleValue).average().orElse(0) : null;
        Double stdev = r >= 2 ? sampleStdev(returns, mean) : null;
        Double sharpe = stdev != null && stdev > 0 ? mean / stdev * Math.sqrt(periods) : null;
        Double downside = r >= 2 ? Math.sqrt(returns.stream().mapToDouble(x -> x < 0 ? x * x : 0).sum() / r) : null;
        Double sortino = downside != null && downside > 0 ? mean / downside * Math.sqrt(periods) : null;
        Double volatility = stdev != null ? stdev * Math.sqrt(periods) : null;

        // Drawdown over every point of the curve.
        Drawdown drawdown = hasCapital ? drawdown(startEquity, in.start(), curve, in.end()) : null;
        Double calmar = cagr != null && drawdown != null && drawdown.depth > 0 ? cagr / drawdown.depth : null;

        // Trade statistics over closing fills.
        TradeStats stats = tradeStats(in.trades());
        BigDecimal exposure = exposure(in.trades(), in.start(), in.end());
        // Without capital the equity is only the P&L: traded money over it is no multiple of anything.
        double averageEquity = observed.stream().mapToDouble(BigDecimal::doubleValue).average().orElse(0);
        Double turnover = hasCapital && averageEquity > 0 ? in.turnover().doubleValue() / averageEquity : null;

        return new Metrics(in.grid().name(), periods, n, in.start(), in.end(), startEquity, endEquity,
                ratio(totalReturn), ratio(cagr), ratio(volatility), ratio(sharpe), ratio(sortino), ratio(calmar),
                drawdown == null ? null : ratio(drawdown.depth), drawdown == null ? null : drawdown.longest.toString(),
                drawdown == null ? null : drawdown.peakAt, drawdown == null ? null : drawdown.troughAt,
                in.trades().size(), stats.closed, stats.wins, stats.losses, stats.breakeven,
                stats.closed == 0 ? null : ratio((double) stats.wins / stats.closed),
                stats.grossLoss.signum() == 0 ? null
                        : stats.grossProfit.divide(stats.grossLoss, 6, RoundingMode.HALF_UP).stripTrailingZeros(),
                stats.closed == 0 ? null : stats.total.divide(BigDecimal.valueOf(stats.closed), 2, RoundingMode.HALF_UP),
                ratio(stats.sqn()),
                stats.wins == 0 ? null : stats.grossProfit.divide(BigDecimal.valueOf(stats.wins), 2, RoundingMode.HALF_UP),
                stats.losses == 0 ? null
                        : stats.grossLoss.negate().divide(BigDecimal.valueOf(stats.losses), 2, RoundingMode.HALF_UP),
                stats.largestWin, stats.largestLoss, stats.maxWinStreak, stats.maxLossStreak,
                stats.grossProfit, stats.grossLoss.negate(), stats.total, exposure, ratio(turnover), in.feesPaid());
    }

    /** Grid instants in (start, end]: UTC midnights, or NYSE closes of trading days. */
    static List<Instant> gridPoints(Grid grid, Instant start, Instant end) {
        List<Instant> points = new ArrayList<>();
        if (grid == Grid.CALENDAR_DAYS) {
            LocalDate day = start.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
            for (Instant at = day.atStartOfDay().toInstant(ZoneOffset.UTC); !at.isAfter(end);
                 day = day.plusDays(1), at = day.atStartOfDay().toInstant(ZoneOffset.UTC)) {
                points.add(at);
            }
        } else {
            LocalDate day = start.atZone(NyseCalendar.NEW_YORK).toLocalDate();
            while (true) {
                Instant close = day.atTime(NyseCalendar.SESSION_CLOSE).atZone(NyseCalendar.NEW_YORK).toInstant();
                if (close.isAfter(end)) {
                    break;
                }
                if (close.isAfter(start) && NyseCalendar.isTradingDay(day)) {
                    points.add(close);
                }
                day = day.plusDays(1);
            }
        }
        return points;
    }

    /**
     * The sample standard deviation, 0 when it is negligible beside the mean: identical values (returns of a constant
     * +10 %) leave ~1e-17 of rounding in double, which would make a ratio over it ~1e16.
     */
    private static double sampleStdev(List<Double> values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        double stdev = Math.sqrt(sum / (values.size() - 1));
        return stdev <= NEGLIGIBLE * Math.max(1, Math.abs(mean)) ? 0 : stdev;
    }

    static final class Drawdown {
        double depth;
        Duration longest = Duration.ZERO;
        Instant peakAt;
        Instant troughAt;
    }

    /**
     * Max drawdown = max over time of (running peak − equity) / running peak; its duration is the longest time spent
     * below a running peak (from the peak to the first point back at or above it, or to the end if never).
     */
    static Drawdown drawdown(BigDecimal startEquity, Instant start, List<Point> curve, Instant end) {
        Drawdown result = new Drawdown();
        BigDecimal peak = startEquity;
        Instant peakTime = start;
        boolean under = false;
        // The lowest equity since the peak: only a point below it can be deeper, so only it needs the division.
        BigDecimal low = peak;
        for (Point point : curve) {
            if (point.equity().compareTo(peak) >= 0) {
                if (under) {
                    Duration length = Duration.between(peakTime, point.time());
                    if (length.compareTo(result.longest) > 0) {
                        result.longest = length;
                    }
                    under = false;
                }
                peak = point.equity();
                peakTime = point.time();
                low = peak;
                continue;
            }
            under = true;
            if (point.equity().compareTo(low) >= 0) {
                continue;
            }
            low = point.equity();
            double depth = peak.subtract(point.equity()).divide(peak, MathContext.DECIMAL64).doubleValue();
            if (depth > result.depth) {
                result.depth = depth;
                result.peakAt = peakTime;
                result.troughAt = point.time();
            }
        }
        if (under) {
            Duration length = Duration.between(peakTime, end);
            if (length.compareTo(result.longest) > 0) {
                result.longest = length;
            }
        }
        return result;
    }

    private static final class TradeStats {
        int closed;
        int wins;
        int losses;
        int breakeven;
        int maxWinStreak;
        int maxLossStreak;
        BigDecimal grossProfit = BigDecimal.ZERO.setScale(2);
        BigDecimal grossLoss = BigDecimal.ZERO.setScale(2);
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        BigDecimal largestWin;
        BigDecimal largestLoss;
        final List<Double> pnl = new ArrayList<>();

        Double sqn() {
            if (pnl.size() < 2) {
                return null;
            }
            double mean = pnl.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double stdev = sampleStdev(pnl, mean);
            return stdev > 0 ? Math.sqrt(pnl.size()) * mean / stdev : null;
        }
    }

    private static TradeStats tradeStats(List<TradeRecord> trades) {
        TradeStats stats = new TradeStats();
        int winStreak = 0;
        int lossStreak = 0;
        for (TradeRecord trade : trades) {
            if (!trade.closing()) {
                continue;
            }
            BigDecimal pnl = trade.realizedPnl();
            stats.closed++;
            stats.total = stats.total.add(pnl);
            stats.pnl.add(pnl.doubleValue());
            if (pnl.signum() > 0) {
                stats.wins++;
                stats.grossProfit = stats.grossProfit.add(pnl);
                stats.largestWin = stats.largestWin == null ? pnl : stats.largestWin.max(pnl);
                winStreak++;
                lossStreak = 0;
            } else if (pnl.signum() < 0) {
                stats.losses++;
                stats.grossLoss = stats.grossLoss.add(pnl.negate());
                stats.largestLoss = stats.largestLoss == null ? pnl : stats.largestLoss.min(pnl);
                lossStreak++;
                winStreak = 0;
            } else {
                stats.breakeven++;
                winStreak = 0;
                lossStreak = 0;
            }
            stats.maxWinStreak = Math.max(stats.maxWinStreak, winStreak);
            stats.maxLossStreak = Math.max(stats.maxLossStreak, lossStreak);
        }
        return stats;
    }

    /**
     * The fraction of [start, end] during which the session held any position; time after the end does not count.
     * Fills are taken in the order they were booked: a resting order filled on a bar stored after a later fill keeps
     * the bar's close as its time but held nothing before that later fill, so it counts from there, as the equity
     * curve samples it (docs/trading.md#accounting).
     */
    static BigDecimal exposure(List<TradeRecord> trades, Instant start, Instant end) {
        long total = Duration.between(start, end).toMillis();
        if (total <= 0) {
            return null;
        }
        Map<String, BigDecimal> held = new HashMap<>();
        long exposed = 0;
        Instant openSince = null;
        Instant booked = start;
        for (TradeRecord trade : trades.stream().sorted(Comparator.comparingLong(TradeRecord::fillNumber)).toList()) {
            boolean wasOpen = held.values().stream().anyMatch(q -> q.signum() > 0);
            held.put(trade.symbol(), trade.positionQuantityAfter());
            boolean isOpen = held.values().stream().anyMatch(q -> q.signum() > 0);
            booked = trade.filledAt().isAfter(booked) ? trade.filledAt() : booked;
            Instant at = booked.isAfter(end) ? end : booked;
            if (!wasOpen && isOpen) {
                openSince = at;
            } else if (wasOpen && !isOpen) {
                exposed += Duration.between(openSince, at).toMillis();
            }
        }
        if (openSince != null && held.values().stream().anyMatch(q -> q.signum() > 0)) {
            exposed += Duration.between(openSince, end).toMillis();
        }
        return ratio((double) exposed / total);
    }

    /** A ratio as the metrics report it: 6 decimals, null when undefined (NaN or infinite). */
    public static BigDecimal ratio(Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return null;
        }
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
