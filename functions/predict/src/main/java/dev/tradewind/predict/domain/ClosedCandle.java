package dev.tradewind.predict.domain;

import java.time.Instant;
import java.util.Objects;

/** A candle market-ingest reports closed and stored ({@code CandlesClosed}, docs/realtime.md#events). */
public record ClosedCandle(String symbol, Instant openTime) {

    public ClosedCandle {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(openTime, "openTime");
    }
}
