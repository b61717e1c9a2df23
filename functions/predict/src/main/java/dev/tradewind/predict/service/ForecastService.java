package dev.tradewind.predict.service;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.tradewind.model.ForecastModel;
import dev.tradewind.model.features.InsufficientHistoryException;
import dev.tradewind.model.volatility.RangeForecast;
import dev.tradewind.model.volatility.VolatilityForecast;
import dev.tradewind.model.volatility.VolatilityModel;
import dev.tradewind.predict.domain.ClosedCandle;
import dev.tradewind.predict.domain.Forecast;
import dev.tradewind.predict.domain.Horizon;
import dev.tradewind.predict.domain.MarketData;
import dev.tradewind.predict.domain.Prediction;
import dev.tradewind.predict.domain.PredictionKey;
import dev.tradewind.predict.domain.PredictionStore;
import dev.tradewind.predict.domain.SignalPolicy;
import dev.tradewind.predict.domain.Signals;
import dev.tradewind.predict.domain.VolatilityCard;
import dev.tradewind.predict.domain.VolatilityPrediction;
import dev.tradewind.predict.domain.VolatilityScores;
import dev.tradewind.predict.store.SyntheticMarket;
import dev.tradewind.shared.concurrent.Concurrently;
import dev.tradewind.shared.error.DomainException;
import dev.tradewind.shared.error.FieldError;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.shared.metrics.Counters;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forecasts and ranked signals. A forecast is computed once per (symbol, interval, last closed candle, model
 * version) and stored; any later request for the same key is served from the instance's memory or the store, and
 * the first request after a newer candle closes computes a new one. Staleness is judged at each request, so a stored
 * forecast turns into a stale HOLD on its own when no newer candle arrives.
 */
public final class ForecastService {

    private static final Logger LOG = LoggerFactory.getLogger(ForecastService.class);

    /** About one candle of every instrument of a large universe at both intervals; a few MB at most. */
    static final int RECENT_PREDICTIONS = 4096;

