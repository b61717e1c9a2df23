package dev.tradewind.market.domain.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one run did, logged as one structured line, published as metrics and returned as the invocation's result.
 * {@code status}: {@code completed} (every series done), {@code partial} (some failed), {@code interrupted} (the
 * deadline stopped it; watermarks are saved and the next run resumes).
 */
public record IngestSummary(String universe, int shard, int shards, String provider, Instant now, String status,
                            int symbols, int ok, int failed, int deferred, List<Failure> failures,
                            long candlesWritten, int rejected, Map<String, Integer> rejectedByReason,
                            int gapsDetected, int gapsFilled, int gapsAbandoned, int placeholdersSkipped,
                            int staleInstruments, long durationMs) {

    public record Failure(String symbol, String reason, String message) {
    }

    public boolean interrupted() {
        return "interrupted".equals(status);
    }
}
