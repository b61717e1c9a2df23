package dev.tradewind.predict.domain;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The ranked signals of a universe.
 *
 * @param universe    instruments considered
 * @param ranked      instruments with a forecast (the list holds the first {@code limit} of them)
 * @param excluded    instruments that could not be forecast, and why
 * @param unavailable intervals whose model failed to load (their instruments are left out)
 */
public record Signals(Instant asOf, List<Entry> signals, int universe, int ranked, List<Excluded> excluded,
                      List<Unavailable> unavailable, SignalPolicy.Thresholds thresholds) {

    public record Entry(int rank, String symbol, AssetClass assetClass, Interval interval, Signal signal,
                        double confidence, float probabilityUp, boolean stale, boolean lowConfidence,
                        Instant asOf, BigDecimal price, Instant resolvesAt, String modelVersion, boolean cached) {

        public static Entry of(Forecast f) {
            return new Entry(0, f.symbol(), f.assetClass(), f.interval(), f.signal(), f.confidence(),
                    f.probabilityUp(), f.stale(), f.lowConfidence(), f.asOf(), f.price(), f.horizon().resolvesAt(),
                    f.model().version(), f.cached());
        }

        public Entry ranked(int position) {
            return new Entry(position, symbol, assetClass, interval, signal, confidence, probabilityUp, stale,
                    lowConfidence, asOf, price, resolvesAt, modelVersion, cached);
        }
    }

    public record Excluded(String symbol, String code, String reason) {
    }

    public record Unavailable(Interval interval, String code, String reason) {
    }
}
