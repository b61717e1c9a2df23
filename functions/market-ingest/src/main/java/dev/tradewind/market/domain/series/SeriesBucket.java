package dev.tradewind.market.domain.series;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One item holding the state of every series of a (class, interval) whose symbol hashes to {@code bucket}. Batching
 * series into 64 items keeps a run at about one write per new candle, where an item per series would double it.
 * {@code version} guards concurrent runs (optimistic locking).
 */
public record SeriesBucket(AssetClass assetClass, Interval interval, int bucket, long version, Instant updatedAt,
                           Map<String, SeriesState> series) {

    public SeriesBucket {
        series = Collections.unmodifiableMap(new TreeMap<>(series));
    }

    public static SeriesBucket empty(AssetClass assetClass, Interval interval, int bucket) {
        return new SeriesBucket(assetClass, interval, bucket, 0, null, Map.of());
    }

    /** This bucket with {@code changed} written over its series (see {@link SeriesState#savedOver}). */
    public SeriesBucket with(Map<String, SeriesState> changed, Instant now) {
        Map<String, SeriesState> merged = new TreeMap<>(series);
        changed.forEach((symbol, state) -> merged.merge(symbol, state, (stored, mine) -> mine.savedOver(stored)));
        return new SeriesBucket(assetClass, interval, bucket, version, now, merged);
    }
}
