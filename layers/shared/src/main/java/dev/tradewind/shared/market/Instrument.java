package dev.tradewind.shared.market;

import java.util.Objects;

/** A tradable instrument of the catalog and the candle interval Tradewind keeps for it. */
public record Instrument(String symbol, String name, AssetClass assetClass, String exchange, String quoteCurrency,
                         Interval interval) {

    public Instrument {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(assetClass, "assetClass");
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(quoteCurrency, "quoteCurrency");
        Objects.requireNonNull(interval, "interval");
    }

    public MarketCalendar calendar() {
        return MarketCalendar.of(assetClass);
    }
}
