package dev.tradewind.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SdkCallClockTest {

    private final AtomicLong now = new AtomicLong();
    private final SdkCallClock.Busy busy = new SdkCallClock.Busy(now::get);

    @Test
    void busy_callsOneAfterAnother_addTheirDurations() {
        call(0, 10);
        call(30, 35);

        assertEquals(15, busy.busyNanos());
        assertEquals(2, busy.calls());
    }

    @Test
    void busy_overlappingCalls_countTheOverlapOnce() {
        at(0).started();
        at(5).started();
        at(10).ended();
        at(20).ended();

        assertEquals(20, busy.busyNanos());
        assertEquals(2, busy.calls());
    }

    @Test
    void busy_callStillInFlight_isNotCountedYet() {
        call(0, 10);
        at(12).started();

        assertEquals(10, busy.busyNanos());
    }

    @Test
    void busy_endWithNothingInFlight_changesNothing() {
        at(3).ended();
        call(5, 9);

        assertEquals(4, busy.busyNanos());
        assertEquals(1, busy.calls());
    }

    private void call(long start, long end) {
        at(start).started();
        at(end).ended();
    }

    private SdkCallClock.Busy at(long nanos) {
        now.set(nanos);
        return busy;
    }
}
