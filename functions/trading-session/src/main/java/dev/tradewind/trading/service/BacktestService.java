package dev.tradewind.trading.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.validation.FieldRules;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.backtest.BacktestEngine;
import dev.tradewind.trading.domain.backtest.Rules;
import dev.tradewind.trading.store.BacktestRepository;
import dev.tradewind.trading.store.MarketData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /v1/backtests}, {@code GET /v1/backtests/{id}} and {@code GET /v1/backtests}: a {@code rules} or
 * {@code model-signal} strategy run over the stored closed bars of one to {@link #MAX_SYMBOLS} instruments by
 * {@link BacktestEngine} (the paper-trading engine), answered at once and stored under the caller for
 * {@link #RETENTION}, and parameter sweeps over them (docs/trading.md#backtests). The model's forecasts come from
 * the predict function ({@link ModelForecasts}).
 */
public final class BacktestService {

    /** Instruments one backtest may trade together. */
    public static final int MAX_SYMBOLS = 10;
    /** Bars one request may decide on, all instruments together: about 2.3 years of hourly bars of one. */
    public static final int MAX_BARS = 20_000;
    /**
     * Decisions one request may take on the model's forecasts, all instruments together: the predict function
     * computes each bar's forecast for it, about 2.3 s for this many on the development machine.
     */
    public static final int MAX_FORECAST_BARS = 10_000;
    /** Combinations × bars one sweep may run: about two seconds of the engine, warm. */
    public static final int SWEEP_MAX_BAR_STEPS = 200_000;
    /** Indicator history before the first decision: recursive indicators forget their start within a few periods. */
    static final int HISTORY_PERIODS = 5;
    static final int MIN_HISTORY = 100;
    static final Duration RETENTION = Duration.ofDays(90);
    /** The equity curve answered and stored: at most this many points (every k-th decision, and the last). */
    static final int MAX_CURVE_POINTS = 1000;
    /** The trades answered and stored: the first this many (a strategy trading every bar would make thousands). */
    static final int MAX_TRADES = 1000;

    private final BacktestRepository repository;
    private final MarketData market;
    private final ModelForecasts forecasts;
    private final Clock clock;
    private final IdGenerator ids;

    public BacktestService(BacktestRepository repository, MarketData market, ModelForecasts forecasts, Clock clock,
                           IdGenerator ids) {
        this.repository = repository;
        this.market = market;
        this.forecasts = forecasts;
        this.clock = clock;
        this.ids = ids;
    }

    /** Runs, stores and answers the backtest (its stored JSON). */
    public JsonNode run(String userId, JsonNode request) {
        Instant now = clock.instant();
        Validation validation = new Validation();
        Parsed parsed = parse(request, validation, now, "strategy");
        Strategy strategy = parsed.strategy(request.path("strategy"), validation);
        validation.throwIfInvalid();
        List<BacktestEngine.Market> markets = markets(parsed, strategy.rules().lookback(), now,
                strategy.rules().usesForecasts() ? MAX_FORECAST_BARS : MAX_BARS);
        Forecasted forecasted = strategy.rules().usesForecasts() ? forecasted(parsed, markets) : null;
        Rules rules = forecasted == null ? strategy.rules() : strategy.withThresholds(forecasted);
        String id = ids.newId();
        BacktestEngine.Result result = BacktestEngine.run(parsed.config(id, userId, now), rules,
                forecasted == null ? markets : forecasted.markets());
        ObjectNode answer = answer(id, now, parsed, request, markets, result);
        if (forecasted != null) {
            forecasted.describe(answer);
        }
        repository.save(userId, id, now, Json.write(summary(answer)), Json.write(answer), now.plus(RETENTION));
        return answer;
    }

    /**
     * {@code POST /v1/backtests/sweeps}: every combination of a grid over the strategy's numbers, each run as a
     * backtest over the same bars, ranked by Sharpe ratio, with the best one's Deflated Sharpe Ratio and the
     * Probability of Backtest Overfitting of the whole sweep (docs/trading.md#sweeps). Answered, not stored.
     */
    public JsonNode sweep(String userId, JsonNode request) {
        Instant now = clock.instant();
        Validation validation = new Validation();
        Parsed parsed = parse(request, validation, now, "strategy", "grid");
        List<Sweep.Combination> combinations = Sweep.combinations(request.path("strategy"), request.path("grid"),
                validation);
        List<Strategy> strategies = new ArrayList<>();
        for (Sweep.Combination combination : combinations) {
            strategies.add(parsed.strategy(combination.strategy(), validation));
        }
        validation.throwIfInvalid();
        int lookback = strategies.stream().mapToInt(s -> s.rules().lookback()).max().orElse(1);
        boolean usesForecasts = strategies.stream().anyMatch(s -> s.rules().usesForecasts());
        List<BacktestEngine.Market> markets = markets(parsed, lookback, now, Math.min(SWEEP_MAX_BAR_STEPS
                / combinations.size(), usesForecasts ? MAX_FORECAST_BARS : MAX_BARS));
        Forecasted forecasted = usesForecasts ? forecasted(parsed, markets) : null;
        List<Sweep.Trial> trials = new ArrayList<>();
        for (int k = 0; k < combinations.size(); k++) {
            Strategy strategy = strategies.get(k);
            trials.add(new Sweep.Trial(combinations.get(k).parameters(), BacktestEngine.run(parsed.config(
                    "sweep-" + k, userId, now), forecasted == null ? strategy.rules()
                    : strategy.withThresholds(forecasted), forecasted == null ? markets : forecasted.markets())));
        }
        ObjectNode answer = (ObjectNode) Sweep.answer(parsed.symbols(), parsed.interval(), trials, now);
        if (forecasted != null) {
            forecasted.describe(answer);
        }
        return answer;
    }

    /** The common part of a backtest request, checked. */
    private record Parsed(List<Instrument> instruments, Instant from, Instant to, BigDecimal startingCash,
                          BigDecimal feesBps, BigDecimal slippageBps, boolean allowInSample) {

        BacktestEngine.Config config(String id, String userId, Instant now) {
            return new BacktestEngine.Config(id, userId, interval(), startingCash, feesBps, slippageBps, now);
        }

        Interval interval() {
            return instruments.getFirst().interval();
        }

        List<String> symbols() {
            return instruments.stream().map(Instrument::symbol).toList();
        }

        Strategy strategy(JsonNode strategy, Validation validation) {
            String type = strategy.path("type").asText("");
            validation.check(type.equals("rules") || type.equals("model-signal"), "strategy.type",
                    "must be rules or model-signal");
            if (type.equals("model-signal") && strategy.isObject()) {
                // Checked with the served thresholds' usual values; run with the ones the forecasts come with.
                return new Strategy(strategy, true, Rules.modelSignal(strategy, 0.55, 0.45, validation));
            }
            return new Strategy(strategy, false, Rules.parse(strategy, validation));
        }
    }

    /** A checked strategy; a model-signal one is rebuilt on the signal thresholds its forecasts come with. */
    private record Strategy(JsonNode json, boolean modelSignal, Rules rules) {

        Rules withThresholds(Forecasted forecasted) {
            return modelSignal ? Rules.modelSignal(json, forecasted.buyAt(), forecasted.sellAt(), new Validation())
                    : rules;
        }
    }

    /**
     * The markets with the model's forecasts at each decision bar, the model they come from and whether any
     * decision falls inside its training window.
     */
    private record Forecasted(List<BacktestEngine.Market> markets, ModelForecasts.Model model, double buyAt,
                              double sellAt, boolean inSample) {

        void describe(ObjectNode answer) {
            ObjectNode node = answer.putObject("model");
            node.put("version", model.version());
            node.put("family", model.family());
            node.put("trainedThrough", model.trainedThrough().toString());
            node.put("horizonBars", model.horizonBars());
            node.put("lowConfidence", model.lowConfidence());
            node.put("buyAt", buyAt);
            node.put("sellAt", sellAt);
            answer.put("inSample", inSample);
        }
    }

    /**
     * Asks the predict function for the forecasts of every decision bar, one instrument per call, concurrently.
     * A backtest deciding before the model's training cutoff would score it on bars it learned from: refused
     * unless {@code allowInSample}, and then marked.
     */
    private Forecasted forecasted(Parsed parsed, List<BacktestEngine.Market> markets) {
        List<ModelForecasts.Series> series = Concurrently.map(markets, m -> forecasts.series(m.symbol(),
                m.bars().get(m.firstDecision()).openTime(), m.bars().getLast().openTime()));
        ModelForecasts.Model model = series.getFirst().model();
        Instant firstDecision = markets.stream().map(m -> m.closeTime(parsed.interval(), m.firstDecision()))
                .min(Instant::compareTo).orElseThrow();
        boolean inSample = firstDecision.isBefore(model.trainedThrough());
        if (inSample && !parsed.allowInSample()) {
            throw new UnprocessableException("IN_SAMPLE", "The model " + model.version() + " was trained on data"
                    + " through " + model.trainedThrough() + ", and this backtest decides from " + firstDecision
                    + ": it would score the model on bars it learned from. Start after " + model.trainedThrough()
                    + ", or set allowInSample: true to run it marked inSample.");
        }
        List<BacktestEngine.Market> withForecasts = new ArrayList<>();
        for (int k = 0; k < markets.size(); k++) {
            BacktestEngine.Market m = markets.get(k);
            double[] probability = new double[m.bars().size()];
            double[] volatility = new double[m.bars().size()];
            for (int i = 0; i < m.bars().size(); i++) {
                Instant open = m.bars().get(i).openTime();
                probability[i] = series.get(k).probabilityUp().getOrDefault(open, Double.NaN);
                volatility[i] = series.get(k).volatility().getOrDefault(open, Double.NaN);
            }
            withForecasts.add(new BacktestEngine.Market(m.symbol(), m.assetClass(), m.calendar(), m.bars(),
                    m.firstDecision(), Map.of(Rules.PROBABILITY_UP, probability, Rules.FORECAST_VOLATILITY,
                    volatility)));
        }
        return new Forecasted(withForecasts, model, series.getFirst().buyAt(), series.getFirst().sellAt(),
                inSample);
    }

    private Parsed parse(JsonNode request, Validation validation, Instant now, String... more) {
        if (request == null || !request.isObject()) {
            throw InvalidInputException.field("body", "must be a JSON object");
        }
        List<String> fields = new ArrayList<>(List.of("symbol", "symbols", "from", "to", "startingCash", "feesBps",
                "slippageBps", "allowInSample"));
        fields.addAll(List.of(more));
        Rules.onlyFields(request, "body", validation, fields.toArray(String[]::new));
        List<String> symbols = symbols(request, validation);
        Instant from = instant(request.path("from"), "from", validation);
        Instant to = request.hasNonNull("to") ? instant(request.path("to"), "to", validation) : now;
        validation.check(from == null || to == null || from.isBefore(to), "from", "must be before to");
        validation.check(to == null || !to.isAfter(now), "to", "must not be in the future");
        MoneySettings money = money(request, "", null, validation);
        JsonNode allow = request.path("allowInSample");
        validation.check(allow.isMissingNode() || allow.isNull() || allow.isBoolean(), "allowInSample",
                "must be true or false");
        boolean allowInSample = allow.asBoolean(false);
        if (!validation.isValid()) {
            return new Parsed(null, from, to, null, null, null, false);
        }
        List<Instrument> instruments = new ArrayList<>();
        for (String symbol : symbols) {
            instruments.add(market.instrument(symbol).orElseThrow(() ->
                    new UnprocessableException("UNKNOWN_SYMBOL", "No instrument " + symbol)));
        }
        if (instruments.stream().map(Instrument::interval).distinct().count() > 1) {
            throw new UnprocessableException("MIXED_INTERVALS", "The symbols have different bar intervals ("
                    + String.join(", ", instruments.stream().map(i -> i.symbol() + " " + i.interval().code())
                    .toList()) + "); one backtest steps through bars of one interval");
        }
        return new Parsed(List.copyOf(instruments), from, to, money.startingCash(), money.feesBps(),
                money.slippageBps(), allowInSample);
    }

    /** A backtest's starting cash, fees and slippage. */
    record MoneySettings(BigDecimal startingCash, BigDecimal feesBps, BigDecimal slippageBps) {
    }

    /**
     * The money settings of {@code request}, checked by the paper session's own rules, with field names under
     * {@code prefix}; fees and slippage default to 0. Null when any is invalid.
     *
     * @param defaultCash the starting cash when none is given; null: it is required
     */
    static MoneySettings money(JsonNode request, String prefix, BigDecimal defaultCash, Validation validation) {
        JsonNode cash = request.path("startingCash");
        boolean absent = cash.isMissingNode() || cash.isNull();
        BigDecimal startingCash = absent ? defaultCash : decimal(cash, prefix + "startingCash", validation);
        if (startingCash != null || absent) {
            SessionService.startingCash(startingCash, true, prefix + "startingCash", validation);
        }
        BigDecimal feesBps = decimal(request.path("feesBps"), prefix + "feesBps", validation);
        SessionService.bps(feesBps, prefix + "feesBps", validation);
        BigDecimal slippageBps = decimal(request.path("slippageBps"), prefix + "slippageBps", validation);
        SessionService.bps(slippageBps, prefix + "slippageBps", validation);
        if (startingCash == null || !validation.isValid()) {
            return null;
        }
        return new MoneySettings(startingCash.setScale(2), feesBps == null ? BigDecimal.ZERO : feesBps,
                slippageBps == null ? BigDecimal.ZERO : slippageBps);
    }

    /** {@code symbol}, or {@code symbols}: 1 to {@link #MAX_SYMBOLS} distinct symbols. */
    private static List<String> symbols(JsonNode request, Validation validation) {
        JsonNode one = request.path("symbol");
        JsonNode many = request.path("symbols");
        boolean hasOne = !one.isMissingNode() && !one.isNull();
        boolean hasMany = !many.isMissingNode() && !many.isNull();
        if (hasOne == hasMany) {
            validation.add("symbol", "give symbol or symbols (an array of up to " + MAX_SYMBOLS + "), one of them");
            return List.of();
        }
        List<String> symbols = new ArrayList<>();
        if (hasOne) {
            symbols.add(one.asText(""));
        } else if (many.isArray() && !many.isEmpty() && many.size() <= MAX_SYMBOLS) {
            many.forEach(s -> symbols.add(s.isTextual() ? s.asText() : ""));
        } else {
            validation.add("symbols", "must be an array of 1 to " + MAX_SYMBOLS + " symbols");
            return List.of();
        }
        String field = hasOne ? "symbol" : "symbols";
        validation.check(symbols.stream().allMatch(FieldRules::isSymbol), field,
                hasOne ? "must be a symbol such as BTCUSDT" : "must be symbols such as BTCUSDT");
        validation.check(Set.copyOf(symbols).size() == symbols.size(), field, "must not repeat a symbol");
        return symbols;
    }

    /**
     * Each instrument's decision bars in range and the history before them the indicators need; at most
     * {@code limit} decisions in all.
     */
    private List<BacktestEngine.Market> markets(Parsed parsed, int lookback, Instant now, int limit) {
        List<BacktestEngine.Market> markets = new ArrayList<>();
        int decided = 0;
        for (Instrument instrument : parsed.instruments()) {
            List<Candle> decisions = market.closedBetween(instrument, parsed.from(), parsed.to(), now,
                    limit - decided + 1);
            decided += decisions.size();
            if (decided > limit) {
                throw InvalidInputException.field("from", "the range holds more than " + limit + " bars of "
                        + String.join(", ", parsed.symbols()) + " together, the most one request runs"
                        + " (asynchronous runs are not built yet); shorten it");
            }
            if (decisions.isEmpty()) {
                throw new UnprocessableException("NO_BARS", "No closed " + instrument.symbol() + " bars between "
                        + parsed.from() + " and " + parsed.to());
            }
            int historyBars = Math.max(MIN_HISTORY, HISTORY_PERIODS * lookback);
            List<Candle> history = market.closedWindow(instrument, decisions.getFirst().openTime(), historyBars + 1)
                    .stream().filter(c -> c.openTime().isBefore(decisions.getFirst().openTime())).toList();
            List<Candle> all = new ArrayList<>(history);
            all.addAll(decisions);
            markets.add(new BacktestEngine.Market(instrument.symbol(), instrument.assetClass(),
                    instrument.calendar(), all, history.size()));
        }
        return markets;
    }

    public JsonNode get(String userId, String backtestId) {
        return repository.find(userId, backtestId, clock.instant()).map(stored -> read(stored.resultJson()))
                .orElseThrow(() -> new NotFoundException("Backtest not found"));
    }

    public Page<JsonNode> list(String userId, int limit, String cursor) {
        Page<BacktestRepository.StoredBacktest> page = repository.list(userId, limit, cursor, clock.instant());
        return new Page<>(page.items().stream().map(s -> read(s.summaryJson())).toList(), page.nextCursor());
    }

    private ObjectNode answer(String id, Instant now, Parsed parsed, JsonNode request,
                              List<BacktestEngine.Market> markets, BacktestEngine.Result result) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode out = nodes.objectNode();
        out.put("id", id);
        out.put("createdAt", now.toString());
        out.put("status", "COMPLETE");
        if (markets.size() == 1) {
            out.put("symbol", markets.getFirst().symbol());
        }
        ArrayNode symbols = out.putArray("symbols");
        parsed.symbols().forEach(symbols::add);
        out.put("interval", parsed.interval().code());
        out.put("from", result.start().toString());
        out.put("to", result.end().toString());
        out.put("decisions", result.decisions());
        out.put("historyBars", markets.stream().mapToInt(BacktestEngine.Market::firstDecision).max().orElse(0));
        out.set("request", request.deepCopy());
        out.put("endingCash", result.cash());
        out.put("endingEquity", result.equity());
        out.set("metrics", Json.mapper().valueToTree(result.metrics()));
        out.set("buyAndHold", Json.mapper().valueToTree(result.buyAndHold()));
        trades(out, result.trades());
        out.put("equityStep", curve(out.putArray("equity"), result.curve()));
        return out;
    }

    /**
     * The first {@link #MAX_TRADES} trades, so the stored item stays far below DynamoDB's 400 KB, with the count of
     * all (which the metrics are computed from).
     */
    static void trades(ObjectNode out, List<TradeRecord> all) {
        ArrayNode trades = out.putArray("trades");
        out.put("tradeCount", all.size());
        out.put("tradesTruncated", all.size() > MAX_TRADES);
        for (TradeRecord t : all.subList(0, Math.min(MAX_TRADES, all.size()))) {
            ObjectNode trade = trades.addObject();
            trade.put("id", t.tradeId());
            trade.put("filledAt", t.filledAt().toString());
            trade.put("symbol", t.symbol());
            trade.put("side", t.side().name());
            trade.put("quantity", t.quantity());
            trade.put("price", t.price());
            trade.put("grossAmount", t.grossAmount());
            trade.put("fees", t.fees());
            trade.put("realizedPnl", t.realizedPnl());
            trade.put("cashAfter", t.cashAfter());
            trade.put("equityAfter", t.equityAfter());
        }
    }

    /** Every k-th point of an equity curve and its last, at most {@link #MAX_CURVE_POINTS}; answers k. */
    static int curve(ArrayNode out, List<EquityPoint> points) {
        int step = Math.max(1, (points.size() + MAX_CURVE_POINTS - 1) / MAX_CURVE_POINTS);
        for (int i = 0; i < points.size(); i++) {
            if (i % step == 0 || i == points.size() - 1) {
                EquityPoint p = points.get(i);
                out.addObject().put("time", p.time().toString()).put("equity", p.equity()).put("cash", p.cash());
            }
        }
        return step;
    }

    /** What a listing shows of a backtest. */
    private static ObjectNode summary(ObjectNode answer) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("id", "createdAt", "status", "symbol", "symbols", "interval", "from", "to",
                "decisions", "endingEquity")) {
            if (answer.has(field)) {
                out.set(field, answer.get(field));
            }
        }
        out.set("strategy", answer.path("request").path("strategy").path("type"));
        if (answer.has("inSample")) {
            out.set("inSample", answer.get("inSample"));
        }
        out.set("totalReturn", answer.path("metrics").path("totalReturn"));
        out.set("buyAndHoldReturn", answer.path("buyAndHold").path("totalReturn"));
        out.set("trades", answer.path("tradeCount"));
        return out;
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instant instant(JsonNode node, String field, Validation validation) {
        Optional<Instant> parsed = FieldRules.instantOrDate(node.isTextual() ? node.asText() : null);
        validation.check(parsed.isPresent(), field, FieldRules.INSTANT_OR_DATE_RULE);
        return parsed.orElse(null);
    }

    /** A decimal field, a JSON number or a string; absent is null, anything else a field error. */
    private static BigDecimal decimal(JsonNode node, String field, Validation validation) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        Optional<BigDecimal> value = FieldRules.decimal(node);
        validation.check(value.isPresent(), field, FieldRules.DECIMAL_RULE);
        return value.orElse(null);
    }
}
