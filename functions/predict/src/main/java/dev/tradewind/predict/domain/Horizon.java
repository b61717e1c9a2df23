package dev.tradewind.predict.domain;

import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.time.Instant;

/**
 * Where a forecast's horizon ends on the instrument's calendar. Kept apart from the forecasting service because the
 * resolve function uses it too and runs without the model layer that service needs.
 */
public final class Horizon {

    private Horizon() {
    }

    /**
     * When the bar {@code bars} bars after the one opened at {@code asOf} opens, by the calendar: the bar the trainer
     * labels that candle with, whether or not the bars between are stored.
     */
    public static Instant open(MarketCalendar calendar, Interval interval, Instant asOf, int bars) {
        Instant open = asOf;
        for (int i = 0; i < bars; i++) {
            open = calendar.nextOpenTime(interval, open);
        }
        return open;
    }

    /** When that bar closes: the forecast's due time. */
    public static Instant due(MarketCalendar calendar, Interval interval, Instant asOf, int bars) {
        return calendar.closeTime(interval, open(calendar, interval, asOf, bars));
    }
}
