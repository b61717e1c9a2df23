package dev.tradewind.trading.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.concurrent.Concurrently;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.validation.FieldRules;
import dev.tradewind.trading.domain.Performance;
import dev.tradewind.trading.domain.backtest.BacktestEngine;
import dev.tradewind.trading.domain.backtest.Rules;
import dev.tradewind.trading.domain.portfolio.Covariance;
import dev.tradewind.trading.domain.portfolio.Optimizer;
import dev.tradewind.trading.store.MarketData;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * {@code POST /v1/portfolio/optimize}: long-only weights for 2–50 instruments of one bar interval, from the log
 * returns of their stored closed bars over a lookback, with a Ledoit–Wolf covariance (docs/trading.md#portfolio-construction).
 * Reads only market data, so it is the same answer for every caller, and writes nothing.
 */
public final class AllocationService {

    public static final int MIN_SYMBOLS = 2;
    public static final int MAX_SYMBOLS = 50;
    public static final int MIN_LOOKBACK = 30;
    public static final int MAX_LOOKBACK = 2000;
    /** Bars × instruments one allocation backtest steps through. */
    public static final int MAX_BAR_STEPS = 50_000;
    static final int MAX_REBALANCE_EVERY = 10_000;
    /** The target weights answered: those of the first this many rebalances. */
    static final int MAX_REBALANCES_SHOWN = 500;
    static final BigDecimal DEFAULT_CASH = new BigDecimal("10000.00");
    static final Duration DEFAULT_HOURLY_RANGE = Duration.ofDays(90);
    static final Duration DEFAULT_DAILY_RANGE = Duration.ofDays(365);

    /**
     * The allocation methods, each with the rebalances × symbols² one backtest may solve: it solves at every
     * rebalance, and the trading function stops at 29 s (template.yaml). A 50-asset solve takes 5–7 ms for
     * min-variance and 0.77 s for max-sharpe under the functions' C1 compiler, 0.1 ms for risk parity, each measured
     * once (docs/trading.md#backtesting-an-allocation): the budgets are 300 and 20 such solves, about 2 s and 15 s,
     * and the bar-steps limit for risk parity.
     */
    public enum Method {
        MIN_VARIANCE("min-variance", 750_000),
        RISK_PARITY("risk-parity", (long) MAX_BAR_STEPS * MAX_SYMBOLS),
        MAX_SHARPE("max-sharpe", 50_000);

        private final String code;
        private final long solverBudget;

        Method(String code, long solverBudget) {
            this.code = code;
            this.solverBudget = solverBudget;
        }

        public String code() {
            return code;
        }

        static Method parse(String text) {
            for (Method method : values()) {
                if (method.code.equals(text)) {
                    return method;
                }
            }
            return null;
        }
    }

    /** What the caller asked for, as sent. */
    public record Request(List<String> symbols, String method, Integer lookback, Double maxWeight, JsonNode backtest) {
    }

    /** One asset's part of the answer; volatility and expected return per year. */
    public record Asset(String symbol, BigDecimal weight, BigDecimal riskContribution, BigDecimal volatility,
                        BigDecimal expectedReturn) {
    }

    /** The allocation and how it was estimated. */
    public record Allocation(String method, Interval interval, int lookback, Instant from, Instant to,
                             int observations, BigDecimal shrinkage, BigDecimal expectedVolatility,
                             BigDecimal diversificationRatio, BigDecimal expectedSharpe, BigDecimal returnShrinkage,
                             List<Asset> assets, List<String> notes, JsonNode backtest) {
    }

    private final MarketData market;
    private final Clock clock;

    public AllocationService(MarketData market, Clock clock) {
        this.market = market;
        this.clock = clock;
    }

    public Allocation optimize(Request request) {
        Validation validation = new Validation();
        List<String> symbols = request.symbols() == null ? List.of() : request.symbols();
        validation.check(symbols.size() >= MIN_SYMBOLS && symbols.size() <= MAX_SYMBOLS, "symbols",
                "must list " + MIN_SYMBOLS + " to " + MAX_SYMBOLS + " symbols");
        validation.check(symbols.stream().allMatch(FieldRules::isSymbol), "symbols",
                "must be symbols such as BTCUSDT or AAPL");
        validation.check(new HashSet<>(symbols).size() == symbols.size(), "symbols", "must not repeat a symbol");
        Method method = Method.parse(request.method());
        validation.check(method != null, "method", "must be min-variance, risk-parity or max-sharpe");
        validation.check(request.lookback() == null || request.lookback() >= MIN_LOOKBACK
                && request.lookback() <= MAX_LOOKBACK, "lookback",
                "must be a whole number of bars from " + MIN_LOOKBACK + " to " + MAX_LOOKBACK);
        double cap = request.maxWeight() == null ? 1 : request.maxWeight();
        validation.check(cap > 0 && cap <= 1, "maxWeight", "must be above 0 and at most 1");
        Instant now = clock.instant();
        BacktestOptions backtest = backtestOptions(request.backtest(), validation, now);
        validation.throwIfInvalid();
        if (cap * symbols.size() < 1 - 1e-12) {
            throw new UnprocessableException("INFEASIBLE_MAX_WEIGHT", "maxWeight " + cap + " × " + symbols.size()
                    + " symbols is below 1: no long-only portfolio fits");
        }
        List<Instrument> instruments = instruments(symbols);
        Interval interval = instruments.getFirst().interval();
        if (backtest != null) {
            backtest = backtest.resolved(interval);
            checkSolverWork(method, symbols.size(), interval, backtest.from(), backtest.to(),
                    backtest.rebalanceEvery());
        }
        int lookback = request.lookback() != null ? request.lookback() : interval == Interval.H1 ? 720 : 252;
        List<String> notes = new ArrayList<>();
        Aligned aligned = aligned(instruments, lookback, now, notes);
        Covariance covariance = Covariance.ledoitWolf(aligned.returns());
        double periodsPerYear = BacktestEngine.periodsPerYear(instruments.getFirst().assetClass(), interval);
        Chosen chosen = choose(method, covariance, cap, symbols, null, notes);
        double[] weights = chosen.weights();
        double[] expected = chosen.expected();
        Double returnShrinkage = chosen.returnShrinkage();
        double variance = covariance.variance(weights);
        double[] marginal = covariance.times(weights);
        List<Asset> assets = new ArrayList<>();
        double weightedVolatility = 0;
        for (int i = 0; i < weights.length; i++) {
            double volatility = Math.sqrt(covariance.matrix()[i][i]);
            weightedVolatility += weights[i] * volatility;
            assets.add(new Asset(symbols.get(i), round(weights[i]), round(weights[i] * marginal[i] / variance),
                    round(volatility * Math.sqrt(periodsPerYear)),
                    expected == null ? null : round(expected[i] * periodsPerYear)));
        }
        BigDecimal sharpe = expected == null ? null
                : round(Optimizer.sharpe(covariance, expected, weights) * Math.sqrt(periodsPerYear));
        if (sharpe != null) {
            notes.add("expectedSharpe is in-sample, from the shrunk means over the lookback: not a forecast");
        }
        return new Allocation(method.code(), interval, lookback, aligned.from(), aligned.to(),
                aligned.returns().length, round(covariance.shrinkage()),
                round(Math.sqrt(variance * periodsPerYear)), round(weightedVolatility / Math.sqrt(variance)), sharpe,
                returnShrinkage == null ? null : round(returnShrinkage), assets, notes,
                backtest == null ? null : backtest(backtest, instruments, method, cap, lookback, now));
    }

    /** The weights of {@code method}, with the shrunk expected returns where the method uses them. */
    private record Chosen(double[] weights, double[] expected, Double returnShrinkage) {
    }

    /** @param rebalance the backtest's rebalance these weights are for; null for the answer's own */
    private static Chosen choose(Method method, Covariance covariance, double cap, List<String> symbols,
                                 Instant rebalance, List<String> notes) {
        return switch (method) {
            case MIN_VARIANCE -> new Chosen(Optimizer.minVariance(covariance, cap), null, null);
            case RISK_PARITY -> new Chosen(riskParity(covariance, cap, symbols, rebalance), null, null);
            case MAX_SHARPE -> {
                double returnShrinkage = jamesStein(covariance);
                double[] expected = new double[symbols.size()];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = returnShrinkage * covariance.means()[i];
                }
                notes.add(String.format("expected returns are the sample means shrunk toward zero by the factor %.4f"
                        + " (positive-part James-Stein with N rather than N - 2: a hard shrinkage), so the "
                        + "allocation leans on the covariance far more than on past returns", returnShrinkage));
                double[] tangency = Optimizer.maxSharpe(covariance, expected, cap);
                if (tangency == null) {
                    notes.add("no asset has a positive shrunk expected return, so no long-only portfolio has a "
                            + "positive Sharpe ratio: the minimum-variance weights are given instead");
                    yield new Chosen(Optimizer.minVariance(covariance, cap), expected, returnShrinkage);
                }
                yield new Chosen(tangency, expected, returnShrinkage);
            }
        };
    }

    /** What {@code backtest} asked for; null bounds are the interval's defaults, resolved once it is known. */
    private record BacktestOptions(Instant from, Instant to, Integer rebalanceEvery,
                                   BacktestService.MoneySettings money) {

        BacktestOptions resolved(Interval interval) {
            Instant start = from != null ? from : to.minus(interval == Interval.H1 ? DEFAULT_HOURLY_RANGE
                    : DEFAULT_DAILY_RANGE);
            int every = rebalanceEvery != null ? rebalanceEvery : interval == Interval.H1 ? 168 : 21;
            return new BacktestOptions(start, to, every, money);
        }
    }

    /**
     * Refuses, before any bar is read, a backtest whose rebalances could cost more solver work than its method's
     * budget: at most one decision per bar opened in [from, to], and no more than the bar-steps limit lets run.
     */
    static void checkSolverWork(Method method, int symbols, Interval interval, Instant from, Instant to, int every) {
        long bars = Math.min(Duration.between(from, to).dividedBy(interval.duration()) + 1, MAX_BAR_STEPS / symbols);
        long rebalances = (bars + every - 1) / every;
        long work = rebalances * symbols * symbols;
        if (work > method.solverBudget) {
            throw InvalidInputException.field("backtest.rebalanceEvery", "the backtest may rebalance " + rebalances
                    + " times (up to " + bars + " bars, every " + every + "), each a " + method.code + " solve over "
                    + symbols + " symbols: " + rebalances + " × " + symbols + "² = " + work + ", more than the "
                    + method.solverBudget + " one request solves within its time limit; use fewer symbols, a larger"
                    + " rebalanceEvery or a shorter range");
        }
    }

    private static BacktestOptions backtestOptions(JsonNode node, Validation validation, Instant now) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isBoolean() && !node.asBoolean()) {
            return null;
        }
        if (!node.isObject() && !node.isBoolean()) {
            validation.add("backtest", "must be true or an object with from, to, rebalanceEvery, startingCash,"
                    + " feesBps and slippageBps (each optional)");
            return null;
        }
        JsonNode options = node.isObject() ? node : JsonNodeFactory.instance.objectNode();
        Rules.onlyFields(options, "backtest", validation, "from", "to", "rebalanceEvery", "startingCash", "feesBps",
                "slippageBps");
        Instant from = options.hasNonNull("from") ? BacktestService.instant(options.get("from"), "backtest.from",
                validation) : null;
        boolean toSent = options.hasNonNull("to");
        Instant to = toSent ? BacktestService.instant(options.get("to"), "backtest.to", validation) : now;
        BacktestService.checkFromBeforeTo(from, to, toSent, "backtest.", validation);
        validation.check(to == null || !to.isAfter(now), "backtest.to", "must not be in the future");
        JsonNode every = options.path("rebalanceEvery");
        boolean everyValid = every.isMissingNode() || every.isNull() || every.isInt() && every.asInt() >= 1
                && every.asInt() <= MAX_REBALANCE_EVERY;
        validation.check(everyValid, "backtest.rebalanceEvery", "must be a whole number of bars from 1 to "
                + MAX_REBALANCE_EVERY);
        BacktestService.MoneySettings money = BacktestService.money(options, "backtest.", DEFAULT_CASH, validation);
        return new BacktestOptions(from, to, everyValid && every.isInt() ? every.asInt() : null, money);
    }

    /**
     * The allocation rebalanced walk-forward over the backtest's range on the backtest engine: at every rebalance
     * the method is run again on the {@code lookback} returns that closed by then (never a later one), so the
     * backtest shows what following this allocation would have done, not how well it fits its own data.
     */
    private ObjectNode backtest(BacktestOptions options, List<Instrument> instruments, Method method, double cap,
                                int lookback, Instant now) {
        Interval interval = instruments.getFirst().interval();
        Instant to = options.to();
        Instant from = options.from();
        int every = options.rebalanceEvery();
        List<String> symbols = instruments.stream().map(Instrument::symbol).toList();
        List<List<Candle>> series = readRange(instruments, from, to, lookback, now);
        TreeSet<Instant> common = new TreeSet<>();
        series.getFirst().forEach(c -> common.add(c.openTime()));
        for (List<Candle> candles : series) {
            Set<Instant> times = new HashSet<>();
            candles.forEach(c -> times.add(c.openTime()));
            common.retainAll(times);
        }
        List<Instant> times = new ArrayList<>(common);
        int first = 0;
        while (first < times.size() && times.get(first).isBefore(from)) {
            first++;
        }
        if (first == times.size()) {
            throw new UnprocessableException("NO_BARS", "the symbols share no closed bar between " + from + " and "
                    + to);
        }
        if (first < MIN_LOOKBACK + 1) {
            throw new UnprocessableException("INSUFFICIENT_HISTORY", "the symbols share " + first + " closed bars"
                    + " before " + times.get(first) + "; the first rebalance needs at least " + (MIN_LOOKBACK + 1));
        }
        if ((long) (times.size() - first) * symbols.size() > MAX_BAR_STEPS) {
            throw InvalidInputException.field("backtest.from", "the range holds " + (times.size() - first)
                    + " bars of each of " + symbols.size() + " symbols, more than the " + MAX_BAR_STEPS
                    + " bar-steps one request runs; shorten it");
        }
        List<BacktestEngine.Market> markets = new ArrayList<>();
        double[][] closes = new double[times.size()][symbols.size()];
        for (int j = 0; j < instruments.size(); j++) {
            Map<Instant, Candle> byTime = new HashMap<>();
            series.get(j).forEach(c -> byTime.put(c.openTime(), c));
            List<Candle> aligned = new ArrayList<>(times.size());
            for (int t = 0; t < times.size(); t++) {
                Candle candle = byTime.get(times.get(t));
                aligned.add(candle);
                closes[t][j] = candle.close().doubleValue();
            }
            Instrument instrument = instruments.get(j);
            markets.add(new BacktestEngine.Market(instrument.symbol(), instrument.assetClass(), instrument.calendar(),
                    aligned, first));
        }
        BacktestService.MoneySettings money = options.money();
        BacktestEngine.Config config = new BacktestEngine.Config("allocation", "allocation", interval,
                money.startingCash(), money.feesBps(), money.slippageBps(), now);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode targets = JsonNodeFactory.instance.arrayNode();
        BacktestEngine.Result result = BacktestEngine.rebalanced(config, markets, every, i -> {
            int start = Math.max(0, i - lookback);
            double[][] returns = new double[i - start][symbols.size()];
            for (int t = start + 1; t <= i; t++) {
                for (int j = 0; j < symbols.size(); j++) {
                    returns[t - start - 1][j] = Math.log(closes[t][j] / closes[t - 1][j]);
                }
            }
            Instant rebalance = markets.getFirst().closeTime(interval, i);
            double[] weights = choose(method, Covariance.ledoitWolf(returns), cap, symbols, rebalance,
                    new ArrayList<>()).weights();
            if (targets.size() < MAX_REBALANCES_SHOWN) {
                ObjectNode target = targets.addObject().put("time", rebalance.toString());
                ObjectNode bysymbol = target.putObject("weights");
                for (int j = 0; j < weights.length; j++) {
                    bysymbol.put(symbols.get(j), round(weights[j]));
                }
            }
            return weights;
        });
        out.put("from", result.start().toString());
        out.put("to", result.end().toString());
        out.put("decisions", result.decisions());
        out.put("rebalanceEvery", every);
        out.put("rebalances", (result.decisions() + every - 1) / every);
        out.put("startingCash", money.startingCash());
        out.put("feesBps", money.feesBps());
        out.put("slippageBps", money.slippageBps());
        out.put("endingCash", result.cash());
        out.put("endingEquity", result.equity());
        out.set("metrics", Json.mapper().valueToTree(result.metrics()));
        out.set("buyAndHold", Json.mapper().valueToTree(result.buyAndHold()));
        out.set("targets", targets);
        BacktestService.trades(out, result.trades());
        out.put("equityStep", BacktestService.curve(out.putArray("equity"), result.curve()));
        return out;
    }

    /** Each series' closed bars in range and the {@code lookback} before, read concurrently: two Queries each. */
    private List<List<Candle>> readRange(List<Instrument> instruments, Instant from, Instant to, int lookback,
                                         Instant now) {
        return Concurrently.map(instruments, instrument -> {
            List<Candle> decisions = market.closedBetween(instrument, from, to, now, MAX_BAR_STEPS + 1);
            Instant before = decisions.isEmpty() ? to : decisions.getFirst().openTime();
            List<Candle> all = new ArrayList<>(market.closedWindow(instrument, before, lookback + lookback / 10 + 2)
                    .stream().filter(c -> c.openTime().isBefore(before)).toList());
            all.addAll(decisions);
            return all;
        });
    }

    private List<Instrument> instruments(List<String> symbols) {
        List<Instrument> found = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String symbol : symbols) {
            market.instrument(symbol).ifPresentOrElse(found::add, () -> unknown.add(symbol));
        }
        if (!unknown.isEmpty()) {
            throw new UnprocessableException("UNKNOWN_SYMBOL", "not in the catalog: " + String.join(", ", unknown));
        }
        Set<String> intervals = new TreeSet<>();
        found.forEach(i -> intervals.add(i.symbol() + " " + i.interval().code()));
        if (found.stream().map(Instrument::interval).distinct().count() > 1) {
            throw new UnprocessableException("MIXED_INTERVALS", "the symbols must share one bar interval, have "
                    + String.join(", ", intervals) + "; optimise hourly and daily instruments separately");
        }
        return found;
    }

    private record Aligned(double[][] returns, Instant from, Instant to) {
    }

    /**
     * The log returns between the bar times every symbol has closed, the newest {@code lookback} of them: a gap in one
     * series makes that return span the gap for all, so the rows stay comparable.
     */
    private Aligned aligned(List<Instrument> instruments, int lookback, Instant now, List<String> notes) {
        List<Map<Instant, Double>> closes = readAll(instruments, lookback, now, notes);
        TreeSet<Instant> common = new TreeSet<>(closes.getFirst().keySet());
        closes.forEach(series -> common.retainAll(series.keySet()));
        List<Instant> times = new ArrayList<>(common);
        if (times.size() < MIN_LOOKBACK + 1) {
            throw new UnprocessableException("INSUFFICIENT_HISTORY", "the symbols share " + times.size()
                    + " closed bars; at least " + (MIN_LOOKBACK + 1) + " are needed");
        }
        times = times.subList(Math.max(0, times.size() - lookback - 1), times.size());
        double[][] returns = new double[times.size() - 1][instruments.size()];
        for (int t = 1; t < times.size(); t++) {
            for (int j = 0; j < instruments.size(); j++) {
                returns[t - 1][j] = Math.log(closes.get(j).get(times.get(t)) / closes.get(j).get(times.get(t - 1)));
            }
        }
        return new Aligned(returns, times.getFirst(), times.getLast());
    }

    /**
     * Each series' closed bars, read concurrently, all ending at the earliest of the series' newest bars: one Query
     * per symbol, and a second for those whose data runs past it (a series that lags, e.g. its ingestion stopped),
     * since their own newest bars would share few or no times with it.
     */
    private List<Map<Instant, Double>> readAll(List<Instrument> instruments, int lookback, Instant now,
                                               List<String> notes) {
        // A few more than the lookback: the series' own gaps and the bar still forming.
        int count = lookback + lookback / 10 + 2;
        List<List<Candle>> windows = Concurrently.map(instruments, instrument -> market.closedWindow(instrument, now,
                count));
        if (windows.stream().noneMatch(List::isEmpty)) {
            List<Instant> newest = windows.stream().map(window -> window.getLast().openTime()).toList();
            Instant end = Collections.min(newest);
            Instant latest = Collections.max(newest);
            if (latest.isAfter(end)) {
                notes.add(lagNote(instruments, newest, end, latest));
                List<List<Candle>> own = windows;
                windows = Concurrently.map(IntStream.range(0, instruments.size()).boxed().toList(),
                        j -> newest.get(j).isAfter(end) ? market.closedWindow(instruments.get(j), end, now, count)
                                : own.get(j));
            }
        }
        return windows.stream().map(window -> {
            Map<Instant, Double> closes = new HashMap<>();
            window.forEach(candle -> closes.put(candle.openTime(), candle.close().doubleValue()));
            return closes;
        }).toList();
    }

    /** Which series end first ({@code end}) and which runs furthest ({@code latest}), given each one's newest bar. */
    private static String lagNote(List<Instrument> instruments, List<Instant> newest, Instant end, Instant latest) {
        List<String> lagging = new ArrayList<>();
        for (int j = 0; j < instruments.size(); j++) {
            if (newest.get(j).equals(end)) {
                lagging.add(instruments.get(j).symbol());
            }
        }
        return "the stored bars of " + String.join(", ", lagging) + " end at " + end + ", those of "
                + instruments.get(newest.indexOf(latest)).symbol() + " run to " + latest
                + ": the returns stop at the newest bar every symbol has";
    }

    /**
     * Risk parity has no room for a cap: when its weights exceed one, the request is refused rather than answered
     * with something that is not risk parity. A backtest's refusal names the rebalance: today's weights may fit.
     */
    private static double[] riskParity(Covariance covariance, double cap, List<String> symbols, Instant rebalance) {
        double[] weights = Optimizer.riskParity(covariance);
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > cap + 1e-9) {
                throw new UnprocessableException("MAX_WEIGHT_BREACHED", String.format(
                        "risk parity gives %s a weight of %.4f%s, above maxWeight %s; raise maxWeight or use "
                                + "min-variance", symbols.get(i), weights[i],
                        rebalance == null ? "" : " at the backtest's rebalance of " + rebalance, cap));
            }
        }
        return weights;
    }

    /**
     * The factor the sample means are multiplied by: {@code max(0, 1 − N / z²)}, z² the sum of each mean's squared
     * t-statistic. Means indistinguishable from noise (z² ≈ N) shrink to zero. The standard errors come from the
     * sample variances: the shrunk ones pull every variance toward the average and would misstate each t. An asset
     * whose returns did not vary (a flat price) has no standard error: its mean is not a noisy estimate, its t is 0/0,
     * so it is left out of both z² and N rather than making the factor NaN.
     */
    static double jamesStein(Covariance covariance) {
        double z2 = 0;
        int n = 0;
        for (int i = 0; i < covariance.size(); i++) {
            double standardError2 = covariance.sampleVariances()[i] / covariance.observations();
            if (standardError2 > 0) {
                z2 += covariance.means()[i] * covariance.means()[i] / standardError2;
                n++;
            }
        }
        return z2 > 0 ? Math.max(0, 1 - n / z2) : 0;
    }

    /** Figures are reported like the performance metrics' ratios: 6 decimals. */
    private static BigDecimal round(double value) {
        return Performance.ratio(value);
    }
}
