package dev.tradewind.market.domain.ingest;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A set of instruments ingested together by one schedule: one asset class and interval, one provider, how far
 * back a new series is backfilled, the instruments named in configuration and, optionally, every instrument the
 * provider lists for a quote asset (Binance exchangeInfo). See docs/market-data.md.
 */
public record Universe(String name, AssetClass assetClass, Interval interval, String provider, Duration backfill,
                       List<Instrument> instruments, Discovery discovery) {

    /** Add what the provider lists with this quote asset, up to {@code max} instruments (sorted by symbol). */
    public record Discovery(String quoteAsset, int max) {
    }

    public Universe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(assetClass, "assetClass");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(backfill, "backfill");
        instruments = List.copyOf(instruments);
    }
}
