package dev.tradewind.shared.market;

import java.time.Instant;

/** Crypto venues trade around the clock: bars follow each other without gaps. */
public final class AlwaysOpenCalendar implements MarketCalendar {

    static final AlwaysOpenCalendar INSTANCE = new AlwaysOpenCalendar();

    private AlwaysOpenCalendar() {
    }

    @Override
    public Instant closeTime(Interval interval, Instant openTime) {
        return openTime.plus(interval.duration());
    }

    @Override
    public Instant nextOpenTime(Interval interval, Instant openTime) {
        return openTime.plus(interval.duration());
    }
}
