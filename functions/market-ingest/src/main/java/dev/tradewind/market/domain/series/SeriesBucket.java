package dev.tradewind.market.domain.series;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

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

    /**
     * This bucket with {@code changed} written over its series (see {@link SeriesState#savedOver}); {@code givenUp}
     * gets each gap a series gives up in the merge, with its symbol.
     */
    public SeriesBucket with(Map<String, SeriesState> changed, Instant now, BiConsumer<String, Gap> givenUp) {
        Map<String, SeriesState> merged = new TreeMap<>(series);
        changed.forEach((symbol, state) -> merged.merge(symbol, state,
                (stored, mine) -> mine.savedOver(stored, gap -> givenUp.accept(symbol, gap))));
        return new SeriesBucket(assetClass, interval, bucket, version, now, merged);
    }
}
