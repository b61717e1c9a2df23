package dev.tradewind.model.volatility;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a volatility model forecasts and from which features (docs/model.md#volatility-and-price-ranges).
 *
 * @param interval         the candle interval
 * @param assetClass       the market, for its calendar (gaps are checked against it)
 * @param horizonBars      H: the target is the realised variance of log returns over the next H bars
 * @param rangeHorizonBars h: the price ranges are for the close h bars later (the direction model's horizon)
 * @param windows          HAR windows in bars (ascending), e.g. 1, 6, 24
 * @param referenceWindow  the window of the variance floors and of the volume ratio's denominator
 * @param barsPerYear      for annualising (8,760 hourly crypto bars, 252 NYSE sessions)
 */
public record VolatilitySpec(Interval interval, AssetClass assetClass, int horizonBars, int rangeHorizonBars,
                             List<Integer> windows, int referenceWindow, double barsPerYear) {

    public VolatilitySpec {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(assetClass, "assetClass");
        windows = List.copyOf(windows);
        if (horizonBars < 1 || rangeHorizonBars < 1 || rangeHorizonBars > horizonBars || windows.isEmpty()
                || referenceWindow < 1 || !(barsPerYear > 0)) {
            throw new IllegalArgumentException("invalid volatility spec");
        }
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i) < 1 || i > 0 && windows.get(i) <= windows.get(i - 1)) {
                throw new IllegalArgumentException("windows must be positive and ascending: " + windows);
            }
        }
    }

    /** Feature names in vector order: per window realised, Parkinson and Garman–Klass log variance; volume. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (int w : windows) {
            names.add("log_rv_" + w);
            names.add("log_parkinson_" + w);
            names.add("log_garman_klass_" + w);
        }
        names.add("log_volume_ratio_" + referenceWindow);
        return List.copyOf(names);
    }

    public int featureCount() {
        return 3 * windows.size() + 1;
    }

    /** The longest look-back in bars. */
    public int lookBack() {
        return Math.max(windows.getLast(), referenceWindow);
    }

    /** Candles one feature vector needs: the look-back plus the close before it (for the first return). */
    public int windowLength() {
        return lookBack() + 1;
    }
}
