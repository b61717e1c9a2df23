package dev.tradewind.trading.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.concurrent.Concurrently;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.error.DomainException;
import dev.tradewind.shared.error.FieldError;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.validation.FieldRules;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.IdempotencyRecord;
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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.Function;

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
    /**
     * Decisions a backtest runs at once by default (BACKTEST_SYNC_BARS), all instruments together: about 2.3 years of
     * hourly bars of one, answered well inside API Gateway's 30 s.
     */
    public static final int MAX_BARS = 20_000;
    /** Decisions one asynchronous backtest may take: reading them is most of its time, minutes at most. */
    public static final int MAX_ASYNC_BARS = 500_000;
    /** The same with the model's forecasts, which the predict function computes 10,000 at a time. */
    public static final int MAX_ASYNC_FORECAST_BARS = 100_000;
    /**
     * Decisions one request may take on the model's forecasts, all instruments together: the predict function
     * computes each bar's forecast for it (792 took 179 ms warm on the local runtime; this many was not measured).
     */
    public static final int MAX_FORECAST_BARS = 10_000;
    /**
     * Combinations × decision bars one sweep may run: about two seconds of the engine, warm, for simple strategies.
     * Indicator history and rolling windows are not counted: 50 combinations of 40 Bollinger series up to 200 bars
     * long over 10 symbols took 8.9 s of CPU under C1 (docs/trading.md#sweeps).
     */
    public static final int SWEEP_MAX_BAR_STEPS = 200_000;
    /** Indicator history before the first decision: recursive indicators forget their start within a few periods. */
    static final int HISTORY_PERIODS = 5;
    static final int MIN_HISTORY = 100;
    static final Duration RETENTION = Duration.ofDays(90);
    /**
     * How long a run may take before it counts as lost: the worker's event may wait up to an hour
     * (MaximumEventAgeInSeconds) and each of its two attempts may last 15 minutes. Real time, on the wall clock.
     */
    static final Duration WORKER_DEADLINE = Duration.ofMinutes(90);
    /** The equity curve answered and stored: at most this many points (every k-th decision, and the last). */
    static final int MAX_CURVE_POINTS = 1000;
    /** The trades answered and stored: the first this many (a strategy trading every bar would make thousands). */
    static final int MAX_TRADES = 1000;

    /** Reads a stored backtest as it was answered: 5.0 stays 5.0, so a replay answers the first answer's text. */
    private static final ObjectReader AS_WRITTEN = Json.mapper().reader()
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

    private final BacktestRepository repository;
    private final MarketData market;
    private final ModelForecasts forecasts;
    private final BacktestRunner runner;
    private final int syncBars;
    private final Clock clock;
    private final Clock wallClock;
    private final IdGenerator ids;
    private final Idempotency idempotency;

    /**
     * @param syncBars  the most decisions a backtest runs at once before it goes to the worker
     * @param wallClock the real time, which the worker's deadline passes in even on the local runtime's replay clock
     */
    public BacktestService(BacktestRepository repository, MarketData market, ModelForecasts forecasts,
                           BacktestRunner runner, int syncBars, Clock clock, Clock wallClock, IdGenerator ids,
                           Idempotency idempotency) {
        this.repository = repository;
        this.market = market;
        this.forecasts = forecasts;
        this.runner = runner;
        this.syncBars = syncBars;
        this.clock = clock;
        this.wallClock = wallClock;
        this.ids = ids;
        this.idempotency = idempotency;
    }

    /** A backtest as answered: complete (201), or started on the worker and still running (202). */
    public record Started(JsonNode answer, boolean running) {
    }

    /**
     * Runs, stores and answers the backtest (its stored JSON); one too large to answer at once (more than the
     * synchronous limit, {@code BACKTEST_SYNC_BARS}) is stored as RUNNING and started on the worker instead, and one
     * that could not finish within a Lambda invocation's 15 minutes is refused. With an Idempotency-Key, once per key
     * (scoped to the user): a retry with the same key and the same request answers what the first request answered,
     * and neither runs the backtest nor starts the worker again.
     */
    public Idempotency.Answer<Started> run(String userId, Optional<String> idempotencyKey, JsonNode request) {
        Instant now = clock.instant();
        Instant wallNow = wallClock.instant();
        Validation validation = new Validation();
        Parsed parsed = parse(request, validation, now, "strategy");
        Strategy strategy = parsed.strategy(request.path("strategy"), validation);
        validation.throwIfInvalid();
        boolean forecasts = strategy.rules().usesForecasts();
        int atOnce = forecasts ? Math.min(syncBars, MAX_FORECAST_BARS) : syncBars;
        String id = ids.newId();
        long estimate = parsed.estimatedDecisions();
        boolean onWorker = estimate > atOnce;
        if (onWorker) {
            int most = forecasts ? MAX_ASYNC_FORECAST_BARS : MAX_ASYNC_BARS;
            if (estimate > most) {
                throw InvalidInputException.field("from", "the range holds up to " + estimate + " bars of "
                        + String.join(", ", parsed.symbols()) + " together, more than the " + most + " one backtest"
                        + " can run within a Lambda invocation's 15 minutes; shorten it");
            }
            if (!runner.available()) {
                throw BacktestRunner.unavailable();
            }
        }
        // Stores the backtest with the record of its key (null without one).
        Function<IdempotencyRecord<BacktestRepository.Created>, Started> create = key -> onWorker
                ? start(userId, id, now, wallNow, parsed, request, key)
                : save(userId, id, now, wallNow, execute(id, userId, now, parsed, strategy, request, atOnce,
                        progress -> { }), key);
        if (idempotencyKey.isEmpty()) {
            return new Idempotency.Answer<>(create.apply(null), false);
        }
        String keyHash = Idempotency.keyHash(idempotencyKey.get());
        String requestHash = Idempotency.requestHash(canonical(request));
        return Idempotency.once(
                () -> Idempotency.replay(repository.idempotency(userId, keyHash), requestHash, now, "backtest")
                        .map(first -> replay(userId, first.answer(), now)),
                () -> create.apply(idempotency.record(userId, null, keyHash, requestHash,
                        new BacktestRepository.Created(id, onWorker), now)));
    }

    /** Stores a complete backtest (with the record of its key, if not null): 201. */
    private Started save(String userId, String id, Instant now, Instant wallNow, ObjectNode answer,
                         IdempotencyRecord<BacktestRepository.Created> key) {
        repository.save(userId, id, now, wallNow, Json.write(summary(answer)), Json.write(answer),
                now.plus(RETENTION), key);
        return new Started(answer, false);
    }

    /**
     * Stores the backtest RUNNING (with the record of its key, if not null) and starts it on the worker: 202. When
     * the worker cannot be started it is stored FAILED and its key forgotten, so a retry with the key starts anew.
     */
    private Started start(String userId, String id, Instant now, Instant wallNow, Parsed parsed, JsonNode request,
                          IdempotencyRecord<BacktestRepository.Created> key) {
        ObjectNode pending = pending(id, now, parsed, request, 0);
        repository.save(userId, id, now, wallNow, Json.write(summary(pending)), Json.write(pending),
                now.plus(RETENTION), key);
        try {
            runner.start(userId, id);
        } catch (DomainException e) {
            ObjectNode failed = failed(pending, e);
            if (key == null) {
                repository.replace(userId, id, now, wallNow, Json.write(summary(failed)), Json.write(failed),
                        now.plus(RETENTION));
            } else {
                repository.failedToStart(userId, id, now, wallNow, Json.write(summary(failed)), Json.write(failed),
                        now.plus(RETENTION), key.keyHash());
            }
            throw e;
        }
        return new Started(pending, true);
    }

    /**
     * What the first request with a key answered: a complete backtest as stored (it never changes), one sent to the
     * worker as it was when sent (RUNNING, no progress), whatever it has become since.
     */
    private Started replay(String userId, BacktestRepository.Created first, Instant now) {
        JsonNode stored = repository.find(userId, first.backtestId(), now)
                .map(backtest -> read(AS_WRITTEN, backtest.resultJson()))
                .orElseThrow(() -> new NotFoundException("Backtest not found"));
        if (!first.running()) {
            return new Started(stored, false);
        }
        ObjectNode sent = JsonNodeFactory.instance.objectNode();
        copy(sent, "id", stored.path("id"));
        copy(sent, "createdAt", stored.path("createdAt"));
        sent.put("status", "RUNNING");
        sent.put("progress", 0.0);
        for (String field : List.of("symbol", "symbols", "interval", "request")) {
            copy(sent, field, stored.path(field));
        }
        return new Started(sent, true);
    }

    /**
     * The request with every object's fields in name order and every number as its value: what "the same request"
     * means for an Idempotency-Key (field order and {@code 0.50} for {@code 0.5} make no other request).
     */
    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Set<String> names = new TreeSet<>();
            node.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> out.set(name, canonical(node.get(name))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(canonical(element)));
            return out;
        }
        return node.isNumber() ? DecimalNode.valueOf(node.decimalValue().stripTrailingZeros()) : node;
    }

    /**
     * The worker's part ({@code BacktestWorkerHandler}): runs a stored RUNNING backtest as of the moment it was
     * asked for, saving its progress as it goes, and stores the outcome (COMPLETE, or FAILED with the reason).
     * A backtest no longer RUNNING (a retried event) or no longer there (erased) is left alone.
     *
     * @return the backtest's status afterwards, or GONE
     */
    public String runStored(String userId, String backtestId) {
        Optional<BacktestRepository.StoredBacktest> found = repository.find(userId, backtestId, clock.instant());
        if (found.isEmpty()) {
            return "GONE";
        }
        BacktestRepository.StoredBacktest stored = found.get();
        ObjectNode pending = (ObjectNode) read(stored.resultJson());
        if (!pending.path("status").asText().equals("RUNNING")) {
            return pending.path("status").asText();
        }
        Instant asked = stored.createdAt();
        JsonNode request = pending.path("request");
        ObjectNode outcome;
        try {
            Validation validation = new Validation();
            Parsed parsed = parse(request, validation, asked, "strategy");
            Strategy strategy = parsed.strategy(request.path("strategy"), validation);
            validation.throwIfInvalid();
            int most = strategy.rules().usesForecasts() ? MAX_ASYNC_FORECAST_BARS : MAX_ASYNC_BARS;
            outcome = execute(backtestId, userId, asked, parsed, strategy, request, most, progress -> {
                ObjectNode running = pending(backtestId, asked, parsed, request, progress);
                repository.replace(userId, backtestId, asked, stored.wallCreatedAt(), Json.write(summary(running)),
                        Json.write(running), stored.expiresAt());
            });
        } catch (DomainException e) {
            outcome = failed(pending, e);
        }
        boolean kept = repository.replace(userId, backtestId, asked, stored.wallCreatedAt(),
                Json.write(summary(outcome)), Json.write(outcome), stored.expiresAt());
        return kept ? outcome.path("status").asText() : "GONE";
    }

    /** Reads the bars (and forecasts) and runs the engine: the answer of a complete backtest. */
    private ObjectNode execute(String id, String userId, Instant now, Parsed parsed, Strategy strategy,
                               JsonNode request, int limit, DoubleConsumer progress) {
        List<BacktestEngine.Market> markets = markets(parsed, strategy.rules().lookback(), now, limit, progress);
        Forecasted forecasted = strategy.rules().usesForecasts() ? forecasted(parsed, markets) : null;
        Rules rules = forecasted == null ? strategy.rules() : strategy.withThresholds(forecasted);
        BacktestEngine.Result result = BacktestEngine.run(parsed.config(id, userId, now), rules,
                forecasted == null ? markets : forecasted.markets());
        ObjectNode answer = answer(id, now, parsed, request, markets, result);
        if (forecasted != null) {
            forecasted.describe(answer);
        }
        return answer;
    }

    /** What a running backtest answers: what was asked and how far it has got (0 to 1). */
    private static ObjectNode pending(String id, Instant createdAt, Parsed parsed, JsonNode request,
                                      double progress) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", id);
        out.put("createdAt", createdAt.toString());
        out.put("status", "RUNNING");
        out.put("progress", Math.round(progress * 100) / 100.0);
        if (parsed.instruments().size() == 1) {
            out.put("symbol", parsed.symbols().getFirst());
        }
        parsed.symbols().forEach(out.putArray("symbols")::add);
        out.put("interval", parsed.interval().code());
        out.set("request", request.deepCopy());
        return out;
    }

    /** A backtest that could not run, with the reason its request would have been refused with. */
    private static ObjectNode failed(ObjectNode pending, DomainException e) {
        ObjectNode out = pending.deepCopy();
        out.put("status", "FAILED");
        out.remove("progress");
        out.putObject("error").put("code", e.code()).put("message", e.getMessage());
        return out;
    }

    /**
     * {@code POST /v1/backtests/sweeps}: every combination of a grid over the strategy's numbers, each run as the
     * backtest it is alone (the same decision bars, the indicator history of its own lookback), ranked by Sharpe
     * ratio, with the best one's Deflated Sharpe Ratio and the Probability of Backtest Overfitting of the whole sweep
     * (docs/trading.md#sweeps). Answered, not stored.
     */
    public JsonNode sweep(String userId, JsonNode request) {
        Instant now = clock.instant();
        Validation validation = new Validation();
        Parsed parsed = parse(request, validation, now, "strategy", "grid");
        // The strategy as sent is checked once; a combination's own problems can only be its grid values'.
        List<FieldError> sent = problems(check -> parsed.strategy(request.path("strategy"), check));
        sent.forEach(problem -> validation.add(problem.field(), problem.message()));
        List<Sweep.Combination> combinations = Sweep.combinations(request.path("strategy"), request.path("grid"),
                validation);
        List<Strategy> strategies = new ArrayList<>();
        Set<FieldError> gridProblems = new LinkedHashSet<>();
        for (Sweep.Combination combination : combinations) {
            gridProblems.addAll(Sweep.gridProblems(combination, problems(check -> strategies.add(
                    parsed.strategy(combination.strategy(), check)))));
        }
        if (sent.isEmpty()) {
            gridProblems.forEach(problem -> validation.add(problem.field(), problem.message()));
        }
        validation.throwIfInvalid();
        int lookback = strategies.stream().mapToInt(s -> s.rules().lookback()).max().orElse(1);
        boolean usesForecasts = strategies.stream().anyMatch(s -> s.rules().usesForecasts());
        List<BacktestEngine.Market> markets = markets(parsed, lookback, now, Math.min(SWEEP_MAX_BAR_STEPS
                / combinations.size(), usesForecasts ? MAX_FORECAST_BARS : syncBars), progress -> { });
        Forecasted forecasted = usesForecasts ? forecasted(parsed, markets) : null;
        List<Sweep.Trial> trials = new ArrayList<>();
        for (int k = 0; k < combinations.size(); k++) {
            Strategy strategy = strategies.get(k);
            // The history this combination would read run alone: recursive indicators (RSI, EMA, ATR) remember
            // their start, so more bars of warm-up would make it a different backtest. The decisions stay the same.
            int history = historyBars(strategy.rules().lookback());
            List<BacktestEngine.Market> own = (forecasted == null ? markets : forecasted.markets()).stream()
                    .map(m -> m.withHistory(history)).toList();
            trials.add(new Sweep.Trial(combinations.get(k).parameters(), BacktestEngine.run(parsed.config(
                    "sweep-" + k, userId, now), forecasted == null ? strategy.rules()
                    : strategy.withThresholds(forecasted), own)));
        }
        ObjectNode answer = (ObjectNode) Sweep.answer(parsed.symbols(), markets.getFirst().assetClass(),
                parsed.interval(), trials, now);
        if (forecasted != null) {
            forecasted.describe(answer);
        }
        return answer;
    }

    /** The field errors a check finds, none when it passes. */
    private static List<FieldError> problems(Consumer<Validation> check) {
        Validation validation = new Validation();
        check.accept(validation);
        return validation.errors();
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

        /**
         * At most this many decisions: the bars that open at or after from and close by to, of each instrument. A bar
         * as long as its interval fits once per whole interval between them; a stock session, shorter than its day,
         * may fit once more.
         */
        long estimatedDecisions() {
            long intervals = Duration.between(from, to).toSeconds() / interval().duration().toSeconds();
            return instruments.stream()
                    .mapToLong(i -> i.assetClass() == AssetClass.STOCK ? intervals + 1 : intervals).sum();
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
        List<ModelForecasts.Series> series = Concurrently.map(markets, m -> series(m, parsed.interval()));
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
            Map<String, double[]> byBar = new HashMap<>();
            byBar.put(Rules.PROBABILITY_UP, byBar(m, series.get(k).probabilityUp()));
            byBar.put(Rules.FORECAST_VOLATILITY, byBar(m, series.get(k).volatility()));
            series.get(k).rangeLow().forEach((level, lows) -> byBar.put(Rules.RANGE_LOW + level, byBar(m, lows)));
            withForecasts.add(new BacktestEngine.Market(m.symbol(), m.assetClass(), m.calendar(), m.bars(),
                    m.firstDecision(), byBar));
        }
        return new Forecasted(withForecasts, model, series.getFirst().buyAt(), series.getFirst().sellAt(),
                inSample);
    }

    /** One value per bar of the market from values by bar open time; NaN where there is none. */
    private static double[] byBar(BacktestEngine.Market market, Map<Instant, Double> values) {
        double[] out = new double[market.bars().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.getOrDefault(market.bars().get(i).openTime(), Double.NaN);
        }
        return out;
    }

    /** The forecasts of a market's decision bars, asked for {@link #MAX_FORECAST_BARS} bars at a time. */
    private ModelForecasts.Series series(BacktestEngine.Market market, Interval interval) {
        Instant last = market.bars().getLast().openTime();
        Duration chunk = interval.duration().multipliedBy(MAX_FORECAST_BARS - 1);
        ModelForecasts.Series all = null;
        for (Instant from = market.bars().get(market.firstDecision()).openTime(); !from.isAfter(last);
             from = from.plus(chunk).plus(interval.duration())) {
            Instant to = from.plus(chunk).isBefore(last) ? from.plus(chunk) : last;
            ModelForecasts.Series part = forecasts.series(market.symbol(), from, to);
            all = all == null ? part : all.and(part);
        }
        return all;
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
        boolean toSent = request.hasNonNull("to");
        Instant to = toSent ? instant(request.path("to"), "to", validation) : now;
        checkFromBeforeTo(from, to, toSent, "", validation);
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

    /**
     * {@code from} before {@code to}, or before now when no {@code to} was sent (its default): the message names the
     * end the caller meant, not a {@code to} they never sent. Field names under {@code prefix}.
     */
    static void checkFromBeforeTo(Instant from, Instant to, boolean toSent, String prefix, Validation validation) {
        validation.check(from == null || to == null || from.isBefore(to), prefix + "from",
                toSent ? "must be before to" : "must be before now, the default of to");
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
    private List<BacktestEngine.Market> markets(Parsed parsed, int lookback, Instant now, int limit,
                                                DoubleConsumer progress) {
        List<BacktestEngine.Market> markets = new ArrayList<>();
        int decided = 0;
        for (Instrument instrument : parsed.instruments()) {
            progress.accept((double) markets.size() / (parsed.instruments().size() + 1));
            List<Candle> decisions = market.closedBetween(instrument, parsed.from(), parsed.to(), now,
                    limit - decided + 1);
            decided += decisions.size();
            if (decided > limit) {
                throw InvalidInputException.field("from", "the range holds more than " + limit + " bars of "
                        + String.join(", ", parsed.symbols()) + " together, the most this runs; shorten it");
            }
            if (decisions.isEmpty()) {
                throw new UnprocessableException("NO_BARS", "No closed " + instrument.symbol() + " bars between "
                        + parsed.from() + " and " + parsed.to());
            }
            List<Candle> history = market.closedWindow(instrument, decisions.getFirst().openTime(),
                    historyBars(lookback) + 1).stream()
                    .filter(c -> c.openTime().isBefore(decisions.getFirst().openTime())).toList();
            List<Candle> all = new ArrayList<>(history);
            all.addAll(decisions);
            markets.add(new BacktestEngine.Market(instrument.symbol(), instrument.assetClass(),
                    instrument.calendar(), all, history.size()));
        }
        return markets;
    }

    /** Bars of indicator history before the first decision a strategy of this lookback reads, where they exist. */
    private static int historyBars(int lookback) {
        return Math.max(MIN_HISTORY, HISTORY_PERIODS * lookback);
    }

    public JsonNode get(String userId, String backtestId) {
        Instant now = clock.instant();
        Instant wallNow = wallClock.instant();
        return repository.find(userId, backtestId, now)
                .map(stored -> lost(read(stored.resultJson()), stored.wallCreatedAt(), now, wallNow))
                .orElseThrow(() -> new NotFoundException("Backtest not found"));
    }

    public Page<JsonNode> list(String userId, int limit, String cursor) {
        Instant now = clock.instant();
        Instant wallNow = wallClock.instant();
        Page<BacktestRepository.StoredBacktest> page = repository.list(userId, limit, cursor, now);
        return new Page<>(page.items().stream()
                .map(s -> lost(read(s.summaryJson()), s.wallCreatedAt(), now, wallNow)).toList(), page.nextCursor());
    }

    /**
     * A backtest still RUNNING {@link #WORKER_DEADLINE} after its request, on the wall clock, was lost by the worker
     * (both of Lambda's attempts failed, and the event went to the dead-letter queue): it is answered FAILED, saying
     * so, rather than running forever. Nothing is written: a late run that does finish still stores its outcome.
     *
     * @param wallCreatedAt the real time of the request; null for one stored before it was kept, which is judged on
     *                      its {@code createdAt} and the function's clock instead
     */
    private static JsonNode lost(JsonNode backtest, Instant wallCreatedAt, Instant now, Instant wallNow) {
        if (!backtest.path("status").asText().equals("RUNNING")) {
            return backtest;
        }
        boolean late = wallCreatedAt == null
                ? Instant.parse(backtest.path("createdAt").asText()).plus(WORKER_DEADLINE).isBefore(now)
                : wallCreatedAt.plus(WORKER_DEADLINE).isBefore(wallNow);
        if (!late) {
            return backtest;
        }
        ObjectNode failed = ((ObjectNode) backtest).deepCopy();
        failed.put("status", "FAILED");
        failed.remove("progress");
        failed.putObject("error").put("code", "WORKER_LOST").put("message", "the backtest worker did not finish"
                + " this run within " + WORKER_DEADLINE.toMinutes() + " minutes of the request; run it again");
        return failed;
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
        // The points 0, k, 2k, ... of the first n - 1, and the last: k is the least that keeps them within the cap.
        int others = Math.max(0, points.size() - 1);
        int step = Math.max(1, (others + MAX_CURVE_POINTS - 2) / (MAX_CURVE_POINTS - 1));
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
        for (String field : List.of("id", "createdAt", "status", "progress", "symbol", "symbols", "interval", "from",
                "to", "decisions", "endingEquity", "inSample", "error")) {
            copy(out, field, answer.path(field));
        }
        copy(out, "strategy", answer.path("request").path("strategy").path("type"));
        copy(out, "totalReturn", answer.path("metrics").path("totalReturn"));
        copy(out, "buyAndHoldReturn", answer.path("buyAndHold").path("totalReturn"));
        copy(out, "trades", answer.path("tradeCount"));
        return out;
    }

    /** A running or failed backtest has no results yet: what it lacks is left out of its summary. */
    private static void copy(ObjectNode out, String field, JsonNode value) {
        if (!value.isMissingNode()) {
            out.set(field, value);
        }
    }

    private static JsonNode read(String json) {
        return read(Json.mapper().reader(), json);
    }

    private static JsonNode read(ObjectReader reader, String json) {
        try {
            return reader.readTree(json);
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
