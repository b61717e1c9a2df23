package dev.tradewind.market.domain.ingest;

import dev.tradewind.shared.market.Candle;
import java.util.Map;

/**
 * How one series fared in a run; the run summary adds these up.
 *
 * @param newest the newest candle (by open time) the run stored, whatever else happened; null when it stored none
 */
public record SeriesOutcome(String symbol, Status status, String reason, String message, int written,
                     Map<RejectReason, Integer> rejected, int gapsDetected, int gapsFilled, int gapsAbandoned,
                     int placeholders, boolean stale, Candle newest) {

    public enum Status {
        OK,
        FAILED,
        /** Not finished because the run reached its deadline; the next run resumes from the saved watermark. */
        DEFERRED
    }
}
