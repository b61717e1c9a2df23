package dev.tradewind.market.service;

import dev.tradewind.market.domain.ingest.ClosedSeries;
import java.util.List;

/**
 * What an ingestion run reports once its candle writes have committed: {@code CandlesClosed}
 * (docs/realtime.md#events). The events carry the candles as the candle routes serialise them, so they are built in
 * {@code api}; this is what the run hands over.
 */
@FunctionalInterface
public interface CandleEvents {

    /** The series the run stored candles of; never called with none. Never throws. */
    void closed(List<ClosedSeries> series);
}
