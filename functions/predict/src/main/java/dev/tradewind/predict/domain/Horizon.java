package dev.tradewind.predict.domain;

import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.time.Instant;

/** Where a forecast's horizon ends on the instrument's calendar; the resolver finds its bar the same way. */
public final class Horizon {

    private Horizon() {
    }

    /**
     * When the bar {@code bars} bars after the one opened at {@code asOf} closes, by the calendar: the forecast's due
     * time, on the bar the trainer labels that candle with, whether or not the bars between are stored.
     */
    public static Instant due(MarketCalendar calendar, Interval interval, Instant asOf, int bars) {
        return calendar.closeTime(interval, calendar.openTimeAfter(interval, asOf, bars));
    }
}
