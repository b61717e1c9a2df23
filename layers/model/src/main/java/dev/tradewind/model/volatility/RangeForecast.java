package dev.tradewind.model.volatility;

import java.util.List;

/**
 * Central intervals for the close {@code horizonBars} bars after the last one, in price units:
 * {@code [close · exp(q_lo σ_h), close · exp(q_hi σ_h)]} with split-conformal quantiles (see {@link VolatilityModel}).
 */
public record RangeForecast(int horizonBars, double close, List<Band> bands) {

    public RangeForecast {
        bands = List.copyOf(bands);
    }

    /** @param level nominal coverage, e.g. 0.8 */
    public record Band(double level, double low, double high) {
    }

    /** The band of a nominal level (e.g. 0.95). */
    public Band band(double level) {
        for (Band band : bands) {
            if (band.level() == level) {
                return band;
            }
        }
        throw new IllegalArgumentException("no " + level + " band; levels: " + bands.stream().map(Band::level).toList());
    }
}
