package dev.tradewind.local.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.local.clock.ReplayClock;
import dev.tradewind.local.template.ScheduleDefinition;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private static final Instant START = Instant.parse("2022-01-03T00:00:00Z");
    private static final ScheduleDefinition HOURLY = new ScheduleDefinition("PredictResolveFunction", "Resolve",
            "rate(1 hour)", "UTC", "{}", true);

    /** Held, so it moves only when a test advances it, as the admin route's advance moves the replay. */
    private final ReplayClock clock = ReplayClock.held(START, 1);
    private final List<Instant> fired = new CopyOnWriteArrayList<>();

    private Scheduler hourly() {
        return new Scheduler(List.of(HOURLY), clock, duration -> Duration.ofMillis(1),
                (schedule, input) -> fired.add(clock.instant()), new PrintStream(OutputStream.nullOutputStream()));
    }

    /** rate(1 hour) from 00:00 fires on the hour, however late the loop notices a fire (load, GC, an advance). */
    @Test
    void rate_fireNoticedLate_nextFireKeepsTheCadence() throws Exception {
        try (Scheduler scheduler = hourly()) {
            scheduler.start();
            waitFor(() -> fired.size() == 1);
            clock.advance(Duration.ofSeconds(3630));
            waitFor(() -> fired.size() == 2);
            waitFor(() -> scheduler.nextFireTimes().get("Resolve").isAfter(Instant.parse("2022-01-03T01:00:00Z")));
            assertEquals(Instant.parse("2022-01-03T02:00:00Z"), scheduler.nextFireTimes().get("Resolve"));
        }
    }

    /** A jump past several fires runs the schedule once, then goes on from the next one still ahead. */
    @Test
    void rate_severalFiresMissed_runsOnceAndGoesOnFromTheNextOneAhead() throws Exception {
        try (Scheduler scheduler = hourly()) {
            scheduler.start();
            waitFor(() -> fired.size() == 1);
            clock.advance(Duration.ofMinutes(210));
            waitFor(() -> scheduler.nextFireTimes().get("Resolve").isAfter(Instant.parse("2022-01-03T01:00:00Z")));
            assertEquals(Instant.parse("2022-01-03T04:00:00Z"), scheduler.nextFireTimes().get("Resolve"));
            waitFor(() -> fired.size() == 2);
            assertEquals(2, fired.size(), "the missed fires at 01:00, 02:00 and 03:00 ran once");
        }
    }

    /** The start's catch-up runs each schedule; a rate schedule's fire due at start is that run, not one more. */
    @Test
    void rate_runAtStartBeforeTheLoop_isTheFirstFire() throws Exception {
        try (Scheduler scheduler = hourly()) {
            scheduler.runAndWait("Resolve");
            scheduler.start();
            assertEquals(Instant.parse("2022-01-03T01:00:00Z"), scheduler.nextFireTimes().get("Resolve"));
            clock.advance(Duration.ofHours(1));
            waitFor(() -> fired.size() == 2);
            assertEquals(List.of(START, Instant.parse("2022-01-03T01:00:00Z")), fired);
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), "the condition held within 30 s");
    }
}
