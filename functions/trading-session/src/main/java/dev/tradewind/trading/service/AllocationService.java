package dev.tradewind.trading.service;

import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.trading.domain.Performance;
import dev.tradewind.trading.domain.portfolio.Covariance;
import dev.tradewind.trading.domain.portfolio.Optimizer;
import dev.tradewind.trading.store.MarketData;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

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
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.\\-]{0,19}");

    /** The allocation methods. */
    public enum Method {
        MIN_VARIANCE("min-variance"), RISK_PARITY("risk-parity"), MAX_SHARPE("max-sharpe");

        private final String code;

        Method(String code) {
            this.code = code;
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
    public record Request(List<String> symbols, String method, Integer lookback, Double maxWeight, Boolean backtest) {
    }

    /** One asset's part of the answer; volatility and expected return per year. */
    public record Asset(String symbol, BigDecimal weight, BigDecimal riskContribution, BigDecimal volatility,
                        BigDecimal expectedReturn) {
    }

    /** The allocation and how it was estimated. */
    public record Allocation(String method, Interval interval, int lookback, Instant from, Instant to,
                             int observations, BigDecimal shrinkage, BigDecimal expectedVolatility,
                             BigDecimal diversificationRatio, BigDecimal expectedSharpe, BigDecimal returnShrinkage,
                             List<Asset> assets, List<String> notes) {
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
        validation.check(symbols.stream().allMatch(s -> s != null && SYMBOL.matcher(s).matches()), "symbols",
                "must be symbols such as BTCUSDT or AAPL");
        validation.check(new HashSet<>(symbols).size() == symbols.size(), "symbols", "must not repeat a symbol");
        Method method = Method.parse(request.method());
        validation.check(method != null, "method", "must be min-variance, risk-parity or max-sharpe");
        validation.check(request.lookback() == null || request.lookback() >= MIN_LOOKBACK
                && request.lookback() <= MAX_LOOKBACK, "lookback",
                "must be a whole number of bars from " + MIN_LOOKBACK + " to " + MAX_LOOKBACK);
        double cap = request.maxWeight() == null ? 1 : request.maxWeight();
        validation.check(cap > 0 && cap <= 1, "maxWeight", "must be above 0 and at most 1");
        validation.throwIfInvalid();
        if (cap * symbols.size() < 1 - 1e-12) {
            throw new UnprocessableException("INFEASIBLE_MAX_WEIGHT", "maxWeight " + cap + " × " + symbols.size()
                    + " symbols is below 1: no long-only portfolio fits");
        }
        if (Boolean.TRUE.equals(request.backtest())) {
            throw new UnprocessableException("BACKTEST_NOT_AVAILABLE", "backtesting an allocation needs the "
                    + "backtest engine, which is not built yet; ask without backtest");
        }
        List<Instrument> instruments = instruments(symbols);
        Interval interval = instruments.getFirst().interval();
        int lookback = request.lookback() != null ? request.lookback() : interval == Interval.H1 ? 720 : 252;
        Instant now = clock.instant();
        Aligned aligned = aligned(instruments, lookback, now);
        Covariance covariance = Covariance.ledoitWolf(aligned.returns());
        double periodsPerYear = interval == Interval.H1 ? 24 * 365 : 252;
        List<String> notes = new ArrayList<>();
        double[] expected = null;
        Double returnShrinkage = null;
        double[] weights = switch (method) {
            case MIN_VARIANCE -> Optimizer.minVariance(covariance, cap);
            case RISK_PARITY -> riskParity(covariance, cap, symbols);
            case MAX_SHARPE -> {
                returnShrinkage = jamesStein(covariance);
                expected = new double[symbols.size()];
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
                    yield Optimizer.minVariance(covariance, cap);
                }
                yield tangency;
            }
        };
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
                returnShrinkage == null ? null : round(returnShrinkage), assets, notes);
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
    private Aligned aligned(List<Instrument> instruments, int lookback, Instant now) {
        List<Map<Instant, Double>> closes = readAll(instruments, lookback, now);
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

    /** Each series' newest closed bars, read concurrently: one Query per symbol. */
    private List<Map<Instant, Double>> readAll(List<Instrument> instruments, int lookback, Instant now) {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Map<Instant, Double>>> reads = new ArrayList<>();
            for (Instrument instrument : instruments) {
                reads.add(executor.submit(() -> {
                    Map<Instant, Double> closes = new HashMap<>();
                    // A few more than the lookback: the series' own gaps and the bar still forming.
                    for (Candle candle : market.closedWindow(instrument, now, lookback + lookback / 10 + 2)) {
                        closes.put(candle.openTime(), candle.close().doubleValue());
                    }
                    return closes;
                }));
            }
            List<Map<Instant, Double>> out = new ArrayList<>();
            for (Future<Map<Instant, Double>> read : reads) {
                out.add(read.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading candles", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Risk parity has no room for a cap: when its weights exceed one, the request is refused rather than answered
     * with something that is not risk parity.
     */
    private static double[] riskParity(Covariance covariance, double cap, List<String> symbols) {
        double[] weights = Optimizer.riskParity(covariance);
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > cap + 1e-9) {
                throw new UnprocessableException("MAX_WEIGHT_BREACHED", String.format(
                        "risk parity gives %s a weight of %.4f, above maxWeight %s; raise maxWeight or use "
                                + "min-variance", symbols.get(i), weights[i], cap));
            }
        }
        return weights;
    }

    /**
     * The factor the sample means are multiplied by: {@code max(0, 1 − N / z²)}, z² the sum of each mean's squared
     * t-statistic. Means indistinguishable from noise (z² ≈ N) shrink to zero.
     */
    static double jamesStein(Covariance covariance) {
        double z2 = 0;
        int n = covariance.size();
        for (int i = 0; i < n; i++) {
            double standardError2 = covariance.matrix()[i][i] / covariance.observations();
            z2 += covariance.means()[i] * covariance.means()[i] / standardError2;
        }
        return z2 == 0 ? 0 : Math.max(0, 1 - n / z2);
    }

    /** Figures are reported like the performance metrics' ratios: 6 decimals. */
    private static BigDecimal round(double value) {
        return Performance.ratio(value);
    }
}
