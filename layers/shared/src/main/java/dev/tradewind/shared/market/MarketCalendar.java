package dev.tradewind.shared.market;

import java.time.Duration;
import java.time.Instant;

/**
 * When bars of an instrument open and close. Staleness is measured in bars, not hours, so a stock is not stale
 * over a weekend: a series is stale once two further bars should have closed after its latest one, plus five
 * minutes of grace (for crypto hourly bars: latest close + 2 h 5 min).
 */
public sealed interface MarketCalendar permits AlwaysOpenCalendar, NyseCalendar {

    Duration STALENESS_GRACE = Duration.ofMinutes(5);

    static MarketCalendar of(AssetClass assetClass) {
        return switch (assetClass) {
            case CRYPTO -> AlwaysOpenCalendar.INSTANCE;
            case STOCK -> NyseCalendar.INSTANCE;
        };
    }

    /** When the bar that opened at {@code openTime} closes. */
    Instant closeTime(Interval interval, Instant openTime);

    /** The open time of the bar after the one that opened at {@code openTime}. */
    Instant nextOpenTime(Interval interval, Instant openTime);

    default boolean isClosed(Candle candle, Instant now) {
        return !closeTime(candle.interval(), candle.openTime()).isAfter(now);
    }

    default boolean isStale(Interval interval, Instant latestOpenTime, Instant now) {
        Instant twoBarsLater = nextOpenTime(interval, nextOpenTime(interval, latestOpenTime));
        return now.isAfter(closeTime(interval, twoBarsLater).plus(STALENESS_GRACE));
    }
}
