package dev.tradewind.predict.domain;

import dev.tradewind.model.ModelCard;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One forecast as served: the stored prediction plus what depends on the moment of the request (staleness, and so
 * the signal) and whether it came from the store.
 *
 * @param asOf          open time of the last closed candle the forecast was computed from
 * @param asOfClose     when that candle closed
 * @param price         its close
 * @param probabilityUp calibrated P(close after the horizon &gt; price)
 * @param features      the model's inputs by name; null marks a value the features could not define (missing)
 * @param cached        served from the prediction store, computed earlier for the same candle and model
 * @param computedAt    when the prediction was computed
 */
public record Forecast(String symbol, AssetClass assetClass, Interval interval, Instant asOf, Instant asOfClose,
                       BigDecimal price, float probabilityUp, Signal signal, double confidence, boolean stale,
                       boolean lowConfidence, Horizon horizon, ModelRef model, Map<String, Float> features,
                       boolean cached, Instant computedAt) {

    /** @param resolvesAt when the bar that decides the forecast closes */
    public record Horizon(int bars, Interval interval, Instant resolvesAt) {
    }

    public record ModelRef(String version, String family, boolean lowConfidence) {
    }

    public static Forecast of(Prediction prediction, ModelCard card, Instant asOfClose, boolean staleNow,
                              boolean cached) {
        Map<String, Float> features = new LinkedHashMap<>();
        List<String> names = card.features();
        float[] values = prediction.features();
        for (int i = 0; i < names.size(); i++) {
            float value = values != null && i < values.length ? values[i] : Float.NaN;
            features.put(names.get(i), Float.isNaN(value) ? null : value);
        }
        return new Forecast(prediction.symbol(), prediction.assetClass(), prediction.interval(), prediction.asOf(),
                asOfClose, prediction.close(), prediction.probabilityUp(),
                SignalPolicy.signal(prediction.probabilityUp(), staleNow),
                SignalPolicy.confidence(prediction.probabilityUp(), card.lowConfidence()), staleNow,
                card.lowConfidence(), new Horizon(card.horizonBars(), card.interval(), prediction.dueAt()),
                new ModelRef(card.version(), card.family(), card.lowConfidence()), features, cached,
                prediction.createdAt());
    }
}
