package dev.tradewind.predict.service;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.tradewind.predict.domain.MarketData;
import dev.tradewind.predict.domain.Outcome;
import dev.tradewind.predict.domain.Prediction;
import dev.tradewind.predict.domain.PredictionStore;
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
 * Decides how predictions turned out. A prediction of {@code h} bars resolves on the {@code h}-th bar stored after
 * its candle, the same bar the trainer's label used ({@code close[t+h] > close[t]}): it is up when that bar's close
 * is above the prediction's close (a flat move is not up), and its realised return is the ratio minus one.
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

    /** What one pass did. */
    public record Summary(int resolved, int unresolvable, int waiting, int lost, boolean more) {

        static Summary empty() {
            return new Summary(0, 0, 0, 0, false);
        }

        Summary plus(Summary other) {
            return new Summary(resolved + other.resolved, unresolvable + other.unresolvable,
                    waiting + other.waiting, lost + other.lost, more || other.more);
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
     * early when {@code keepGoing} says so (the Lambda deadline).
     */
    public Summary resolveDue(int limit, BooleanSupplier keepGoing) {
        Instant now = clock.instant();
        Summary total = Summary.empty();
        for (Interval interval : Interval.values()) {
            List<Prediction> due = store.pendingDue(interval, now, limit);
            int resolved = 0;
            int unresolvable = 0;
            int waiting = 0;
            int lost = 0;
            boolean stopped = false;
            for (Prediction prediction : due) {
                if (!keepGoing.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                switch (resolve(prediction, now)) {
                    case RESOLVED -> resolved++;
                    case UNRESOLVABLE -> unresolvable++;
                    case WAITING -> waiting++;
                    case LOST -> lost++;
                }
            }
            total = total.plus(new Summary(resolved, unresolvable, waiting, lost, stopped || due.size() == limit));
        }
        return total;
    }

    /** Resolves one pending prediction if its deciding bar exists, else reschedules or gives up on it. */
    public Result resolve(Prediction prediction, Instant now) {
        if (!prediction.isPending()) {
            return Result.LOST;
        }
        MarketCalendar calendar = MarketCalendar.of(prediction.assetClass());
        Interval interval = prediction.interval();
        List<Candle> after = market.after(prediction.symbol(), interval, prediction.asOf(),
                prediction.horizonBars());
        if (after.size() >= prediction.horizonBars()) {
            Candle decider = after.get(prediction.horizonBars() - 1);
            if (calendar.isClosed(decider, now)) {
                Outcome outcome = Outcome.resolved(now, decider.openTime(), decider.close(), prediction.close());
                return store.updatePending(prediction.withOutcome(outcome)) ? Result.RESOLVED : Result.LOST;
            }
            return reschedule(prediction, calendar.closeTime(interval, decider.openTime()));
        }
        if (now.isAfter(prediction.dueAt().plus(GRACE))) {
            LOG.warn("Prediction closed unresolved: its deciding bar never arrived", entry("symbol",
                    prediction.symbol()), entry("interval", interval.code()), entry("asOf",
                    prediction.asOf().toString()), entry("dueAt", prediction.dueAt().toString()));
            return store.updatePending(prediction.withOutcome(Outcome.unresolvable(now))) ? Result.UNRESOLVABLE
                    : Result.LOST;
        }
        Instant next = (now.isAfter(prediction.dueAt()) ? now : prediction.dueAt()).plus(retryDelay(interval));
        return reschedule(prediction, next);
    }

    private Result reschedule(Prediction prediction, Instant next) {
        return store.updatePending(prediction.withNextCheckAt(next)) ? Result.WAITING : Result.LOST;
    }

    /** A quarter of a bar: soon enough after ingestion catches up, rare enough to cost little. */
    static Duration retryDelay(Interval interval) {
        return interval.duration().dividedBy(4);
    }
}
