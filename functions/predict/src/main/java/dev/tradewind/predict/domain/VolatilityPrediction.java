package dev.tradewind.predict.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The volatility and price-range part of a prediction (docs/forecasts.md#volatility-and-price-ranges), computed
 * with the direction forecast from the same candles and stored in the same item. Its two parts resolve on their own
 * horizons: the range when the close {@code rangeHorizonBars} after the candle is known, the volatility once the
 * {@code horizonBars} bars after it are; the prediction stays in the pending index until both have an outcome.
 *
 * @param horizonBars      H, the bars the volatility forecast covers
 * @param variance         forecast realised variance of log returns over those H bars (Σ r²)
 * @param ewmaVariance     the RiskMetrics baseline (λ = 0.94) over the same H bars, {@code H · σ²_{t+1}}, computed
 *                         from the candles the forecast was computed from
 * @param annualized       √(variance · barsPerYear / H)
 * @param dueAt            when the H-th bar after the candle closes, by the instrument's calendar
 * @param rangeHorizonBars h, the bars after the candle whose close the ranges are for
 * @param rangeDueAt       when that bar closes
 * @param bands            central intervals by nominal level, in price units
 * @param range            how the ranges turned out; null while pending
 * @param outcome          how the volatility forecast turned out; null while pending
 */
public record VolatilityPrediction(int horizonBars, double variance, double ewmaVariance, double annualized,
                                   Instant dueAt, int rangeHorizonBars, Instant rangeDueAt, List<Band> bands,
                                   RangeOutcome range, VolatilityOutcome outcome) {

    public VolatilityPrediction {
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(rangeDueAt, "rangeDueAt");
        bands = List.copyOf(bands);
    }

    /** @param level nominal coverage, e.g. 0.8 */
    public record Band(double level, BigDecimal low, BigDecimal high) {

        /** The level as the API names it: {@code "80"}, {@code "95"}. */
        public String name() {
            return Long.toString(Math.round(level * 100));
        }
    }

    /**
     * @param barOpen open time of the bar {@code rangeHorizonBars} after the candle; null when unresolvable
     * @param close   its close; null when unresolvable
     */
    public record RangeOutcome(Outcome.Status status, Instant resolvedAt, Instant barOpen, BigDecimal close) {

        public RangeOutcome {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(resolvedAt, "resolvedAt");
        }

        public boolean isResolved() {
            return status == Outcome.Status.RESOLVED;
        }
    }

    /**
     * @param realisedVariance Σ r² over the H bars after the candle; null when unresolvable (one of them had not
     *                         arrived 7 days after the part was due: a gap never stretches the window)
     */
    public record VolatilityOutcome(Outcome.Status status, Instant resolvedAt, Double realisedVariance) {

        public VolatilityOutcome {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(resolvedAt, "resolvedAt");
        }

        public boolean isResolved() {
            return status == Outcome.Status.RESOLVED;
        }
    }

    /** Both parts have an outcome. */
    public boolean isSettled() {
        return range != null && outcome != null;
    }

    /** When the earliest still-open part is due; null once settled. */
    public Instant nextDue() {
        if (range == null) {
            return rangeDueAt;
        }
        return outcome == null ? dueAt : null;
    }

    public VolatilityPrediction withRange(RangeOutcome resolved) {
        return new VolatilityPrediction(horizonBars, variance, ewmaVariance, annualized, dueAt, rangeHorizonBars,
                rangeDueAt, bands, Objects.requireNonNull(resolved), outcome);
    }

    public VolatilityPrediction withOutcome(VolatilityOutcome resolved) {
        return new VolatilityPrediction(horizonBars, variance, ewmaVariance, annualized, dueAt, rangeHorizonBars,
                rangeDueAt, bands, range, Objects.requireNonNull(resolved));
    }
}
