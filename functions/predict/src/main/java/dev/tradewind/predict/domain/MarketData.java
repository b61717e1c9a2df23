package dev.tradewind.predict.domain;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the predict function reads of the market: the instrument catalog and candles, never written here. */
public interface MarketData {

    Optional<Instrument> instrument(String symbol);

    /** Every instrument of an asset class, in symbol order (the catalog index; never a Scan). */
    List<Instrument> instruments(AssetClass assetClass);

    /** The newest bar that has closed by {@code now}. */
    Optional<Candle> latestClosed(String symbol, Interval interval, MarketCalendar calendar, Instant now);

    /**
     * {@link #latestClosed}, strongly consistent: it sees a bar whose write has just completed, which an eventually
     * consistent read may not show yet.
     */
    default Optional<Candle> latestClosedAfterWrites(String symbol, Interval interval, MarketCalendar calendar,
                                                     Instant now) {
        return latestClosed(symbol, interval, calendar, now);
    }

    /** Up to {@code count} bars opened at or before {@code asOf}, oldest first. */
    List<Candle> window(String symbol, Interval interval, Instant asOf, int count);

    /**
     * {@link #window}, strongly consistent: it holds every bar whose write has completed, such as the latest closed
     * bar {@link #latestClosed} found while the window's own read did not show it yet.
     */
    default List<Candle> windowAfterWrites(String symbol, Interval interval, Instant asOf, int count) {
        return window(symbol, interval, asOf, count);
    }

    /** Up to {@code count} bars opened after {@code openTime} and at or before {@code until}, oldest first. */
    List<Candle> after(String symbol, Interval interval, Instant openTime, Instant until, int count);

    /** Forgets anything kept in memory (after a SnapStart restore, which may come long after the snapshot). */
    default void forgetCached() {
    }
}
