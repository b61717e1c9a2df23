package dev.tradewind.predict.domain;

import dev.tradewind.shared.market.Interval;
import java.time.Instant;
import java.util.Objects;

/**
 * What makes a prediction the same prediction: the series, the last closed candle it was computed from (its open
 * time) and the model that computed it. Nothing time-based: a prediction is reused exactly as long as no newer
 * candle exists and the model has not changed.
 */
public record PredictionKey(String symbol, Interval interval, Instant asOf, String modelVersion) {

    public PredictionKey {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }
}
