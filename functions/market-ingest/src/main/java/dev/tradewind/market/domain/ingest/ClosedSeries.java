package dev.tradewind.market.domain.ingest;

import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;

/**
 * A series a run stored candles of: how many, and the newest of them (by open time).
 */
public record ClosedSeries(Instrument instrument, int candlesWritten, Candle newest) {
}
