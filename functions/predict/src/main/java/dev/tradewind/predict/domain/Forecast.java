package dev.tradewind.predict.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param volatility    the volatility forecast over its horizon; null when not served (see {@code unavailable})
 * @param range         central price intervals for the close at the range horizon, by level ({@code "80"},
 *                      {@code "95"}: {@code {low, high}}), with {@code horizonBars}, {@code resolvesAt} and the
 *                      model's missed range targets; null when not served
 * @param volatilityUnavailable why volatility and range are missing; null when they are served
 */
public record Forecast(String symbol, AssetClass assetClass, Interval interval, Instant asOf, Instant asOfClose,
                       BigDecimal price, float probabilityUp, Signal signal, double confidence, boolean stale,
                       boolean lowConfidence, Horizon horizon, ModelRef model,
                       @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, Float> features,
                       boolean cached, Instant computedAt, Volatility volatility, Map<String, Object> range,
                       Unavailable volatilityUnavailable) {

    /**
     * @param horizonBars   H
     * @param horizon       forecast volatility over the H bars, √variance, as a fraction (0.05 = 5%)
     * @param annualized    the same per year, as a fraction
     * @param variance      the forecast realised variance Σ r² over the H bars
     * @param resolvesAt    when the H-th bar closes, by the instrument's calendar
     * @param target        the target's definition, from the model's volatility.json
     * @param targetsMet    false when the model's evaluation missed a volatility target
     * @param targetsMissed which, as {@code <set>.<target>}
     */
    public record Volatility(int horizonBars, double horizon, double annualized, double variance, Instant resolvesAt,
                             String target, boolean targetsMet, List<String> targetsMissed) {
    }

    /** Why the volatility and range fields are missing from a forecast that is otherwise served. */
    public record Unavailable(String code, String reason) {
    }

    /** @param resolvesAt when the bar that decides the forecast closes */
    public record Horizon(int bars, Interval interval, Instant resolvesAt) {
    }

    public record ModelRef(String version, String family, boolean lowConfidence) {
    }

    public static Forecast of(Prediction prediction, ModelCard card, Instant asOfClose, boolean staleNow,
                              boolean cached) {
        return of(prediction, card, null, null, asOfClose, staleNow, cached);
    }

    /**
     * @param volatilityCard the volatility model's own flags; null when the family has none
     * @param unavailable    why the volatility part is missing, used only when the prediction has none
     */
    public static Forecast of(Prediction prediction, ModelCard card, VolatilityCard volatilityCard,
                              Unavailable unavailable, Instant asOfClose, boolean staleNow, boolean cached) {
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
                prediction.createdAt(), volatility(prediction.volatility(), volatilityCard),
                range(prediction.volatility(), volatilityCard), prediction.volatility() == null ? unavailable : null);
    }

    static Volatility volatility(VolatilityPrediction v, VolatilityCard card) {
        if (v == null) {
            return null;
        }
        List<String> missed = card == null ? List.of() : card.volatilityMissed();
        return new Volatility(v.horizonBars(), round(Math.sqrt(v.variance())), round(v.annualized()),
                round(v.variance()), v.dueAt(), card == null ? null : card.target(), missed.isEmpty(), missed);
    }

    static Map<String, Object> range(VolatilityPrediction v, VolatilityCard card) {
        if (v == null) {
            return null;
        }
        Map<String, Object> range = new LinkedHashMap<>();
        for (VolatilityPrediction.Band band : v.bands()) {
            Map<String, Object> bounds = new LinkedHashMap<>();
            bounds.put("low", band.low());
            bounds.put("high", band.high());
            range.put(band.name(), bounds);
        }
        range.put("horizonBars", v.rangeHorizonBars());
        range.put("resolvesAt", v.rangeDueAt());
        List<String> missed = card == null ? List.of() : card.rangeMissed();
        range.put("targetsMet", missed.isEmpty());
        range.put("targetsMissed", missed);
        return range;
    }

    /** Eight significant digits: volatilities are estimates, not exact. */
    public static double round(double value) {
        return new java.math.BigDecimal(value).round(new java.math.MathContext(8)).doubleValue();
    }
}
