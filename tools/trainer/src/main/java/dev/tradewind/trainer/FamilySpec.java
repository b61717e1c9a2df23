package dev.tradewind.trainer;

import dev.tradewind.model.features.FeatureSet;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.trainer.xgb.XgbTrainingParams;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One model family: which instruments and bars it learns from, what it forecasts, how it is evaluated. The settings
 * were fixed before looking at any out-of-sample number (shallow, strongly regularised trees, because the signal in
 * prices is tiny), and are recorded in the model card.
 *
 * @param name                 folder name under models/, e.g. {@code crypto-1h}
 * @param symbols              instruments of the bundled history, pooled into one data set
 * @param horizonBars          label: close[t + horizon] &gt; close[t]
 * @param cutoff               the holdout starts here; no training label may look at or past it. 2022-01-03 is
 *                             where the local runtime's market replay starts, so what it serves is out of sample
 * @param folds                walk-forward folds over the development period (before the cutoff)
 * @param walkForwardShare     the share of the development period the folds test on, in equal consecutive blocks
 * @param feePerSide           the strategy's cost per position change (fraction of the traded amount)
 * @param params               XGBoost hyper-parameters (seeded, one thread)
 * @param dataFrom             only candles opened at or after this (CI slices); empty for all
 * @param dataTo               only candles opened before this (CI slices); empty for all
 * @param origin               where the bars come from, for the card
 */
public record FamilySpec(String name, Interval interval, AssetClass assetClass, List<String> symbols, int horizonBars,
                         Instant cutoff, int folds, double walkForwardShare, double feePerSide,
                         XgbTrainingParams params, Optional<Instant> dataFrom,
                         Optional<Instant> dataTo, String origin) {

    /** The local runtime's default replay start (docs/local-runtime.md#market-replay-clock). */
    public static final Instant CUTOFF = Instant.parse("2022-01-03T00:00:00Z");

    /** Probability above which the strategy is long (flat otherwise). */
    public static final double LONG_THRESHOLD = 0.5;

    public static final FamilySpec CRYPTO_1H = new FamilySpec("crypto-1h", Interval.H1, AssetClass.CRYPTO,
            List.of("BTCUSDT", "ETHUSDT", "BNBUSDT"), 4, CUTOFF, 4, 0.5, 0.001,
            new XgbTrainingParams(300, 3, 0.03, 0.8, 0.8, 50, 5, 256, 42L, 1), Optional.empty(), Optional.empty(),
            "Binance spot hourly candles (CryptoDataDownload export), data/README.md");

    public static final FamilySpec STOCKS_1D = new FamilySpec("stocks-1d", Interval.D1, AssetClass.STOCK,
            List.of("AAPL", "AMZN", "GOOGL", "META", "MSFT"), 1, CUTOFF, 4, 0.5, 0.0005,
            new XgbTrainingParams(200, 3, 0.03, 0.8, 0.8, 20, 5, 256, 42L, 1), Optional.empty(), Optional.empty(),
            "Yahoo Finance daily bars, split-adjusted, data/README.md");

    public static final List<FamilySpec> ALL = List.of(CRYPTO_1H, STOCKS_1D);

    public FamilySpec {
        Objects.requireNonNull(name, "name");
        symbols = List.copyOf(symbols);
        if (horizonBars < 1 || folds < 1) {
            throw new IllegalArgumentException("horizon and folds must be positive");
        }
        if (!(walkForwardShare > 0 && walkForwardShare < 1)) {
            throw new IllegalArgumentException("the walk-forward share must be in (0, 1)");
        }
    }

    public FeatureSet features() {
        return FeatureSet.forInterval(interval);
    }

    public static Optional<FamilySpec> named(String name) {
        return ALL.stream().filter(f -> f.name.equals(name)).findFirst();
    }

    /**
     * The CI-sized variant: two symbols, a few months either side of the cutoff, two folds, 40 trees. Runs the whole
     * pipeline (features, folds, calibration, export, parity, card, report) in seconds; its numbers mean nothing.
     */
    public FamilySpec ciSlice() {
        Instant from = interval == Interval.H1 ? Instant.parse("2021-07-01T00:00:00Z")
                : Instant.parse("2019-01-01T00:00:00Z");
        Instant to = interval == Interval.H1 ? Instant.parse("2022-02-15T00:00:00Z")
                : Instant.parse("2022-07-01T00:00:00Z");
        return new FamilySpec(name, interval, assetClass, symbols.subList(0, 2), horizonBars, cutoff, 2, 0.4,
                feePerSide, params.withRounds(40), Optional.of(from), Optional.of(to), origin);
    }
}
