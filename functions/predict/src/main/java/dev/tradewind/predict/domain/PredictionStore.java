package dev.tradewind.predict.domain;

import dev.tradewind.shared.market.Interval;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where predictions live: the forecast cache, the prediction log and the queue of predictions waiting to resolve. */
public interface PredictionStore {

    Optional<Prediction> find(PredictionKey key);

    /**
     * Stores a new prediction unless one with its key exists (two requests computing it at once keep the first).
     *
     * @return the prediction now stored under that key
     */
    Prediction putIfAbsent(Prediction prediction);

    /**
     * Predictions of one series whose candle opened in [from, to], oldest first.
     *
     * @param withFeatures false leaves {@link Prediction#features()} null, which reads less
     */
    List<Prediction> series(String symbol, Interval interval, Instant from, Instant to, boolean withFeatures);

    /**
     * {@link #series} without features, strongly consistent: it holds what a write a moment ago changed. Twice the
     * read units of an eventually consistent read, so only for a read that follows its own writes.
     */
    default List<Prediction> seriesAfterWrites(String symbol, Interval interval, Instant from, Instant to) {
        return series(symbol, interval, from, to, false);
    }

    /** Up to {@code limit} unresolved predictions of an interval whose next check is due by {@code now}, earliest
     * first. */
    List<Prediction> pendingDue(Interval interval, Instant now, int limit);

    /**
     * Replaces a still-pending prediction by its resolved or rescheduled self: writes the parts that {@code updated}
     * resolved and {@code before} had not, and the next check.
     *
     * @param before the prediction as read; null when not known, then every resolved part of {@code updated} is new
     * @return false if it was no longer pending, or a part resolved here already had an outcome (another resolver
     *         got there first): nothing changed
     */
    boolean updatePending(Prediction before, Prediction updated);

    /** {@link #updatePending(Prediction, Prediction)} without knowing what was read. */
    default boolean updatePending(Prediction updated) {
        return updatePending(null, updated);
    }
}
