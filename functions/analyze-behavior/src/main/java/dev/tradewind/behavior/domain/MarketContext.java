package dev.tradewind.behavior.domain;

import dev.tradewind.shared.market.Candle;
import java.time.Instant;
import java.util.List;

/**
 * The market around a trade, for the FOMO detector (prior-bar move, volume, distance from the recent mean) and for
 * valuing paper gains and losses in the disposition effect. The function implements it over
 * {@code CandleRepository.window} with the instrument's interval and calendar.
 */
public interface MarketContext {

    /** A context without market data: FOMO reports insufficient data and paper positions stay unpriced. */
    MarketContext NONE = (symbol, time, count) -> List.of();

    /**
     * Up to {@code count} bars of {@code symbol} that had closed at or before {@code time}, oldest first (the bar
     * still forming at {@code time} is excluded: the trader could not have seen its close). Empty when the symbol is
     * unknown, and when the latest of them is stale at {@code time} by the market-data rule ({@link
     * dev.tradewind.shared.market.MarketCalendar#isStale}): bars that ended days before a trade are not its market.
     */
    List<Candle> closedBarsBefore(String symbol, Instant time, int count);
}
