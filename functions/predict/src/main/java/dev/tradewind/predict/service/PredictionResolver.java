package dev.tradewind.predict.service;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.tradewind.predict.domain.MarketData;
import dev.tradewind.predict.domain.Outcome;
import dev.tradewind.predict.domain.Prediction;
import dev.tradewind.predict.domain.PredictionStore;
import dev.tradewind.predict.domain.VolatilityPrediction;
import dev.tradewind.predict.domain.VolatilityScores;
import dev.tradewind.shared.dynamo.DynamoFailures;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how predictions turned out. A prediction of {@code h} bars resolves on the bar {@code h} bars after its
 * candle by the instrument's calendar, the same bar the trainer's label used ({@code close[t+h] > close[t]}, by time,
 * not by row count): it is up when that bar's close is above the prediction's close (a flat move is not up), and its
 * realised return is the ratio minus one. A later bar never stands in for it when bars are missing from the table.
 *
 * <p>Until that bar exists (ingestion may lag) the prediction is looked at again later; if it has still not arrived
 * {@value #GRACE_DAYS} days after it was due (a delisting, a gap in the data) the prediction is closed as
 * unresolvable and leaves the queue, so it can never block the ones behind it.
 */
public final class PredictionResolver {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionResolver.class);

    public static final int GRACE_DAYS = 7;
    private static final Duration GRACE = Duration.ofDays(GRACE_DAYS);

    private final MarketData market;
    private final PredictionStore store;
    private final Clock clock;

    public PredictionResolver(MarketData market, PredictionStore store, Clock clock) {
        this.market = Objects.requireNonNull(market, "market");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What one pass did.
     *
     * @param maxLag how long after it was due the most belated part this pass resolved was resolved, each part from
     *               its own due time (zero when none resolved, never negative): the schedule's ResolutionLag
     */
    public record Summary(int resolved, int unresolvable, int waiting, int lost, boolean more, Duration maxLag) {

        static Summary empty() {
            return new Summary(0, 0, 0, 0, false, Duration.ZERO);
        }

        Summary plus(Summary other) {
            return new Summary(resolved + other.resolved, unresolvable + other.unresolvable,
                    waiting + other.waiting, lost + other.lost, more || other.more,
                    maxLag.compareTo(other.maxLag) >= 0 ? maxLag : other.maxLag);
        }

        public int examined() {
            return resolved + unresolvable + waiting + lost;
        }
    }

    public enum Result {
        RESOLVED,
        UNRESOLVABLE,
        WAITING,
        /** Another resolver changed it first; nothing done here. */
        LOST
    }

    /**
     * Resolves the due predictions of every interval, earliest first, at most {@code limit} per interval, and stops
     * early when {@code keepGoing} says so (the Lambda deadline) or DynamoDB stays busy.
     */
    public Summary resolveDue(int limit, BooleanSupplier keepGoing) {
        Instant now = clock.instant();
        Summary total = Summary.empty();
        for (Interval interval : Interval.values()) {
            // One more than the limit: only a prediction left over means the next run has work (ResolutionBacklogged).
            List<Prediction> read;
            try {
                read = store.pendingDue(interval, now, limit + 1);
            } catch (RuntimeException e) {
                if (!stoppedByBusyDynamo(e)) {
                    throw e;
                }
                return total.plus(new Summary(0, 0, 0, 0, true, Duration.ZERO));
            }
            List<Prediction> due = read.subList(0, Math.min(limit, read.size()));
            int resolved = 0;
            int unresolvable = 0;
            int waiting = 0;
            int lost = 0;
            Duration maxLag = Duration.ZERO;
            boolean stopped = false;
            boolean busy = false;
            for (Prediction prediction : due) {
                if (!keepGoing.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                // Lag from the due time of the part resolved now (the earliest still waiting), not the direction's.
                Instant partDue = prediction.nextDue();
                Result result;
                try {
                    result = resolve(prediction, now);
                } catch (RuntimeException e) {
                    if (!stoppedByBusyDynamo(e)) {
                        throw e;
                    }
                    busy = true;
                    stopped = true;
                    break;
                }
                switch (result) {
                    case RESOLVED -> {
                        resolved++;
                        Duration lag = Duration.between(partDue, now);
                        maxLag = lag.compareTo(maxLag) > 0 ? lag : maxLag;
                    }
                    case UNRESOLVABLE -> unresolvable++;
                    case WAITING -> waiting++;
                    case LOST -> lost++;
                }
            }
            total = total.plus(new Summary(resolved, unresolvable, waiting, lost, stopped || read.size() > limit,
                    maxLag));
            if (busy) {
                return total;
            }
        }
        return total;
    }

    /**
     * Whether {@code failure} is DynamoDB throttling (or briefly unavailable) with the SDK's retries spent: the run
     * then stops and reports what it did, so that is counted once (a failed run reports nothing, and its retry finds
     * those resolved), and the next run resumes.
     */
    private static boolean stoppedByBusyDynamo(RuntimeException failure) {
        if (DynamoFailures.unavailable(failure).isEmpty()) {
            return false;
        }
        LOG.warn("Resolution run stopped early: DynamoDB is busy; the next run resumes",
                entry("error", failure.toString()));
        return true;
    }

    /**
     * Resolves what is due in one pending prediction, part by part (docs/forecasts.md#prediction-log-resolution-and-accuracy):
     * the direction and the range on the bar h after its candle by the calendar, the volatility forecast once the H
     * bars after it exist as consecutive bars of the calendar (a gap never stretches the window). A part whose bars
     * have not all arrived, the last or one before it, is looked at again later, and closed as unresolvable
     * {@value #GRACE_DAYS} days after it was due. The prediction leaves the pending index once every part has an
     * outcome.
     *
     * @return {@link Result#RESOLVED} when a part resolved, {@link Result#UNRESOLVABLE} when a part was closed
     *         without an outcome and none resolved, {@link Result#WAITING} when nothing could be decided yet
     */
    public Result resolve(Prediction prediction, Instant now) {
        if (!prediction.isPending()) {
            return Result.LOST;
        }
        MarketCalendar calendar = MarketCalendar.of(prediction.assetClass());
        Interval interval = prediction.interval();
        VolatilityPrediction volatility = prediction.volatility();
        int needed = prediction.isDirectionPending() ? prediction.horizonBars() : 0;
        if (volatility != null) {
            needed = Math.max(needed, volatility.range() == null ? volatility.rangeHorizonBars() : 0);
            needed = Math.max(needed, volatility.outcome() == null ? volatility.horizonBars() : 0);
        }
        Instant asOf = prediction.asOf();
        // Every bar looked at below is one of the first `needed` bars after the candle by the calendar.
        List<Candle> after = market.after(prediction.symbol(), interval, asOf,
                calendar.openTimeAfter(interval, asOf, needed), needed);
        boolean resolved = false;
        boolean unresolvable = false;

        Prediction updated = prediction;
        if (prediction.isDirectionPending()) {
            Candle decider = closedBar(after, calendar, interval, asOf, prediction.horizonBars(), now);
            if (decider != null) {
                updated = updated.withOutcome(Outcome.resolved(now, decider.openTime(), decider.close(),
                        prediction.close()));
                resolved = true;
            } else if (now.isAfter(prediction.dueAt().plus(GRACE))) {
                LOG.warn("Prediction closed unresolved: its deciding bar never arrived", entry("symbol",
                        prediction.symbol()), entry("interval", interval.code()), entry("asOf",
                        asOf.toString()), entry("dueAt", prediction.dueAt().toString()));
                updated = updated.withOutcome(Outcome.unresolvable(now));
                unresolvable = true;
            }
        }
        if (volatility != null) {
            VolatilityPrediction v = volatility;
            if (v.range() == null) {
                Candle bar = closedBar(after, calendar, interval, asOf, v.rangeHorizonBars(), now);
                if (bar != null) {
                    v = v.withRange(new VolatilityPrediction.RangeOutcome(Outcome.Status.RESOLVED, now,
                            bar.openTime(), bar.close()));
                    resolved = true;
                } else if (now.isAfter(v.rangeDueAt().plus(GRACE))) {
                    v = v.withRange(new VolatilityPrediction.RangeOutcome(Outcome.Status.UNRESOLVABLE, now, null,
                            null));
                    unresolvable = true;
                }
            }
            if (v.outcome() == null) {
                Candle last = closedBar(after, calendar, interval, asOf, v.horizonBars(), now);
                List<Candle> bars = last == null ? List.of() : after.subList(0, after.indexOf(last) + 1);
                if (last != null && consecutive(calendar, interval, asOf, bars)) {
                    List<Double> closes = bars.stream().map(c -> c.close().doubleValue()).toList();
                    v = v.withOutcome(new VolatilityPrediction.VolatilityOutcome(Outcome.Status.RESOLVED, now,
                            VolatilityScores.realisedVariance(prediction.close().doubleValue(), closes)));
                    resolved = true;
                } else if (now.isAfter(v.dueAt().plus(GRACE))) {
                    // A bar missing inside the H bars is waited for as a late last one is: ingestion refills gaps.
                    v = v.withOutcome(new VolatilityPrediction.VolatilityOutcome(Outcome.Status.UNRESOLVABLE, now,
                            null));
                    unresolvable = true;
                }
            }
            if (v != volatility) {
                updated = updated.withVolatility(v);
            }
        }
        if (updated.isPending()) {
            updated = updated.withNextCheckAt(nextCheck(updated, after, calendar, now));
        }
        if (!store.updatePending(prediction, updated)) {
            return Result.LOST;
        }
        return resolved ? Result.RESOLVED : unresolvable ? Result.UNRESOLVABLE : Result.WAITING;
    }

    /**
     * The bar {@code k} bars after the candle by the calendar, if it is stored and has closed by {@code now}. The
     * first {@code k} stored bars after the candle hold it whenever it is stored.
     */
    private static Candle closedBar(List<Candle> after, MarketCalendar calendar, Interval interval, Instant asOf,
                                    int k, Instant now) {
        Candle bar = storedBar(after, calendar.openTimeAfter(interval, asOf, k));
        return bar != null && calendar.isClosed(bar, now) ? bar : null;
    }

    private static Candle storedBar(List<Candle> after, Instant openTime) {
        return after.stream().filter(c -> c.openTime().equals(openTime)).findFirst().orElse(null);
    }

    /** Each bar is the calendar's next after the one before, starting from the prediction's candle. */
    static boolean consecutive(MarketCalendar calendar, Interval interval, Instant asOf, List<Candle> bars) {
        Instant previous = asOf;
        for (Candle bar : bars) {
            if (!calendar.nextOpenTime(interval, previous).equals(bar.openTime())) {
                return false;
            }
            previous = bar.openTime();
        }
        return true;
    }

    /**
     * When to look again: for each part still waiting, when its deciding bar closes if that bar is stored but open,
     * else its due time or, once past it, a quarter of a bar from now; the earliest of them.
     */
    private static Instant nextCheck(Prediction p, List<Candle> after, MarketCalendar calendar, Instant now) {
        Instant next = null;
        if (p.isDirectionPending()) {
            next = earlier(next, partCheck(p, p.horizonBars(), p.dueAt(), after, calendar, now));
        }
        VolatilityPrediction v = p.volatility();
        if (v != null && v.range() == null) {
            next = earlier(next, partCheck(p, v.rangeHorizonBars(), v.rangeDueAt(), after, calendar, now));
        }
        if (v != null && v.outcome() == null) {
            next = earlier(next, partCheck(p, v.horizonBars(), v.dueAt(), after, calendar, now));
        }
        return next;
    }

    private static Instant partCheck(Prediction p, int k, Instant due, List<Candle> after, MarketCalendar calendar,
                                     Instant now) {
        Interval interval = p.interval();
        Instant open = calendar.openTimeAfter(interval, p.asOf(), k);
        Instant close = calendar.closeTime(interval, open);
        // A stored bar already closed while its part waits means a bar before it is missing: retried as a late one.
        if (storedBar(after, open) != null && close.isAfter(now)) {
            return close;
        }
        return now.isAfter(due) ? now.plus(retryDelay(interval)) : due;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /** A quarter of a bar: soon enough after ingestion catches up, rare enough to cost little. */
    static Duration retryDelay(Interval interval) {
        return interval.duration().dividedBy(4);
    }
}
