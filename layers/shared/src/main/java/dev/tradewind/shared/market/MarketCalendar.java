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

    /** The open time of the bar {@code bars} bars after the one that opened at {@code openTime}, by the calendar. */
    default Instant openTimeAfter(Interval interval, Instant openTime, int bars) {
        Instant open = openTime;
        for (int i = 0; i < bars; i++) {
            open = nextOpenTime(interval, open);
        }
        return open;
    }

    default boolean isClosed(Candle candle, Instant now) {
        return !closeTime(candle.interval(), candle.openTime()).isAfter(now);
    }

    /** When a series whose latest bar opened at {@code latestOpenTime} becomes stale. */
    default Instant staleAfter(Interval interval, Instant latestOpenTime) {
        return closeTime(interval, openTimeAfter(interval, latestOpenTime, 2)).plus(STALENESS_GRACE);
    }

    default boolean isStale(Interval interval, Instant latestOpenTime, Instant now) {
        return now.isAfter(staleAfter(interval, latestOpenTime));
    }
}
