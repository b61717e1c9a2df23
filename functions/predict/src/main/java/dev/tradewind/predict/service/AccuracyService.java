package dev.tradewind.predict.service;

import dev.tradewind.predict.domain.Accuracy;
import dev.tradewind.predict.domain.Prediction;
import dev.tradewind.predict.domain.PredictionStore;
import dev.tradewind.predict.domain.Scores;
import dev.tradewind.predict.domain.Signal;
import dev.tradewind.predict.domain.VolatilityPrediction;
import dev.tradewind.predict.domain.VolatilityScores;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The accuracy route: reads one series' prediction log over a window and scores it. Before scoring it resolves up
 * to {@value #INLINE_RESOLVE_LIMIT} of the window's due predictions itself, so the answer is current even when the
 * resolution schedule lags, while a backlog never makes the request wait for more than that bounded amount. Due
 * means past its horizon, whatever the schedule's next check says: the schedule backs off after looking before
 * ingestion caught up, but a caller asking now should see a bar that has arrived since.
 */
public final class AccuracyService {

    public static final int INLINE_RESOLVE_LIMIT = 20;

    private final PredictionStore store;
    private final PredictionResolver resolver;
    private final ModelRegistry models;
    private final Clock clock;

    public AccuracyService(PredictionStore store, PredictionResolver resolver, ModelRegistry models, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.models = Objects.requireNonNull(models, "models");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An interval no model forecasts for the instrument's class is refused with NO_MODEL, as forecasts are. */
    public Accuracy accuracy(Instrument instrument, Interval interval, Duration window, String span) {
        models.requireModelExists(interval, instrument.assetClass());
        Instant now = clock.instant();
        Instant from = now.minus(window);
        // A prediction is made once its candle has closed, and the log is keyed by the candle's open: read from a
        // bar earlier (no bar is longer) and keep those whose candle closed in the window.
        Instant readFrom = from.minus(interval.duration());
        MarketCalendar calendar = MarketCalendar.of(instrument.assetClass());
        List<Prediction> log = closedSince(store.series(instrument.symbol(), interval, readFrom, now, false),
                calendar, from);

        int attempts = 0;
        int resolvedNow = 0;
        boolean changed = false;
        // Newest first: an older prediction still due may be waiting for a bar that has not arrived (a gap makes the
        // volatility parts of a whole day wait), and must not use up the budget of those that can resolve now.
        for (Prediction prediction : log.reversed()) {
            if (attempts == INLINE_RESOLVE_LIMIT) {
                break;
            }
            Instant due = prediction.nextDue();
            if (prediction.isPending() && due != null && !due.isAfter(now)) {
                attempts++;
                PredictionResolver.Result result = resolver.resolve(prediction, now);
                resolvedNow += result == PredictionResolver.Result.RESOLVED ? 1 : 0;
                // LOST: the schedule (or another request) resolved it first; read the log again to show that.
                changed |= result != PredictionResolver.Result.WAITING;
            }
        }
        // Only this read must be strongly consistent: a prediction the first read shows pending that the schedule
        // resolved meanwhile loses its conditional write (LOST) and brings the request here.
        List<Prediction> current = changed
                ? closedSince(store.seriesAfterWrites(instrument.symbol(), interval, readFrom, now), calendar, from)
                : log;

        List<Prediction> resolved = current.stream()
                .filter(p -> p.outcome() != null && p.outcome().isResolved()).toList();
        int pending = (int) current.stream().filter(Prediction::isDirectionPending).count();
        int unresolvable = current.size() - resolved.size() - pending;
        TreeSet<String> versions = new TreeSet<>();
        current.forEach(p -> versions.add(p.modelVersion()));

        List<Scores.Scored> model = new ArrayList<>();
        for (Prediction p : resolved) {
            model.add(new Scores.Scored(p.probabilityUp(), p.probabilityUp() > 0.5, p.outcome().up()));
        }
        Map<String, Scores> baselines = new LinkedHashMap<>();
        baselines.put("baseRate", Scores.of(baseRate(resolved)));
        baselines.put("previousBar", Scores.of(previousBar(resolved)));
        return new Accuracy(instrument.symbol(), interval, new Accuracy.Window(from, now, span), current.size(),
                resolved.size(), pending, unresolvable, resolvedNow, List.copyOf(versions), Scores.of(model),
                baselines, bySignal(resolved), range(current), volatility(current));
    }

    /** The predictions whose candle closed at or after {@code from}: those made in the window. */
    private static List<Prediction> closedSince(List<Prediction> read, MarketCalendar calendar, Instant from) {
        return read.stream().filter(p -> !calendar.closeTime(p.interval(), p.asOf()).isBefore(from)).toList();
    }

    /** Coverage and interval score per level over the window's resolved ranges (docs/forecasts.md#prediction-log-resolution-and-accuracy). */
    static Map<String, Object> range(List<Prediction> log) {
        List<VolatilityPrediction> withRange = log.stream().map(Prediction::volatility).filter(Objects::nonNull)
                .filter(v -> !v.bands().isEmpty()).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        if (withRange.isEmpty()) {
            out.put("predictions", 0);
            out.put("pending", 0);
            out.put("unresolvable", 0);
            return out;
        }
        Map<Double, int[]> counts = new java.util.TreeMap<>();
        Map<Double, double[]> scores = new java.util.TreeMap<>();
        int pending = 0;
        int unresolvable = 0;
        for (Prediction p : log) {
            VolatilityPrediction v = p.volatility();
            if (v == null || v.bands().isEmpty()) {
                continue;
            }
            for (VolatilityPrediction.Band band : v.bands()) {
                counts.putIfAbsent(band.level(), new int[2]);
                scores.putIfAbsent(band.level(), new double[1]);
            }
            if (v.range() == null) {
                pending++;
                continue;
            }
            if (!v.range().isResolved()) {
                unresolvable++;
                continue;
            }
            double from = p.close().doubleValue();
            double y = Math.log(v.range().close().doubleValue() / from);
            for (VolatilityPrediction.Band band : v.bands()) {
                double low = Math.log(band.low().doubleValue() / from);
                double high = Math.log(band.high().doubleValue() / from);
                int[] c = counts.get(band.level());
                c[0]++;
                c[1] += band.low().compareTo(v.range().close()) <= 0 && band.high().compareTo(v.range().close()) >= 0
                        ? 1 : 0;
                scores.get(band.level())[0] += VolatilityScores.intervalScore(low, high, y, 1 - band.level());
            }
        }
        for (Map.Entry<Double, int[]> level : counts.entrySet()) {
            int n = level.getValue()[0];
            int inside = level.getValue()[1];
            String name = new VolatilityPrediction.Band(level.getKey(), null, null).name();
            out.put(name, new Accuracy.LevelScore(level.getKey(), n, inside,
                    n == 0 ? null : Scores.round((double) inside / n),
                    n == 0 ? null : Scores.round(scores.get(level.getKey())[0] / n)));
        }
        out.put("predictions", withRange.size());
        out.put("pending", pending);
        out.put("unresolvable", unresolvable);
        return out;
    }

    /** QLIKE of the model and of the EWMA baseline over the window's resolved volatility forecasts. */
    static Accuracy.VolatilityScore volatility(List<Prediction> log) {
        int predictions = 0;
        int pending = 0;
        int unresolvable = 0;
        int zero = 0;
        int scored = 0;
        int beats = 0;
        double model = 0;
        double ewma = 0;
        for (Prediction p : log) {
            VolatilityPrediction v = p.volatility();
            if (v == null) {
                continue;
            }
            predictions++;
            if (v.outcome() == null) {
                pending++;
            } else if (!v.outcome().isResolved() || v.outcome().realisedVariance() == null) {
                unresolvable++;
            } else if (!(v.outcome().realisedVariance() > 0) || !(v.variance() > 0) || !(v.ewmaVariance() > 0)) {
                zero++;
            } else {
                double m = VolatilityScores.qlike(v.variance(), v.outcome().realisedVariance());
                double e = VolatilityScores.qlike(v.ewmaVariance(), v.outcome().realisedVariance());
                model += m;
                ewma += e;
                beats += m < e ? 1 : 0;
                scored++;
            }
        }
        return new Accuracy.VolatilityScore(predictions, scored, pending, unresolvable, zero,
                scored == 0 ? null : Scores.round(model / scored), scored == 0 ? null : Scores.round(ewma / scored),
                beats);
    }

    /** Always the majority direction of these outcomes, with their share of up moves as the probability. */
    static List<Scores.Scored> baseRate(List<Prediction> resolved) {
        if (resolved.isEmpty()) {
            return List.of();
        }
        double upShare = resolved.stream().filter(p -> p.outcome().up()).count() / (double) resolved.size();
        return resolved.stream().map(p -> new Scores.Scored(upShare, upShare > 0.5, p.outcome().up())).toList();
    }

    /**
     * Up iff the bar before the prediction's candle was up (close above the previous close); the probability is the
     * share of up moves among these outcomes that followed the same previous-bar direction.
     */
    static List<Scores.Scored> previousBar(List<Prediction> resolved) {
        List<Prediction> usable = resolved.stream().filter(p -> p.previousClose() != null).toList();
        int[] ups = new int[2];
        int[] counts = new int[2];
        for (Prediction p : usable) {
            int direction = lastBarUp(p) ? 1 : 0;
            counts[direction]++;
            ups[direction] += p.outcome().up() ? 1 : 0;
        }
        List<Scores.Scored> out = new ArrayList<>(usable.size());
        for (Prediction p : usable) {
            int direction = lastBarUp(p) ? 1 : 0;
            out.add(new Scores.Scored((double) ups[direction] / counts[direction], direction == 1, p.outcome().up()));
        }
        return out;
    }

    private static boolean lastBarUp(Prediction p) {
        return p.close().compareTo(p.previousClose()) > 0;
    }

    static Map<Signal, Accuracy.SignalScore> bySignal(List<Prediction> resolved) {
        Map<Signal, Accuracy.SignalScore> out = new EnumMap<>(Signal.class);
        for (Signal signal : Signal.values()) {
            List<Prediction> given = resolved.stream().filter(p -> p.signal() == signal).toList();
            if (given.isEmpty()) {
                out.put(signal, new Accuracy.SignalScore(0, null, null));
                continue;
            }
            Double hitRate = switch (signal) {
                case BUY -> Scores.round(given.stream().filter(p -> p.outcome().up()).count() / (double) given.size());
                case SELL -> Scores.round(given.stream().filter(p -> !p.outcome().up()).count()
                        / (double) given.size());
                case HOLD -> null;
            };
            double meanReturn = given.stream().mapToDouble(p -> p.outcome().realisedReturn()).average().orElse(0);
            out.put(signal, new Accuracy.SignalScore(given.size(), hitRate, Scores.round(meanReturn)));
        }
        return out;
    }
}
