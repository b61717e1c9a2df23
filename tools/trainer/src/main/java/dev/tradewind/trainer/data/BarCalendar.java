package dev.tradewind.trainer.data;

import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.time.Instant;
import java.util.List;

/**
 * Which bars of one instrument follow each other on its market's calendar ({@link MarketCalendar}): a horizon of h
 * bars means h bars of the calendar, so a label or a volatility target that would span a missing bar is not a row
 * (a gap never silently lengthens the horizon).
 *
 * <p>{@code gaps[i]} counts the breaks up to bar i (a break: bar i is not the calendar's next bar after bar i − 1);
 * bars from..to are consecutive exactly when no break lies between them.
 */
public final class BarCalendar {

    private final int[] gaps;

    private BarCalendar(int[] gaps) {
        this.gaps = gaps;
    }

    /** @param opens the instrument's bar open times, ascending */
    public static BarCalendar of(List<Instant> opens, MarketCalendar calendar, Interval interval) {
        int[] gaps = new int[opens.size()];
        for (int i = 1; i < gaps.length; i++) {
            boolean linked = calendar.nextOpenTime(interval, opens.get(i - 1)).equals(opens.get(i));
            gaps[i] = gaps[i - 1] + (linked ? 0 : 1);
        }
        return new BarCalendar(gaps);
    }

    /** The cumulative break counts (see the class comment). */
    public int[] gaps() {
        return gaps.clone();
    }

    /** True when bars from..to (indices, inclusive) are consecutive bars of the calendar. */
    public boolean consecutive(int from, int to) {
        return from >= 0 && to < gaps.length && gaps[to] - gaps[from] == 0;
    }
}
