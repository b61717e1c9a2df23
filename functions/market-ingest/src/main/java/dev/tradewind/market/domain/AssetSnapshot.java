package dev.tradewind.market.domain;

import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import java.time.Instant;

/**
 * An instrument as of {@code asOf}: its latest closed candle ({@code null} before the first one), the change over
 * 24 h or one session ({@code null} without a reference bar), whether it is stale and when it will be.
 */
public record AssetSnapshot(Instrument instrument, Candle latest, Change change, boolean stale, Instant staleAfter,
                            Instant asOf) {
}