    private final MarketData market;
    private final PredictionStore store;
    private final ModelRegistry models;
    private final Clock clock;
    /**
     * The predictions this instance read or wrote last, by key. What a forecast answer shows of a prediction never
     * changes once it is written (putIfAbsent; resolution only adds outcomes), so a warm instance answers a candle's
     * forecast again without a DynamoDB read. Bounded, least recently used first out.
     */
    private final Map<PredictionKey, Prediction> recent = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<PredictionKey, Prediction> eldest) {
                    return size() > RECENT_PREDICTIONS;
                }
            });
    private final Duration retention;
    private final Counters counters;
    private final ForecastEvents events;

    public ForecastService(MarketData market, PredictionStore store, ModelRegistry models, Clock clock,
                           Duration retention, Counters counters, ForecastEvents events) {
        this.market = Objects.requireNonNull(market, "market");
        this.store = Objects.requireNonNull(store, "store");
        this.models = Objects.requireNonNull(models, "models");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * @param interval empty: the instrument's own interval
     * @throws DomainException NOT_FOUND for an unknown symbol, NO_MODEL when no model forecasts the interval,
     *                         MODEL_UNAVAILABLE when its model failed to load, INSUFFICIENT_HISTORY when there is too
     *                         little history for the features
     */
    public Forecast forecast(String symbol, Optional<Interval> interval) {
        Instrument instrument = instrument(symbol);
        try {
            Forecast forecast = forecast(instrument, interval.orElse(instrument.interval()), clock.instant());
            counters.increment("ForecastsServed", "Cached", Boolean.toString(forecast.cached()));
            if (!forecast.cached()) {
                events.stored(List.of(forecast));
            }
            return forecast;
        } catch (DomainException e) {
            if ("MODEL_UNAVAILABLE".equals(e.code())) {
                counters.increment("ModelUnavailable");
            }
            throw e;
        }
    }

    /**
     * Forgets the predictions kept in memory. SnapStart priming stores its forecasts only in its run's memory, so
     * none of them may be answered after a restore: they are in no table, and would never be resolved.
     */
    public void forgetRecent() {
        recent.clear();
    }

    public Instrument instrument(String symbol) {
        return market.instrument(symbol).orElseThrow(() -> new NotFoundException("No instrument " + symbol));
    }

    /**
     * The forecast from the latest candle closed by {@code now}: the stored one, or computed and stored. Not
     * {@link Forecast#cached()} exactly when this call stored it.
     */
    Forecast forecast(Instrument instrument, Interval interval, Instant now) {
        return forecast(instrument, interval, now, null);
    }

    /**
     * @param justClosed the open time of a candle reported closed: the forecast is wanted only while that candle is
     *                   the latest closed one, else null is returned; null for the latest, whichever it is
     */
    private Forecast forecast(Instrument instrument, Interval interval, Instant now, Instant justClosed) {
        ForecastModel model = models.require(interval, instrument.assetClass());
        int needed = model.features().windowLength();
        Optional<VolatilityModel> volatility = models.volatility(interval);
        int read = Math.max(needed, volatility.map(VolatilityModel::windowLength).orElse(0));
        String symbol = instrument.symbol();
        MarketCalendar calendar = instrument.calendar();
        Optional<Candle> found = market.latestClosed(symbol, interval, calendar, now);
        if (justClosed != null && found.map(c -> c.openTime().isBefore(justClosed)).orElse(true)) {
            // The candle reported closed is stored; an eventually consistent read may not show it yet.
            found = market.latestClosedAfterWrites(symbol, interval, calendar, now);
        }
        Candle latest = found.orElseThrow(() -> insufficientHistory(symbol, interval, needed, 0));
        if (justClosed != null && !latest.openTime().equals(justClosed)) {
            return null;
        }
        Instant asOf = latest.openTime();
        Instant asOfClose = calendar.closeTime(interval, asOf);
        boolean stale = calendar.isStale(interval, asOf, now);
        PredictionKey key = new PredictionKey(symbol, interval, asOf, model.version());

        VolatilityCard volatilityCard = models.volatilityCard(interval).orElse(null);
        Forecast.Unavailable unavailable = volatilityUnavailable(interval, volatility);
        Prediction known = recent.get(key);
        Optional<Prediction> stored = known != null ? Optional.of(known) : store.find(key);
        if (stored.isPresent()) {
            recent.put(key, stored.get());
            return Forecast.of(stored.get(), model.card(), volatilityCard, unavailable, asOfClose, stale, true);
        }
        List<Candle> window = windowEndingAt(symbol, interval, asOf, read);
        float[] features;
        try {
            features = model.features(window);
        } catch (InsufficientHistoryException e) {
            throw insufficientHistory(symbol, interval, e.required(), e.available());
        }
        float probabilityUp = model.predict(features);
        boolean lowConfidence = model.card().lowConfidence();
        Instant dueAt = Horizon.due(calendar, interval, asOf, model.card().horizonBars());
        Prediction created = new Prediction(key, instrument.assetClass(), now, probabilityUp, features,
                latest.close(), window.get(window.size() - 2).close(), model.card().horizonBars(), dueAt,
                SignalPolicy.signal(probabilityUp, stale), SignalPolicy.confidence(probabilityUp, lowConfidence),
                lowConfidence, stale, dueAt, null, asOfClose.plus(retention).getEpochSecond(),
                volatility.map(v -> volatility(v, window, calendar, interval, asOf)).orElse(null));
        Prediction kept = store.putIfAbsent(created);
        recent.put(key, kept);
        return Forecast.of(kept, model.card(), volatilityCard, unavailable, asOfClose, stale, kept != created);
    }

    /**
     * The {@code count} bars up to the one opened at {@code asOf}, the latest closed one. Both reads are eventually
     * consistent: the window's may not show yet the bar just stored that the latest's did, and the forecast stored
     * under that bar must be the one of the window ending at it, so such a window is read again consistently.
     */
    private List<Candle> windowEndingAt(String symbol, Interval interval, Instant asOf, int count) {
        List<Candle> window = market.window(symbol, interval, asOf, count);
        if (!window.isEmpty() && window.getLast().openTime().equals(asOf)) {
            return window;
        }
        return market.windowAfterWrites(symbol, interval, asOf, count);
    }

    /**
     * The volatility forecast, its price ranges and the EWMA baseline, from the window the direction forecast was
     * computed from (docs/forecasts.md#volatility-and-price-ranges); null when the window's last
     * {@link VolatilityModel#windowLength()} bars are too few or not consecutive (never guessed).
     */
    static VolatilityPrediction volatility(VolatilityModel model, List<Candle> window, MarketCalendar calendar,
                                           Interval interval, Instant asOf) {
        VolatilityForecast forecast;
        try {
            forecast = model.forecast(window);
        } catch (InsufficientHistoryException e) {
            return null;
        }
        double lastClose = window.getLast().close().doubleValue();
        RangeForecast range = model.range(forecast, lastClose);
        List<VolatilityPrediction.Band> bands = new ArrayList<>();
        for (RangeForecast.Band band : range.bands()) {
            bands.add(new VolatilityPrediction.Band(band.level(), price(band.low()), price(band.high())));
        }
        List<Double> closes = new ArrayList<>(window.size());
        window.forEach(c -> closes.add(c.close().doubleValue()));
        double ewma = forecast.horizonBars() * VolatilityScores.ewmaNext(closes);
        return new VolatilityPrediction(forecast.horizonBars(), forecast.variance(), ewma, forecast.annualized(),
                Horizon.due(calendar, interval, asOf, forecast.horizonBars()), range.horizonBars(),
                Horizon.due(calendar, interval, asOf, range.horizonBars()), bands, null, null);
    }

    /** A price bound with ten significant digits (a double's noise beyond that means nothing). */
    static BigDecimal price(double value) {
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(10));
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }

    /** What a forecast at {@code interval} says when it comes without volatility and ranges. */
    private Forecast.Unavailable volatilityUnavailable(Interval interval, Optional<VolatilityModel> volatility) {
        if (volatility.isPresent()) {
            return new Forecast.Unavailable("INSUFFICIENT_HISTORY", "The volatility forecast needs "
                    + volatility.get().windowLength() + " consecutive closed " + interval.code()
                    + " candles up to this one; it was not computed for this candle");
        }
        return models.volatilityProblem(interval)
                .map(f -> new Forecast.Unavailable("MODEL_UNAVAILABLE", "The volatility model of " + f.family()
                        + " is not loaded: " + f.description() + ". See GET /v1/health/predict."))
                .orElse(new Forecast.Unavailable("MODEL_UNAVAILABLE", "No volatility model for "
                        + interval.code()));
    }

    /**
     * Runs the forecast path once per model on synthetic candles, with no I/O: features, inference, the response
     * and its JSON. Called at init on the thread that loaded the models, beside the DynamoDB client being built on
     * the other, so classes and first-use costs the first request would pay are paid in parallel. Never fails.
     */
    public static void warmUp(ModelRegistry models, Clock clock) {
        for (ForecastModel model : models.models()) {
            try {
                var card = model.card();
                List<Candle> window = SyntheticMarket.series("WARMUP", card.assetClass(), card.interval(),
                        model.features().windowLength());
                float[] features = model.features(window);
                float p = model.predict(features);
                Candle last = window.getLast();
                MarketCalendar calendar = MarketCalendar.of(card.assetClass());
                Instant asOfClose = calendar.closeTime(card.interval(), last.openTime());
                Instant due = Horizon.due(calendar, card.interval(), last.openTime(), card.horizonBars());
                Prediction prediction = new Prediction(new PredictionKey("WARMUP", card.interval(),
                        last.openTime(), model.version()), card.assetClass(), clock.instant(), p, features,
                        last.close(), window.get(window.size() - 2).close(), card.horizonBars(), due,
                        SignalPolicy.signal(p, false), SignalPolicy.confidence(p, card.lowConfidence()),
                        card.lowConfidence(), false, due, null, 0, null);
                Optional<VolatilityModel> volatility = models.volatility(card.interval());
                if (volatility.isPresent()) {
                    List<Candle> longer = SyntheticMarket.series("WARMUP", card.assetClass(), card.interval(),
                            Math.max(window.size(), volatility.get().windowLength()));
                    VolatilityPrediction part = volatility(volatility.get(), longer, calendar, card.interval(),
                            longer.getLast().openTime());
                    prediction = part == null ? prediction : prediction.withVolatility(part);
                }
                Forecast forecast = Forecast.of(prediction, card, models.volatilityCard(card.interval())
                        .orElse(null), null, asOfClose,
                        calendar.isStale(card.interval(), last.openTime(), clock.instant()), false);
                Json.write(forecast);
                Json.write(Signals.Entry.of(forecast));
            } catch (RuntimeException e) {
                // Only a warm-up: the first request pays what it did not do.
            }
        }
    }

    private static UnprocessableException insufficientHistory(String symbol, Interval interval, int required,
                                                              int available) {
        int missing = required - available;
        return new UnprocessableException("INSUFFICIENT_HISTORY", symbol + " has " + available + " closed "
                + interval.code() + " candles; the model's features need " + required + " (" + missing
                + " missing)", List.of(new FieldError("candles", missing + " missing")));
    }

    /**
     * The current signal of every instrument in the universe (the catalog of the asked classes, at each
     * instrument's own interval), ranked fresh before stale, then a model that beats its baseline before a
     * {@code lowConfidence} one, then highest confidence first.
     * Instruments that cannot be forecast (too little history, no model for their class) are listed as excluded.
     *
     * @throws UnavailableException when the models for every interval in play failed to load (or the asked
     *                              interval's)
     */
    public Signals signals(Optional<AssetClass> assetClass, Optional<Interval> interval, int limit) {
        Instant now = clock.instant();
        List<AssetClass> classes = assetClass.map(List::of).orElse(List.of(AssetClass.values()));
        if (interval.isPresent()) {
            models.unavailability(interval.get()).ifPresent(e -> {
                throw e;
            });
        }
        List<Instrument> universe = new ArrayList<>();
        for (AssetClass c : classes) {
            for (Instrument instrument : market.instruments(c)) {
                if (interval.isEmpty() || instrument.interval() == interval.get()) {
                    universe.add(instrument);
                }
            }
        }
        Map<Interval, UnavailableException> unavailable = new LinkedHashMap<>();
        for (Instrument instrument : universe) {
            models.unavailability(instrument.interval())
                    .ifPresent(e -> unavailable.putIfAbsent(instrument.interval(), e));
        }
        List<Instrument> servable = universe.stream().filter(i -> !unavailable.containsKey(i.interval())).toList();
        if (servable.isEmpty() && !unavailable.isEmpty()) {
            throw unavailable.values().iterator().next();
        }

        List<Outcome> outcomes = forecastAll(servable.stream().map(i -> new Job(i, i.interval(), null)).toList(),
                now);
        publishStored(outcomes);
        List<Signals.Entry> entries = new ArrayList<>();
        List<Signals.Excluded> excluded = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.forecast() != null) {
                entries.add(Signals.Entry.of(outcome.forecast()));
            } else {
                excluded.add(new Signals.Excluded(outcome.job().instrument().symbol(), outcome.error().code(),
                        outcome.error().getMessage()));
            }
        }
        // A capped model's confidence says nothing next to one that beats its baseline: it ranks below all of them.
        entries.sort(Comparator.comparing(Signals.Entry::stale)
                .thenComparing(Signals.Entry::lowConfidence)
                .thenComparing(Comparator.comparingDouble(Signals.Entry::confidence).reversed())
                .thenComparing(Comparator.comparingDouble((Signals.Entry e) -> Math.abs(e.probabilityUp() - 0.5))
                        .reversed())
                .thenComparing(Signals.Entry::symbol));
        List<Signals.Entry> ranked = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, entries.size()); i++) {
            ranked.add(entries.get(i).ranked(i + 1));
        }
        List<Signals.Unavailable> down = unavailable.entrySet().stream()
                .map(e -> new Signals.Unavailable(e.getKey(), e.getValue().code(), e.getValue().getMessage()))
                .toList();
        return new Signals(now, ranked, universe.size(), entries.size(), excluded, down, SignalPolicy.thresholds());
    }

    /**
     * What computing the forecasts of the candles just closed did (the answer to a {@code CandlesClosed} event).
     *
     * @param stored  forecasts this call computed and stored (and published)
     * @param already forecasts some request had stored already
     * @param skipped the candles no forecast was computed for, and why
     */
    public record ClosedForecasts(Interval interval, int stored, int already, List<Skipped> skipped) {
    }

    /**
     * @param code UNKNOWN_SYMBOL, NOT_LATEST (another candle is the latest closed one by now), or the forecast's
     *             refusal code (NO_MODEL, MODEL_UNAVAILABLE, INSUFFICIENT_HISTORY ...)
     */
    public record Skipped(String symbol, String code, String reason) {
    }

    /**
     * Computes and stores, in one pass, the forecast of each candle reported closed that is still its series' latest
     * closed candle, exactly as a forecast request then would, and publishes those this call stored
     * (docs/realtime.md#events). Unknown symbols, intervals no model serves and candles since superseded are skipped
     * and logged. A read or write that fails fails the call (after what was stored is published), so the event is
     * delivered again.
     */
    public ClosedForecasts forecastClosed(Interval interval, List<ClosedCandle> closed) {
        Instant now = clock.instant();
        List<Job> jobs = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (ClosedCandle candle : closed) {
            Optional<Instrument> instrument = market.instrument(candle.symbol());
            if (instrument.isEmpty()) {
                skipped.add(new Skipped(candle.symbol(), "UNKNOWN_SYMBOL", "No instrument " + candle.symbol()));
            } else {
                jobs.add(new Job(instrument.get(), interval, candle.openTime()));
            }
        }
        List<Outcome> outcomes = forecastAll(jobs, now);
        publishStored(outcomes);
        int stored = 0;
        int already = 0;
        for (Outcome outcome : outcomes) {
            String symbol = outcome.job().instrument().symbol();
            if (outcome.forecast() != null) {
                stored += outcome.forecast().cached() ? 0 : 1;
                already += outcome.forecast().cached() ? 1 : 0;
            } else if (outcome.error() != null) {
                skipped.add(new Skipped(symbol, outcome.error().code(), outcome.error().getMessage()));
            } else if (outcome.failure() == null) {
                skipped.add(new Skipped(symbol, "NOT_LATEST", "The " + interval.code() + " candle opened at "
                        + outcome.job().justClosed() + " is not, or no longer, the latest closed one"));
            }
        }
        for (Skipped skip : skipped) {
            LOG.info("No forecast for a closed candle", entry("symbol", skip.symbol()),
                    entry("interval", interval.code()), entry("code", skip.code()), entry("reason", skip.reason()));
        }
        return new ClosedForecasts(interval, stored, already, List.copyOf(skipped));
    }

    /** One forecast to compute; {@code justClosed} as in {@link #forecast(Instrument, Interval, Instant, Instant)}. */
    private record Job(Instrument instrument, Interval interval, Instant justClosed) {
    }

    /**
     * @param error   a refusal (no model, too little history, ...)
     * @param failure anything else (a read or write that failed)
     */
    private record Outcome(Job job, Forecast forecast, DomainException error, RuntimeException failure) {
    }

    /**
     * Publishes the forecasts these outcomes stored, then fails with the first failure among them, if any: what was
     * stored before another forecast failed is published all the same.
     */
    private void publishStored(List<Outcome> outcomes) {
        events.stored(outcomes.stream().map(Outcome::forecast).filter(f -> f != null && !f.cached()).toList());
        for (Outcome outcome : outcomes) {
            if (outcome.failure() != null) {
                throw outcome.failure();
            }
        }
    }

    /**
     * Forecasts the jobs concurrently ({@link Concurrently}): per instrument it is one or two reads when cached, and
     * DynamoDB's round trips, not CPU, are what the caller waits on.
     */
    private List<Outcome> forecastAll(List<Job> jobs, Instant now) {
        return Concurrently.map(jobs, job -> forecastOne(job, now));
    }

    private Outcome forecastOne(Job job, Instant now) {
        try {
            return new Outcome(job, forecast(job.instrument(), job.interval(), now, job.justClosed()), null, null);
        } catch (DomainException e) {
            return new Outcome(job, null, e, null);
        } catch (RuntimeException e) {
            return new Outcome(job, null, null, e);
        }
    }
}
