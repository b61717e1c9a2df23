package dev.tradewind.trading.domain.backtest;

import dev.tradewind.shared.indicators.CandleSeries;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.SessionStatus;
import dev.tradewind.shared.trading.SessionType;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.trading.TradeSource;
import dev.tradewind.trading.domain.Account;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.FillRules;
import dev.tradewind.trading.domain.Ledger;
import dev.tradewind.trading.domain.Mark;
import dev.tradewind.trading.domain.Money;
import dev.tradewind.trading.domain.OrderType;
import dev.tradewind.trading.domain.Performance;
import dev.tradewind.trading.domain.RestingOrder;
import dev.tradewind.trading.domain.Session;
import dev.tradewind.trading.domain.TradeIds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Rules} strategy over one series' closed bars with the paper-trading engine itself: market orders
 * priced by {@link FillRules#atPlacement} against the close of the bar that just closed (as a paper order placed at
 * that moment is), stop-loss and take-profit orders resting and evaluated candle by candle by
 * {@link FillRules#onCandle} (as the session evaluator does), every fill booked by {@link Ledger#apply} on an
 * {@link Account}, and the metrics of {@link Performance#compute}. Nothing is copied from paper trading, so a
 * backtest and a paper session fed the same orders end with the same trades, cash and equity.
 *
 * <p>No look-ahead: the decision at bar i is taken when bar i has closed and reads indicator values at i, each of
 * which the shared indicators compute from bars up to i only; the bar still forming is never among the bars given.
 */
public final class BacktestEngine {

    private static final BigDecimal BPS = new BigDecimal(10_000);
    private static final BigDecimal HUNDRED = new BigDecimal(100);
    /** A fill refused for want of cash (the fee and the gross round up to the cent) is retried this much smaller. */
    private static final BigDecimal SHRINK = new BigDecimal("0.999");

    /** What is simulated: one instrument and the paper session's money settings. */
    public record Config(String backtestId, String userId, String symbol, AssetClass assetClass, Interval interval,
                         MarketCalendar calendar, BigDecimal startingCash, BigDecimal feesBps,
                         BigDecimal slippageBps, Instant createdAt) {
    }

    /** Buy-and-hold of the same symbol over the same bars, with the same fees and slippage. */
    public record BuyAndHold(BigDecimal quantity, BigDecimal price, BigDecimal endingEquity, BigDecimal totalReturn,
                             BigDecimal maxDrawdown) {
    }

    /** The run: its fills, its equity at every decision, the metrics, and buy-and-hold beside it. */
    public record Result(List<TradeRecord> trades, List<EquityPoint> curve, Performance.Metrics metrics,
                         BuyAndHold buyAndHold, int decisions, Instant start, Instant end, BigDecimal cash,
                         BigDecimal equity) {
    }

    private BacktestEngine() {
    }

    /**
     * @param bars          closed bars of the symbol, oldest first, consecutive by the calendar as stored
     * @param firstDecision the index of the first bar whose close is a decision (the ones before are history for
     *                      the indicators)
     */
    public static Result run(Config config, Rules rules, List<Candle> bars, int firstDecision) {
        int n = bars.size();
        Rules.Frame frame = new Rules.Frame(CandleSeries.closes(bars), CandleSeries.highs(bars),
                CandleSeries.lows(bars));
        Account account = Account.create(session(config));
        List<TradeRecord> trades = new ArrayList<>();
        List<EquityPoint> curve = new ArrayList<>();
        int scale = Money.quantityScale(config.assetClass());
        int orders = 0;
        for (int i = firstDecision; i < n; i++) {
            Candle bar = bars.get(i);
            Instant at = config.calendar().closeTime(config.interval(), bar.openTime());
            account.mark(config.symbol(), new Mark(bar.openTime(), at, bar.close()));
            int before = trades.size();
            evaluateResting(config, account, bar, at, trades);
            boolean holding = account.position(config.symbol()).isOpen();
            double fraction = holding ? 0 : fraction(config, rules, frame, i);
            if (!holding && fraction > 0 && rules.entry().holds(frame, i)) {
                String orderId = config.backtestId() + "-" + (++orders);
                TradeRecord entry = buy(config, account, fraction, bar.close(), scale, orderId, at);
                if (entry != null) {
                    trades.add(entry);
                    restExits(config, account, rules, frame.atr(i), entry, bar, at, orders);
                    orders += 2;
                }
            } else if (holding && trades.size() == before && rules.exit().holds(frame, i)) {
                String orderId = config.backtestId() + "-" + (++orders);
                trades.add(market(config, account, Side.SELL, account.position(config.symbol()).quantity(),
                        bar.close(), orderId, at));
                account.resting().forEach(r -> account.removeResting(r.orderId()));
            }
            curve.add(account.point(at, trades.size() > before ? EquityPoint.Kind.FILL : EquityPoint.Kind.CANDLE,
                    trades.size() > before ? trades.getLast().tradeId() : null));
        }
        Instant start = firstDecision < n ? config.calendar().closeTime(config.interval(),
                bars.get(firstDecision).openTime()) : config.createdAt();
        Instant end = curve.isEmpty() ? start : curve.getLast().time();
        Performance.Metrics metrics = metrics(config, start, end, curve, trades, account);
        return new Result(trades, curve, metrics, buyAndHold(config, bars, firstDecision, scale), curve.size(), start,
                end, account.cash(), account.equity());
    }

    private static Session session(Config config) {
        BigDecimal zero = Money.zero();
        return new Session(config.userId(), config.backtestId(), "backtest", SessionType.PAPER, SessionStatus.ACTIVE,
                "USD", config.startingCash(), config.startingCash(), zero, zero, zero, config.feesBps(),
                config.slippageBps(), RiskLimits.NONE, false, config.createdAt(), null, null, 0, Map.of(), List.of(),
                null, 0, 0, null);
    }

    /** Stop-loss and take-profit orders placed at an earlier decision, on the first bar after it and every later one. */
    private static void evaluateResting(Config config, Account account, Candle bar, Instant at,
                                        List<TradeRecord> trades) {
        for (RestingOrder order : account.restingFor(config.symbol())) {
            if (!order.lastEvaluatedOpen().isBefore(bar.openTime())) {
                continue;
            }
            FillRules.OnCandle outcome = FillRules.onCandle(new FillRules.Terms(order.side(), order.type(),
                    order.limitPrice(), order.stopPrice()), order.triggered(), bar, config.slippageBps());
            if (outcome.fillPrice() == null) {
                account.updateResting(order.evaluatedThrough(bar.openTime(),
                        order.triggeredAt() != null ? order.triggeredAt() : outcome.triggered() ? at : null));
                continue;
            }
            Ledger.Result result = Ledger.apply(account, new Ledger.Fill(TradeIds.paper(order.orderId(), at),
                    TradeSource.PAPER, order.orderId(), null, order.symbol(), order.side(), order.quantity(),
                    outcome.fillPrice(), null, at), false);
            if (result instanceof Ledger.Filled filled) {
                trades.add(filled.trade());
            }
            // One exit filled (or could not): the other is cancelled, as a trader would.
            account.resting().forEach(r -> account.removeResting(r.orderId()));
            return;
        }
    }

    /** A market buy of about {@code fraction} of equity, or null when that is less than one quantity step. */
    private static TradeRecord buy(Config config, Account account, double fraction, BigDecimal reference, int scale,
                                   String orderId, Instant at) {
        FillRules.FillNow fill = (FillRules.FillNow) FillRules.atPlacement(new FillRules.Terms(Side.BUY,
                OrderType.MARKET, null, null), reference, config.slippageBps(), BigDecimal.ZERO);
        BigDecimal budget = account.equity().multiply(BigDecimal.valueOf(fraction));
        BigDecimal perUnit = fill.price().multiply(BigDecimal.ONE.add(config.feesBps().divide(BPS)));
        BigDecimal quantity = budget.divide(perUnit, scale, RoundingMode.FLOOR);
        for (int attempt = 0; attempt < 5 && quantity.signum() > 0; attempt++) {
            Ledger.Result result = Ledger.apply(account, new Ledger.Fill(TradeIds.paper(orderId, at),
                    TradeSource.PAPER, orderId, null, config.symbol(), Side.BUY, quantity, fill.price(), null, at),
                    false);
            if (result instanceof Ledger.Filled filled) {
                return filled.trade();
            }
            quantity = quantity.multiply(SHRINK).setScale(scale, RoundingMode.FLOOR);
        }
        return null;
    }

    private static TradeRecord market(Config config, Account account, Side side, BigDecimal quantity,
                                      BigDecimal reference, String orderId, Instant at) {
        FillRules.FillNow fill = (FillRules.FillNow) FillRules.atPlacement(new FillRules.Terms(side,
                OrderType.MARKET, null, null), reference, config.slippageBps(), BigDecimal.ZERO);
        Ledger.Result result = Ledger.apply(account, new Ledger.Fill(TradeIds.paper(orderId, at), TradeSource.PAPER,
                orderId, null, config.symbol(), side, quantity, fill.price(), null, at), false);
        return ((Ledger.Filled) result).trade();
    }

    /**
     * The share of equity an entry at bar i buys: the strategy's fraction, or less where a volatility target asks
     * for it; 0 (no entry) while the volatility is not yet defined.
     */
    static double fraction(Config config, Rules rules, Rules.Frame frame, int i) {
        if (rules.volatilityTarget() == null) {
            return rules.positionFraction();
        }
        double perYear = frame.volatility(i) * Math.sqrt(periodsPerYear(config));
        if (!(perYear > 0)) {
            return 0;
        }
        return Math.min(rules.positionFraction(), rules.positionFraction() * rules.volatilityTarget() / perYear);
    }

    static double periodsPerYear(Config config) {
        boolean daily = config.interval() == Interval.D1;
        return config.assetClass() == AssetClass.STOCK ? 252 : daily ? 365 : 24 * 365;
    }

    /**
     * The stop-loss (a STOP sell) and take-profit (a LIMIT sell) of an entry, resting from the next bar on, in percent
     * of the entry price or in multiples of the ATR at the entry's bar (none when the ATR is not yet defined).
     */
    private static void restExits(Config config, Account account, Rules rules, double atr, TradeRecord entry,
                                  Candle bar, Instant at, int orders) {
        BigDecimal price = entry.price();
        BigDecimal stop = rules.stopLossPct() != null ? price.multiply(BigDecimal.ONE.subtract(
                BigDecimal.valueOf(rules.stopLossPct()).divide(HUNDRED)))
                : rules.stopLossAtr() != null && Double.isFinite(atr)
                ? price.subtract(BigDecimal.valueOf(rules.stopLossAtr() * atr)) : null;
        BigDecimal limit = rules.takeProfitPct() != null ? price.multiply(BigDecimal.ONE.add(
                BigDecimal.valueOf(rules.takeProfitPct()).divide(HUNDRED)))
                : rules.takeProfitAtr() != null && Double.isFinite(atr)
                ? price.add(BigDecimal.valueOf(rules.takeProfitAtr() * atr)) : null;
        if (stop != null && stop.signum() > 0) {
            account.addResting(new RestingOrder(config.userId(), config.backtestId(),
                    config.backtestId() + "-" + (orders + 1), config.symbol(), Side.SELL, OrderType.STOP,
                    entry.quantity(), null, Money.price(stop), bar.openTime(), null, at));
        }
        if (limit != null) {
            account.addResting(new RestingOrder(config.userId(), config.backtestId(),
                    config.backtestId() + "-" + (orders + 2), config.symbol(), Side.SELL, OrderType.LIMIT,
                    entry.quantity(), Money.price(limit), null, bar.openTime(), null, at));
        }
    }

    private static Performance.Metrics metrics(Config config, Instant start, Instant end, List<EquityPoint> curve,
                                               List<TradeRecord> trades, Account account) {
        List<Performance.Point> points = new ArrayList<>();
        curve.forEach(p -> points.add(new Performance.Point(p.time(), p.equity())));
        return Performance.compute(new Performance.Inputs(config.startingCash(), start, end, points, trades,
                account.feesPaid(), account.tradedNotional(), config.assetClass() == AssetClass.STOCK
                        ? Performance.Grid.NYSE_TRADING_DAYS : Performance.Grid.CALENDAR_DAYS));
    }

    /** Everything bought at the first decision's close (same fees and slippage) and held to the end. */
    private static BuyAndHold buyAndHold(Config config, List<Candle> bars, int firstDecision, int scale) {
        if (firstDecision >= bars.size()) {
            return null;
        }
        Account account = Account.create(session(config));
        Candle first = bars.get(firstDecision);
        Instant at = config.calendar().closeTime(config.interval(), first.openTime());
        account.mark(config.symbol(), new Mark(first.openTime(), at, first.close()));
        TradeRecord entry = buy(config, account, 1, first.close(), scale, config.backtestId() + "-hold", at);
        List<Performance.Point> points = new ArrayList<>();
        for (int i = firstDecision; i < bars.size(); i++) {
            Candle bar = bars.get(i);
            Instant time = config.calendar().closeTime(config.interval(), bar.openTime());
            account.mark(config.symbol(), new Mark(bar.openTime(), time, bar.close()));
            points.add(new Performance.Point(time, account.equity()));
        }
        Performance.Metrics metrics = Performance.compute(new Performance.Inputs(config.startingCash(), at,
                points.getLast().time(), points, entry == null ? List.of() : List.of(entry), account.feesPaid(),
                account.tradedNotional(), Performance.Grid.CALENDAR_DAYS));
        return new BuyAndHold(entry == null ? BigDecimal.ZERO : entry.quantity(),
                entry == null ? null : entry.price(), account.equity(), metrics.totalReturn(), metrics.maxDrawdown());
    }
}
