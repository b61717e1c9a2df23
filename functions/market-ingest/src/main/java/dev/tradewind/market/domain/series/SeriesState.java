package dev.tradewind.market.domain.series;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the ingestion knows about one series (symbol, interval): the watermark ({@code latest}, the newest stored
 * bar's open time) and its close, how far back the stored history is complete ({@code earliest}), gaps still to
 * refill, the stale flag as of the last run, a hash of the catalog entry last written, and why the last run failed
 * (null if it did not). Deliberately small: every run rewrites it for every series.
 */
public record SeriesState(String symbol, Instant earliest, Instant latest, BigDecimal lastClose, List<Gap> gaps,
                          boolean stale, String catalogHash, String lastFailure) {

    /** Bounds the state every run rewrites (docs/market-data.md). */
    public static final int MAX_GAPS = 20;

    public SeriesState {
        gaps = List.copyOf(gaps);
    }

    public static SeriesState empty(String symbol) {
        return new SeriesState(symbol, null, null, null, List.of(), true, null, null);
    }

    public SeriesState withStale(boolean value) {
        return new SeriesState(symbol, earliest, latest, lastClose, gaps, value, catalogHash, lastFailure);
    }

    public SeriesState withFailure(String reason) {
        return new SeriesState(symbol, earliest, latest, lastClose, gaps, stale, catalogHash, reason);
    }

    public SeriesState withCatalogHash(String hash) {
        return new SeriesState(symbol, earliest, latest, lastClose, gaps, stale, hash, lastFailure);
    }

    public SeriesState withGaps(List<Gap> value) {
        return new SeriesState(symbol, earliest, latest, lastClose, value, stale, catalogHash, lastFailure);
    }

    /**
     * This state written over {@code stored}, which an overlapping run of the same shard may have saved since this run
     * read it: the watermark never moves back and the covered history never shrinks; gaps, the stale flag and the rest
     * come from the state with the newer watermark (this one when they are level), except the gaps of history only
     * the other state covers (a deeper backfill): the newer one knows nothing of them, and without them that history
     * would count as complete with its missing bars never refilled. Those come first, as held longest, so past
     * {@value #MAX_GAPS} gaps they are the first given up ({@link #giveUpBeyondLimit}), each passed to {@code givenUp}.
     */
    public SeriesState savedOver(SeriesState stored, Consumer<Gap> givenUp) {
        if (stored == null) {
            return this;
        }
        boolean storedIsNewer = stored.latest != null && (latest == null || stored.latest.isAfter(latest));
        SeriesState newer = storedIsNewer ? stored : this;
        SeriesState older = storedIsNewer ? this : stored;
        Instant from = earliest == null || (stored.earliest != null && stored.earliest.isBefore(earliest))
                ? stored.earliest : earliest;
        List<Gap> merged = new ArrayList<>();
        for (Gap gap : older.gaps) {
            if (newer.earliest == null || gap.from().isBefore(newer.earliest)) {
                merged.add(gap);
            }
        }
        merged.addAll(newer.gaps);
        giveUpBeyondLimit(merged, givenUp);
        return newer.withRange(from, newer.latest, newer.lastClose).withGaps(merged);
    }

    /**
     * Removes from {@code gaps} (in the order they were taken on) those past {@value #MAX_GAPS}, the ones held
     * longest, at its start, passing each to {@code givenUp}.
     */
    public static void giveUpBeyondLimit(List<Gap> gaps, Consumer<Gap> givenUp) {
        List<Gap> beyond = gaps.subList(0, Math.max(0, gaps.size() - MAX_GAPS));
        beyond.forEach(givenUp);
        beyond.clear();
    }

    public SeriesState withRange(Instant newEarliest, Instant newLatest, BigDecimal newLastClose) {
        return new SeriesState(symbol, newEarliest, newLatest, newLastClose, gaps, stale, catalogHash, lastFailure);
    }
}
