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
import java.util.Optional;

/**
 * {@code POST /v1/backtests}, {@code GET /v1/backtests/{id}} and {@code GET /v1/backtests}: a {@code rules} strategy
 * run over one instrument's stored closed bars by {@link BacktestEngine} (the paper-trading engine), answered at once
 * and stored under the caller for {@link #RETENTION}, and parameter sweeps over them (docs/trading.md#backtests).
 */
public final class BacktestService {

    /** Bars one request may decide on: about 2.3 years of hourly bars, well inside one invocation. */
    public static final int MAX_BARS = 20_000;
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
    private final Clock clock;
    private final IdGenerator ids;

    public BacktestService(BacktestRepository repository, MarketData market, Clock clock, IdGenerator ids) {
        this.repository = repository;
        this.market = market;
        this.clock = clock;
        this.ids = ids;
    }

    /** Runs, stores and answers the backtest (its stored JSON). */
    public JsonNode run(String userId, JsonNode request) {
        Instant now = clock.instant();
        Validation validation = new Validation();
        Parsed parsed = parse(request, validation, now, "strategy");
        Rules rules = parsed.rules(request.path("strategy"), validation);
        validation.throwIfInvalid();
        Bars bars = bars(parsed, rules.lookback(), now, MAX_BARS);
        String id = ids.newId();
        BacktestEngine.Result result = BacktestEngine.run(parsed.config(id, userId, now), rules, bars.all(),
                bars.history());
        ObjectNode answer = answer(id, now, parsed.instrument(), request, bars.history(), result);
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
        List<Rules> rules = new ArrayList<>();
        for (Sweep.Combination combination : combinations) {
            rules.add(parsed.rules(combination.strategy(), validation));
        }
        validation.throwIfInvalid();
        int lookback = rules.stream().mapToInt(Rules::lookback).max().orElse(1);
        Bars bars = bars(parsed, lookback, now, SWEEP_MAX_BAR_STEPS / combinations.size());
        List<Sweep.Trial> trials = new ArrayList<>();
        for (int k = 0; k < combinations.size(); k++) {
            trials.add(new Sweep.Trial(combinations.get(k).parameters(), BacktestEngine.run(parsed.config(
                    "sweep-" + k, userId, now), rules.get(k), bars.all(), bars.history())));
        }
        return Sweep.answer(parsed.instrument(), trials, now);
    }

    /** The common part of a backtest request, checked. */
    private record Parsed(Instrument instrument, Instant from, Instant to, BigDecimal startingCash,
                          BigDecimal feesBps, BigDecimal slippageBps) {

        BacktestEngine.Config config(String id, String userId, Instant now) {
            return new BacktestEngine.Config(id, userId, instrument.symbol(), instrument.assetClass(),
                    instrument.interval(), instrument.calendar(), startingCash, feesBps, slippageBps, now);
        }

        Rules rules(JsonNode strategy, Validation validation) {
            String type = strategy.path("type").asText("");
            validation.check(type.equals("rules") || type.equals("model-signal"), "strategy.type",
                    "must be rules or model-signal");
            if (type.equals("model-signal")) {
                throw new UnprocessableException("STRATEGY_NOT_AVAILABLE", "model-signal backtests are not built"
                        + " yet; use a rules strategy");
            }
            return Rules.parse(strategy, validation);
        }
    }

    private Parsed parse(JsonNode request, Validation validation, Instant now, String... more) {
        if (request == null || !request.isObject()) {
            throw InvalidInputException.field("body", "must be a JSON object");
        }
        List<String> fields = new ArrayList<>(List.of("symbol", "from", "to", "startingCash", "feesBps",
                "slippageBps"));
        fields.addAll(List.of(more));
        Rules.onlyFields(request, "body", validation, fields.toArray(String[]::new));
        String symbol = request.path("symbol").asText("");
        validation.check(symbol.matches("[A-Z0-9][A-Z0-9.\\-]{0,19}"), "symbol", "must be a symbol such as BTCUSDT");
        Instant from = instant(request.path("from"), "from", validation);
        Instant to = request.hasNonNull("to") ? instant(request.path("to"), "to", validation) : now;
        validation.check(from == null || to == null || from.isBefore(to), "from", "must be before to");
        validation.check(to == null || !to.isAfter(now), "to", "must not be in the future");
        // The money settings of a paper session, checked by the same rules.
        JsonNode cash = request.path("startingCash");
        BigDecimal startingCash = decimal(cash, "startingCash", validation);
        if (startingCash != null || cash.isMissingNode() || cash.isNull()) {
            SessionService.startingCash(startingCash, true, validation);
        }
        BigDecimal feesBps = decimal(request.path("feesBps"), "feesBps", validation);
        SessionService.bps(feesBps, "feesBps", validation);
        BigDecimal slippageBps = decimal(request.path("slippageBps"), "slippageBps", validation);
        SessionService.bps(slippageBps, "slippageBps", validation);
        if (!validation.isValid()) {
            return new Parsed(null, from, to, null, null, null);
        }
        startingCash = startingCash.setScale(2);
        feesBps = feesBps == null ? BigDecimal.ZERO : feesBps;
        slippageBps = slippageBps == null ? BigDecimal.ZERO : slippageBps;
        Instrument instrument = market.instrument(symbol).orElseThrow(() ->
                new UnprocessableException("UNKNOWN_SYMBOL", "No instrument " + symbol));
        return new Parsed(instrument, from, to, startingCash, feesBps, slippageBps);
    }

