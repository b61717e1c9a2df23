package dev.tradewind.market.state;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the ingestion knows about one series (symbol, interval): the watermark ({@code latest}, the newest stored
 * bar's open time), how far back it reaches ({@code earliest}), the closes of roughly the last day (for the change
 * over 24 h / 1 day), gaps still to refill, the stale flag as of the last run, a hash of the catalog entry last
 * written, and why the last run failed (null if it did not).
 */
public record SeriesState(String symbol, Instant earliest, Instant latest, List<PricePoint> recent, List<Gap> gaps,
                          boolean stale, String catalogHash, String lastFailure) {

    /** How far back the change figure looks: 24 h for hourly crypto, the previous session for daily stocks. */
    public static final Duration CHANGE_LOOKBACK = Duration.ofHours(24);

    public SeriesState {
        recent = List.copyOf(recent);
        gaps = List.copyOf(gaps);
    }

    public static SeriesState empty(String symbol) {
        return new SeriesState(symbol, null, null, List.of(), List.of(), true, null, null);
    }

    public Optional<PricePoint> last() {
        return recent.isEmpty() ? Optional.empty() : Optional.of(recent.getLast());
    }

    /** The newest close at least {@link #CHANGE_LOOKBACK} older than the latest bar. */
    public Optional<PricePoint> reference() {
        if (latest == null) {
            return Optional.empty();
        }
        Instant cutoff = latest.minus(CHANGE_LOOKBACK);
        PricePoint reference = null;
        for (PricePoint point : recent) {
            if (!point.openTime().isAfter(cutoff)) {
                reference = point;
            }
        }
        return Optional.ofNullable(reference);
    }

    /** Percentage change of the latest close against {@link #reference()}, 4 decimals. */
    public Optional<BigDecimal> changePercent() {
        Optional<PricePoint> last = last();
        Optional<PricePoint> reference = reference();
        if (last.isEmpty() || reference.isEmpty() || reference.get().close().signum() == 0) {
            return Optional.empty();
        }
        return Optional.of(last.get().close().subtract(reference.get().close())
                .multiply(BigDecimal.valueOf(100))
                .divide(reference.get().close(), 4, RoundingMode.HALF_EVEN));
    }

    public SeriesState withStale(boolean value) {
        return new SeriesState(symbol, earliest, latest, recent, gaps, value, catalogHash, lastFailure);
    }

    public SeriesState withFailure(String reason) {
        return new SeriesState(symbol, earliest, latest, recent, gaps, stale, catalogHash, reason);
    }

    public SeriesState withCatalogHash(String hash) {
        return new SeriesState(symbol, earliest, latest, recent, gaps, stale, hash, lastFailure);
    }

    public SeriesState withGaps(List<Gap> value) {
        return new SeriesState(symbol, earliest, latest, recent, value, stale, catalogHash, lastFailure);
    }

    public SeriesState withRange(Instant newEarliest, Instant newLatest, List<PricePoint> newRecent) {
        return new SeriesState(symbol, newEarliest, newLatest, newRecent, gaps, stale, catalogHash, lastFailure);
    }
}
