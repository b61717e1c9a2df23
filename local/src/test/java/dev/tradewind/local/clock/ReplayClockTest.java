package dev.tradewind.local.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayClockTest {

    private static final Instant START = Instant.parse("2022-01-03T00:00:00Z");

    @Test
    void instant_runsSpeedTimesFasterThanWallTime() {
        AtomicLong wall = new AtomicLong(1_000);
        ReplayClock clock = new ReplayClock(START, 720, wall::get, false);
        assertEquals(START, clock.instant());
        wall.addAndGet(Duration.ofSeconds(5).toNanos());
        assertEquals(START.plus(Duration.ofHours(1)), clock.instant());
    }

    /** At the highest speed, 292 years of replay (a long of nanoseconds) pass in 2.6 hours of wall time. */
    @Test
    void instant_atTheHighestSpeed_keepsRunningPast292YearsOfReplay() {
        AtomicLong wall = new AtomicLong();
        ReplayClock clock = new ReplayClock(START, 1_000_000, wall::get, false);
        wall.set(Duration.ofMinutes(160).toNanos());
        Instant before = clock.instant();
        wall.set(Duration.ofHours(3).toNanos());

        assertEquals(START.plus(Duration.ofHours(3).multipliedBy(1_000_000)), clock.instant());
        assertTrue(clock.instant().isAfter(before));
    }

    /** Unread for longer than a long of nanoseconds holds, it still tells the replay's time, and stops at LATEST. */
    @Test
    void instant_readRarely_countsTheWholeSpanAndStopsAtTheLatestInstant() {
        AtomicLong wall = new AtomicLong();
        ReplayClock clock = new ReplayClock(START, 1_000_000, wall::get, false);
        wall.set(Duration.ofHours(10).toNanos());
        assertEquals(START.plus(Duration.ofHours(10).multipliedBy(1_000_000)), clock.instant());
        wall.set(Duration.ofDays(100).toNanos());
        assertEquals(ReplayClock.LATEST, clock.instant());
        wall.set(Duration.ofDays(200).toNanos());
        assertEquals(ReplayClock.LATEST, clock.instant());
    }

    /** --replay-speed 0.25 was told as "at 0x", 0.5 as "at 1x", 100000 as "every 0.0 s". */
    @Test
    void pace_tellsTheSpeedAsGiven_slowAndFastToo() {
        assertEquals("0.25x (one hour of market time every 14400 s)", new ReplayClock(START, 0.25).pace());
        assertEquals("0.5x (one hour of market time every 7200 s)", new ReplayClock(START, 0.5).pace());
        assertEquals("100000x (one hour of market time every 0.036 s)", new ReplayClock(START, 100_000).pace());
        assertEquals("720x (one hour of market time every 5 s)", new ReplayClock(START, 720).pace());
    }

    @Test
    void advance_jumpsForwardAndKeepsRunning() {
        AtomicLong wall = new AtomicLong();
        ReplayClock clock = new ReplayClock(START, 720, wall::get, false);
        clock.advance(Duration.ofDays(1));
        assertEquals(START.plus(Duration.ofDays(1)), clock.instant());
        wall.addAndGet(Duration.ofSeconds(5).toNanos());
        assertEquals(START.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)), clock.instant());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
    }

    @Test
    void held_standsStillUntilReleased_thenRunsFromWhereItStood() {
        AtomicLong wall = new AtomicLong();
        ReplayClock clock = new ReplayClock(START, 720, wall::get, true);
        wall.addAndGet(Duration.ofSeconds(50).toNanos());
        assertEquals(START, clock.instant());
        assertTrue(clock.isHeld());
        clock.advance(Duration.ofHours(2));
        wall.addAndGet(Duration.ofSeconds(50).toNanos());
        assertEquals(START.plus(Duration.ofHours(2)), clock.instant(), "an advance moves a held clock, which stays held");
        clock.release();
        assertFalse(clock.isHeld());
        wall.addAndGet(Duration.ofSeconds(5).toNanos());
        assertEquals(START.plus(Duration.ofHours(3)), clock.instant());
    }

    @Test
    void wallDuration_dividesBySpeed() {
        ReplayClock clock = new ReplayClock(START, 720, () -> 0, false);
        assertEquals(Duration.ofSeconds(5), clock.wallDuration(Duration.ofHours(1)));
    }

    @Test
    void speed_mustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ReplayClock(START, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReplayClock(START, Double.NaN));
    }

    @Test
    void store_roundTripsTheInstant(@TempDir Path data) {
        ReplayClockStore store = new ReplayClockStore(data);
        assertEquals(Optional.empty(), store.load());
        store.save(START.plusSeconds(90));
        assertEquals(Optional.of(START.plusSeconds(90)), new ReplayClockStore(data).load());
    }
}
