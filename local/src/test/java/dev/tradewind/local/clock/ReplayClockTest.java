package dev.tradewind.local.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        ReplayClock clock = new ReplayClock(START, 720, wall::get);
        assertEquals(START, clock.instant());
        wall.addAndGet(Duration.ofSeconds(5).toNanos());
        assertEquals(START.plus(Duration.ofHours(1)), clock.instant());
    }

    @Test
    void advance_jumpsForwardAndKeepsRunning() {
        AtomicLong wall = new AtomicLong();
        ReplayClock clock = new ReplayClock(START, 720, wall::get);
        clock.advance(Duration.ofDays(1));
        assertEquals(START.plus(Duration.ofDays(1)), clock.instant());
        wall.addAndGet(Duration.ofSeconds(5).toNanos());
        assertEquals(START.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)), clock.instant());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
    }

    @Test
    void wallDuration_dividesBySpeed() {
        ReplayClock clock = new ReplayClock(START, 720, () -> 0);
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
