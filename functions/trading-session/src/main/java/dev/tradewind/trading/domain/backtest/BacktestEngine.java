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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Runs a {@link Rules} strategy over the closed bars of one or several instruments with the paper-trading engine
 * itself: market orders priced by {@link FillRules#atPlacement} against the close of the bar that just closed (as a
 * paper order placed at that moment is), stop-loss and take-profit orders placed the same way and, resting, evaluated
 * candle by candle by {@link FillRules#onCandle} (as the session evaluator does), every fill booked by
 * {@link Ledger#apply} on one {@link Account} whose cash the instruments share, and the metrics of
 * {@link Performance#compute}. Nothing is copied from paper trading, so a backtest and a paper session fed the same
 * orders end with the same trades, cash and equity.
 *
 * <p>No look-ahead: the decision at bar i is taken when bar i has closed and reads indicator values at i, each of
 * which the shared indicators compute from bars up to i only; the bar still forming is never among the bars given.
 * Several instruments are stepped together in close-time order: at each moment every instrument whose bar closes
 * then is marked first, then each decides in the order given.
 */
public final class BacktestEngine {

    private static final BigDecimal BPS = new BigDecimal(10_000);
    private static final BigDecimal HUNDRED = new BigDecimal(100);
    /** A fill refused for want of cash (the fee and the gross round up to the cent) is retried this much smaller. */
    private static final BigDecimal SHRINK = new BigDecimal("0.999");
    private static final BigDecimal ROUNDING = new BigDecimal("0.02");
    /** The share of equity below which a rebalance leaves an instrument's difference from its target alone. */
    public static final double REBALANCE_BAND = 0.005;

    /** The paper session's money settings and the bar interval every instrument shares. */
    public record Config(String backtestId, String userId, Interval interval, BigDecimal startingCash,
                         BigDecimal feesBps, BigDecimal slippageBps, Instant createdAt) {
    }

    /**
     * One instrument of a backtest.
     *
     * @param bars          its closed bars, oldest first, consecutive by its calendar as stored
     * @param firstDecision the index of the first bar whose close is a decision (the ones before are history for
     *                      the indicators)
     * @param forecasts     series by name the rules may read besides the indicators ({@link Rules#PROBABILITY_UP},
     *                      {@link Rules#FORECAST_VOLATILITY}), one value per bar
     */
    public record Market(String symbol, AssetClass assetClass, MarketCalendar calendar, List<Candle> bars,
                         int firstDecision, Map<String, double[]> forecasts) {

        public Market(String symbol, AssetClass assetClass, MarketCalendar calendar, List<Candle> bars,
                      int firstDecision) {
            this(symbol, assetClass, calendar, bars, firstDecision, Map.of());
        }

        public Instant closeTime(Interval interval, int i) {
            return calendar.closeTime(interval, bars.get(i).openTime());
        }

        /** The same decisions with at most the last {@code historyBars} bars of history before them. */
        public Market withHistory(int historyBars) {
            int from = Math.max(0, firstDecision - historyBars);
            Map<String, double[]> kept = new HashMap<>();
            forecasts.forEach((name, values) -> kept.put(name, Arrays.copyOfRange(values, from, values.length)));
            return new Market(symbol, assetClass, calendar, bars.subList(from, bars.size()), firstDecision - from,
                    kept);
        }
    }

    /** What buy-and-hold bought of one instrument at its first decision. */
    public record Holding(String symbol, BigDecimal quantity, BigDecimal price) {
    }

    /**
     * Buy-and-hold of the same instruments over the same bars, with the same fees and slippage: the starting cash
     * split equally, each share bought at the instrument's first decision and held to the end. {@code quantity} and
     * {@code price} repeat the one holding of a single-instrument backtest.
     */
    public record BuyAndHold(BigDecimal quantity, BigDecimal price, List<Holding> holdings, BigDecimal endingEquity,
                             BigDecimal totalReturn, BigDecimal maxDrawdown) {
    }

    /** The run: its fills, its equity at every decision time, the metrics, and buy-and-hold beside it. */
    public record Result(List<TradeRecord> trades, List<EquityPoint> curve, Performance.Metrics metrics,
                         BuyAndHold buyAndHold, int decisions, Instant start, Instant end, BigDecimal cash,
                         BigDecimal equity) {
    }

    /** One instrument's state during a run: its frame, and the rules' conditions bound to it. */
    private record Leg(Market market, Rules.Frame frame, int scale, Rules.Bound entry, Rules.Bound exit) {

        String symbol() {
            return market.symbol();
        }
    }

    /** A decision: bar {@code bar} of leg {@code leg} closes at {@code at}. */
    private record Step(Instant at, int leg, int bar) {
    }

    private BacktestEngine() {
    }

    public static Result run(Config config, Rules rules, List<Market> markets) {
        List<Leg> legs = new ArrayList<>(markets.size());
        for (Market market : markets) {
            List<Candle> bars = market.bars();
            Rules.Frame frame = new Rules.Frame(CandleSeries.closes(bars), CandleSeries.highs(bars),
                    CandleSeries.lows(bars));
            market.forecasts().forEach(frame::with);
            legs.add(new Leg(market, frame, Money.quantityScale(market.assetClass()), rules.entry().bind(frame),
                    rules.exit().bind(frame)));
        }
        int[] orders = {0};
        return simulate(config, markets, legs, (group, at, account, trades) -> {
            for (Step step : group) {
                decide(config, rules, legs.get(step.leg()), legs.size(), step.bar(), at, account, trades, orders);
            }
        });
    }

    /**
     * A long-only portfolio rebalanced to target weights every {@code every} decisions, starting at the first: at
     * each rebalance the instruments over their target are sold down first, then the ones under it are bought with
     * the cash there is; a difference smaller than {@link #REBALANCE_BAND} of equity is left alone, so a rebalance
     * does not pay fees to move a few dollars.
     *
     * @param markets   instruments whose bars are aligned: bar i of every one opens at the same time, and every one
     *                  has the same first decision
     * @param weightsAt the target weights at decision bar i, one per instrument in order, summing to at most 1;
     *                  computed from bars up to i only (the caller's no-look-ahead promise)
     */
    public static Result rebalanced(Config config, List<Market> markets, int every, IntFunction<double[]> weightsAt) {
        List<Leg> legs = new ArrayList<>(markets.size());
        for (Market market : markets) {
            legs.add(new Leg(market, null, Money.quantityScale(market.assetClass()), null, null));
        }
        int first = markets.getFirst().firstDecision();
        int[] orders = {0};
        return simulate(config, markets, legs, (group, at, account, trades) -> {
            int bar = group.getFirst().bar();
            if ((bar - first) % every == 0) {
                rebalance(config, legs, weightsAt.apply(bar), bar, at, account, trades, orders);
            }
        });
    }

    /** What is done at one moment, once every instrument whose bar closes then has been marked. */
    private interface Moment {
        void act(List<Step> group, Instant at, Account account, List<TradeRecord> trades);
    }

    /**
     * Steps through every instrument's decisions in close-time order on one account: at each moment the instruments
     * closing then are marked, {@code moment} acts, and the equity is recorded (one point per moment).
     */
    private static Result simulate(Config config, List<Market> markets, List<Leg> legs, Moment moment) {
        List<Step> steps = timeline(config, markets);
        Account account = Account.create(session(config));
        List<TradeRecord> trades = new ArrayList<>();
        List<EquityPoint> curve = new ArrayList<>();
        for (int k = 0; k < steps.size(); ) {
            Instant at = steps.get(k).at();
            int end = k;
            while (end < steps.size() && steps.get(end).at().equals(at)) {
                Step step = steps.get(end++);
                Candle bar = legs.get(step.leg()).market().bars().get(step.bar());
                account.mark(legs.get(step.leg()).symbol(), new Mark(bar.openTime(), at, bar.close()));
            }
            int before = trades.size();
            moment.act(steps.subList(k, end), at, account, trades);
            k = end;
            curve.add(account.point(at, trades.size() > before ? EquityPoint.Kind.FILL : EquityPoint.Kind.CANDLE,
                    trades.size() > before ? trades.getLast().tradeId() : null));
        }
        Instant start = steps.isEmpty() ? config.createdAt() : steps.getFirst().at();
        Instant end = curve.isEmpty() ? start : curve.getLast().time();
        Performance.Metrics metrics = metrics(config, markets, start, end, curve, trades, account);
        return new Result(trades, curve, metrics, buyAndHold(config, legs, steps), curve.size(), start, end,
                account.cash(), account.equity());
    }

    private static void rebalance(Config config, List<Leg> legs, double[] weights, int i, Instant at,
                                  Account account, List<TradeRecord> trades, int[] orders) {
        BigDecimal equity = account.equity();
        BigDecimal band = equity.multiply(BigDecimal.valueOf(REBALANCE_BAND));
        BigDecimal[] gap = new BigDecimal[legs.size()];
        for (int j = 0; j < legs.size(); j++) {
            BigDecimal close = legs.get(j).market().bars().get(i).close();
            BigDecimal held = account.position(legs.get(j).symbol()).quantity().multiply(close);
            gap[j] = equity.multiply(BigDecimal.valueOf(weights[j])).subtract(held);
        }
        for (int j = 0; j < legs.size(); j++) {
            Leg leg = legs.get(j);
            if (gap[j].negate().compareTo(band) <= 0) {
                continue;
            }
            BigDecimal close = leg.market().bars().get(i).close();
            BigDecimal quantity = gap[j].negate().divide(close, leg.scale(), RoundingMode.FLOOR)
                    .min(account.position(leg.symbol()).quantity());
            if (quantity.signum() > 0) {
                trades.add(market(config, account, leg.symbol(), Side.SELL, quantity, close,
                        orderId(config, ++orders[0]), at));
            }
        }
        for (int j = 0; j < legs.size(); j++) {
            Leg leg = legs.get(j);
            if (gap[j].compareTo(band) <= 0) {
                continue;
            }
            TradeRecord bought = buy(config, account, leg.symbol(), gap[j].min(account.cash()),
                    leg.market().bars().get(i).close(), leg.scale(), orderId(config, ++orders[0]), at);
            if (bought != null) {
                trades.add(bought);
            }
        }
    }

    /** Every decision of every instrument in close-time order, instruments in the order given at equal times. */
    private static List<Step> timeline(Config config, List<Market> markets) {
        List<Step> steps = new ArrayList<>();
        for (int m = 0; m < markets.size(); m++) {
            Market market = markets.get(m);
            for (int i = market.firstDecision(); i < market.bars().size(); i++) {
                steps.add(new Step(market.closeTime(config.interval(), i), m, i));
            }
        }
        if (markets.size() > 1) {
            steps.sort(Comparator.comparing(Step::at).thenComparingInt(Step::leg));
        }
        return steps;
    }

    /** One instrument's decision at the close of bar i: its resting exits first, then its rules. */
    private static void decide(Config config, Rules rules, Leg leg, int legs, int i, Instant at, Account account,
                               List<TradeRecord> trades, int[] orders) {
        Candle bar = leg.market().bars().get(i);
        String symbol = leg.symbol();
        int before = trades.size();
        evaluateResting(config, account, symbol, bar, at, trades);
        boolean holding = account.position(symbol).isOpen();
        double fraction = holding ? 0 : fraction(rules, config.interval(), leg, legs, i);
        if (!holding && fraction > 0 && leg.entry().holds(i)) {
            String orderId = orderId(config, ++orders[0]);
            BigDecimal budget = account.equity().multiply(BigDecimal.valueOf(fraction)).min(account.cash());
            TradeRecord entry = buy(config, account, symbol, budget, bar.close(), leg.scale(), orderId, at);
            if (entry != null) {
                trades.add(entry);
                placeExits(config, account, rules, leg.frame(), i, entry, bar, at, orders[0], trades);
                orders[0] += 2;
            }
        } else if (holding && trades.size() == before && leg.exit().holds(i)) {
            String orderId = orderId(config, ++orders[0]);
            trades.add(market(config, account, symbol, Side.SELL, account.position(symbol).quantity(), bar.close(),
                    orderId, at));
            cancelResting(account, symbol);
        }
    }

    private static Session session(Config config) {
        BigDecimal zero = Money.zero();
        return new Session(config.userId(), config.backtestId(), "backtest", SessionType.PAPER, SessionStatus.ACTIVE,
                "USD", config.startingCash(), config.startingCash(), zero, zero, zero, config.feesBps(),
                config.slippageBps(), RiskLimits.NONE, false, config.createdAt(), null, null, 0, Map.of(), List.of(),
                null, 0, 0, null, 0);
    }

    /** Stop-loss and take-profit orders placed at an earlier decision, on the first bar after it and every later one. */
    private static void evaluateResting(Config config, Account account, String symbol, Candle bar, Instant at,
                                        List<TradeRecord> trades) {
        for (RestingOrder order : account.restingFor(symbol)) {
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
            cancelResting(account, symbol);
            return;
        }
    }

    private static void cancelResting(Account account, String symbol) {
        account.restingFor(symbol).forEach(r -> account.removeResting(r.orderId()));
    }

    /**
     * A market buy for about {@code budget} (fees included), or null when that is less than one quantity step. Used
     * by the rebalancing backtest too.
     */
    static TradeRecord buy(Config config, Account account, String symbol, BigDecimal budget, BigDecimal reference,
                           int scale, String orderId, Instant at) {
        FillRules.FillNow fill = (FillRules.FillNow) FillRules.atPlacement(new FillRules.Terms(Side.BUY,
                OrderType.MARKET, null, null), reference, config.slippageBps(), BigDecimal.ZERO);
        BigDecimal perUnit = fill.price().multiply(BigDecimal.ONE.add(config.feesBps().divide(BPS)));
        // The gross and the fee each round to the cent: two cents kept aside make the first attempt fit the budget.
        BigDecimal quantity = budget.subtract(ROUNDING).max(BigDecimal.ZERO).divide(perUnit, scale,
                RoundingMode.FLOOR);
        for (int attempt = 0; attempt < 5 && quantity.signum() > 0; attempt++) {
            Ledger.Result result = Ledger.apply(account, new Ledger.Fill(TradeIds.paper(orderId, at),
                    TradeSource.PAPER, orderId, null, symbol, Side.BUY, quantity, fill.price(), null, at), false);
            if (result instanceof Ledger.Filled filled) {
                return filled.trade();
            }
            quantity = quantity.multiply(SHRINK).setScale(scale, RoundingMode.FLOOR);
        }
        return null;
    }

    static TradeRecord market(Config config, Account account, String symbol, Side side, BigDecimal quantity,
                              BigDecimal reference, String orderId, Instant at) {
        FillRules.FillNow fill = (FillRules.FillNow) FillRules.atPlacement(new FillRules.Terms(side,
                OrderType.MARKET, null, null), reference, config.slippageBps(), BigDecimal.ZERO);
        return filled(account, symbol, side, quantity, fill.price(), orderId, at);
    }

    /** An order filled at placement, booked by the ledger (a backtest sells only what it holds). */
    private static TradeRecord filled(Account account, String symbol, Side side, BigDecimal quantity,
                                      BigDecimal price, String orderId, Instant at) {
        Ledger.Result result = Ledger.apply(account, new Ledger.Fill(TradeIds.paper(orderId, at), TradeSource.PAPER,
                orderId, null, symbol, side, quantity, price, null, at), false);
        return ((Ledger.Filled) result).trade();
    }

    /**
     * The share of equity an entry at bar i buys: the strategy's fraction split equally among the instruments, or
     * less where a volatility target asks for it; 0 (no entry) while the volatility is not yet defined.
     */
    private static double fraction(Rules rules, Interval interval, Leg leg, int legs, int i) {
        double share = rules.positionFraction() / legs;
        if (rules.volatilityTarget() == null) {
            return share;
        }
        double perYear = leg.frame().annualVolatility(i, periodsPerYear(leg.market().assetClass(), interval));
        if (!(perYear > 0)) {
            return 0;
        }
        return Math.min(share, share * rules.volatilityTarget() / perYear);
    }

    /**
     * The id of a backtest's n-th order, its number zero-padded: resting orders are evaluated in id order (as a paper
     * session's, whose ids sort by time), so an exit placed first is also evaluated first ("-10" would sort before
     * "-9" and let a take-profit go before its stop on a bar that reaches both).
     */
    private static String orderId(Config config, int n) {
        String digits = Integer.toString(n);
        return config.backtestId() + "-" + "0".repeat(Math.max(0, 9 - digits.length())) + digits;
    }

    /**
     * Bars a year of one instrument, for annualising its returns: a stock's bars follow NYSE sessions (its listed
     * bars are daily: 252 a year); crypto trades around the clock (365 daily bars, 8,760 hourly).
     */
    public static double periodsPerYear(AssetClass assetClass, Interval interval) {
        return assetClass == AssetClass.STOCK ? 252 : interval == Interval.D1 ? 365 : 24 * 365;
    }

    /**
     * The stop-loss (a STOP sell) and take-profit (a LIMIT sell) of an entry, placed at the entry's moment as a paper
     * session places them ({@link FillRules#atPlacement} against the bar's close) and resting from the next bar on:
     * in percent of the entry price, in multiples of the ATR at the entry's bar, or (the stop) at the lower bound of
     * the price range forecast at that bar; none where the ATR or the range is not defined, or the range's bound is
     * not below the entry. A stop already at or above the close (the entry's slippage can put it there) sells at once,
     * and no take-profit is placed.
     */
    private static void placeExits(Config config, Account account, Rules rules, Rules.Frame frame, int i,
                                   TradeRecord entry, Candle bar, Instant at, int orders, List<TradeRecord> trades) {
        BigDecimal price = entry.price();
        double atr = frame.atr(i);
        double rangeLow = rules.stopLossRange() == null ? Double.NaN : frame.rangeLow(rules.stopLossRange(), i);
        BigDecimal stop = rules.stopLossPct() != null ? price.multiply(BigDecimal.ONE.subtract(
                BigDecimal.valueOf(rules.stopLossPct()).divide(HUNDRED)))
                : rules.stopLossAtr() != null && Double.isFinite(atr)
                ? price.subtract(BigDecimal.valueOf(rules.stopLossAtr() * atr))
                : Double.isFinite(rangeLow) && rangeLow < price.doubleValue() ? BigDecimal.valueOf(rangeLow) : null;
        BigDecimal limit = rules.takeProfitPct() != null ? price.multiply(BigDecimal.ONE.add(
                BigDecimal.valueOf(rules.takeProfitPct()).divide(HUNDRED)))
                : rules.takeProfitAtr() != null && Double.isFinite(atr)
                ? price.add(BigDecimal.valueOf(rules.takeProfitAtr() * atr)) : null;
        if (stop != null && stop.signum() > 0) {
            String orderId = orderId(config, orders + 1);
            if (FillRules.atPlacement(new FillRules.Terms(Side.SELL, OrderType.STOP, null, Money.price(stop)),
                    bar.close(), config.slippageBps(), BigDecimal.ZERO) instanceof FillRules.FillNow now) {
                trades.add(filled(account, entry.symbol(), Side.SELL, entry.quantity(), now.price(), orderId, at));
                return;
            }
            account.addResting(new RestingOrder(config.userId(), config.backtestId(), orderId, entry.symbol(),
                    Side.SELL, OrderType.STOP, entry.quantity(), null, Money.price(stop), bar.openTime(), null, at));
        }
        // Unlike the stop, never marketable at placement: a paper LIMIT sell fills at once only below the close, and
        // this limit is at or above the entry price, itself at or above the close.
        if (limit != null) {
            account.addResting(new RestingOrder(config.userId(), config.backtestId(),
                    orderId(config, orders + 2), entry.symbol(), Side.SELL, OrderType.LIMIT,
                    entry.quantity(), Money.price(limit), null, bar.openTime(), null, at));
        }
    }

    /** Days on the NYSE calendar when every instrument is a stock, calendar days otherwise. */
    static Performance.Grid grid(List<Market> markets) {
        return markets.stream().allMatch(m -> m.assetClass() == AssetClass.STOCK)
                ? Performance.Grid.NYSE_TRADING_DAYS : Performance.Grid.CALENDAR_DAYS;
    }

    static Performance.Metrics metrics(Config config, List<Market> markets, Instant start, Instant end,
                                       List<EquityPoint> curve, List<TradeRecord> trades, Account account) {
        List<Performance.Point> points = new ArrayList<>(curve.size());
        curve.forEach(p -> points.add(Performance.Point.of(p)));
        return Performance.compute(new Performance.Inputs(config.startingCash(), start, end, points, trades,
                account.feesPaid(), account.tradedNotional(), grid(markets)));
    }

    /** The starting cash split equally, each share bought at its instrument's first decision and held. */
    private static BuyAndHold buyAndHold(Config config, List<Leg> legs, List<Step> steps) {
        if (steps.isEmpty()) {
            return null;
        }
        Account account = Account.create(session(config));
        BigDecimal share = config.startingCash().divide(BigDecimal.valueOf(legs.size()), 2, RoundingMode.FLOOR);
        List<Holding> holdings = new ArrayList<>();
        List<TradeRecord> entries = new ArrayList<>();
        List<Performance.Point> points = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            Step step = steps.get(k);
            Leg leg = legs.get(step.leg());
            Candle bar = leg.market().bars().get(step.bar());
            account.mark(leg.symbol(), new Mark(bar.openTime(), step.at(), bar.close()));
            if (step.bar() == leg.market().firstDecision()) {
                TradeRecord entry = buy(config, account, leg.symbol(), share.min(account.cash()), bar.close(),
                        leg.scale(), config.backtestId() + "-hold-" + step.leg(), step.at());
                holdings.add(new Holding(leg.symbol(), entry == null ? BigDecimal.ZERO : entry.quantity(),
                        entry == null ? null : entry.price()));
                if (entry != null) {
                    entries.add(entry);
                }
            }
            if (k == steps.size() - 1 || !steps.get(k + 1).at().equals(step.at())) {
                points.add(new Performance.Point(step.at(), entries.size(), EquityPoint.Kind.CANDLE,
                        account.equity()));
            }
        }
        Performance.Metrics metrics = Performance.compute(new Performance.Inputs(config.startingCash(),
                steps.getFirst().at(), points.getLast().time(), points, entries, account.feesPaid(),
                account.tradedNotional(), Performance.Grid.CALENDAR_DAYS));
        Holding only = holdings.size() == 1 ? holdings.getFirst() : null;
        return new BuyAndHold(only == null ? null : only.quantity(), only == null ? null : only.price(), holdings,
                account.equity(), metrics.totalReturn(), metrics.maxDrawdown());
    }
}