    private record Bars(List<Candle> all, int history) {
    }

    /** The decision bars in range (at most {@code limit}) and the history before them the indicators need. */
    private Bars bars(Parsed parsed, int lookback, Instant now, int limit) {
        Instrument instrument = parsed.instrument();
        List<Candle> decisions = market.closedBetween(instrument, parsed.from(), parsed.to(), now, limit + 1);
        if (decisions.size() > limit) {
            throw InvalidInputException.field("from", "the range holds more than " + limit + " bars of "
                    + instrument.symbol() + ", the most one request runs (asynchronous runs are not built yet);"
                    + " shorten it");
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
        return new Bars(all, history.size());
    }

    public JsonNode get(String userId, String backtestId) {
        return repository.find(userId, backtestId, clock.instant()).map(stored -> read(stored.resultJson()))
                .orElseThrow(() -> new NotFoundException("Backtest not found"));
    }

    public Page<JsonNode> list(String userId, int limit, String cursor) {
        Page<BacktestRepository.StoredBacktest> page = repository.list(userId, limit, cursor, clock.instant());
        return new Page<>(page.items().stream().map(s -> read(s.summaryJson())).toList(), page.nextCursor());
    }

    private ObjectNode answer(String id, Instant now, Instrument instrument, JsonNode request, int historyBars,
                              BacktestEngine.Result result) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode out = nodes.objectNode();
        out.put("id", id);
        out.put("createdAt", now.toString());
        out.put("status", "COMPLETE");
        out.put("symbol", instrument.symbol());
        out.put("interval", instrument.interval().code());
        out.put("from", result.start().toString());
        out.put("to", result.end().toString());
        out.put("decisions", result.decisions());
        out.put("historyBars", historyBars);
        out.set("request", request.deepCopy());
        out.put("endingCash", result.cash());
        out.put("endingEquity", result.equity());
        out.set("metrics", Json.mapper().valueToTree(result.metrics()));
        out.set("buyAndHold", Json.mapper().valueToTree(result.buyAndHold()));
        ArrayNode trades = out.putArray("trades");
        // Bounded so the stored item stays far below DynamoDB's 400 KB; the metrics count every trade.
        out.put("tradeCount", result.trades().size());
        out.put("tradesTruncated", result.trades().size() > MAX_TRADES);
        for (TradeRecord t : result.trades().subList(0, Math.min(MAX_TRADES, result.trades().size()))) {
            ObjectNode trade = trades.addObject();
            trade.put("id", t.tradeId());
            trade.put("filledAt", t.filledAt().toString());
            trade.put("side", t.side().name());
            trade.put("quantity", t.quantity());
            trade.put("price", t.price());
            trade.put("grossAmount", t.grossAmount());
            trade.put("fees", t.fees());
            trade.put("realizedPnl", t.realizedPnl());
            trade.put("cashAfter", t.cashAfter());
            trade.put("equityAfter", t.equityAfter());
        }
        ArrayNode curve = out.putArray("equity");
        List<EquityPoint> points = result.curve();
        int step = Math.max(1, (points.size() + MAX_CURVE_POINTS - 1) / MAX_CURVE_POINTS);
        for (int i = 0; i < points.size(); i++) {
            if (i % step == 0 || i == points.size() - 1) {
                EquityPoint p = points.get(i);
                curve.addObject().put("time", p.time().toString()).put("equity", p.equity()).put("cash", p.cash());
            }
        }
        out.put("equityStep", step);
        return out;
    }

    /** What a listing shows of a backtest. */
    private static ObjectNode summary(ObjectNode answer) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("id", "createdAt", "status", "symbol", "interval", "from", "to", "decisions",
                "endingEquity")) {
            out.set(field, answer.get(field));
        }
        out.set("strategy", answer.path("request").path("strategy").path("type"));
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

    private static Instant instant(JsonNode node, String field, Validation validation) {
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
