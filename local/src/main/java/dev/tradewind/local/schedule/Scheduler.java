package dev.tradewind.local.schedule;

import dev.tradewind.local.template.ScheduleDefinition;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Runs the template's EventBridge schedules in-process, measured on the runtime's clock: with a replay clock at
 * 720×, {@code rate(1 hour)} fires every 5 wall seconds. Fires that come due while the previous run of the same
 * schedule is still going are skipped, as a single-concurrency target would see them fail.
 */
public final class Scheduler implements AutoCloseable {

    private static final Duration MAX_SLEEP = Duration.ofMillis(250);

    private final List<Entry> entries;
    private final Clock clock;
    private final Function<Duration, Duration> toWallTime;
    private final BiConsumer<ScheduleDefinition, byte[]> invoker;
    private final PrintStream log;
    private final ExecutorService runs = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("schedule-", 1).factory());
    private final Thread loop;
    private volatile boolean stopped;

    /**
     * @param toWallTime converts a span of the runtime's clock into wall time (identity for the wall clock)
     * @param invoker    runs the schedule's target function with its input
     */
    public Scheduler(List<ScheduleDefinition> schedules, Clock clock, Function<Duration, Duration> toWallTime,
                     BiConsumer<ScheduleDefinition, byte[]> invoker, PrintStream log) {
        this.clock = clock;
        this.toWallTime = toWallTime;
        this.invoker = invoker;
        this.log = log;
        Instant now = clock.instant();
        List<Entry> list = new ArrayList<>();
        for (ScheduleDefinition schedule : schedules) {
            if (!schedule.enabled()) {
                continue;
            }
            ScheduleExpression expression = ScheduleExpression.parse(schedule.expression(), ZoneId.of(schedule.timezone()));
            Optional<Instant> first = expression instanceof ScheduleExpression.Rate ? Optional.of(now)
                    : expression.nextAfter(now);
            first.ifPresent(at -> list.add(new Entry(schedule, expression, at)));
        }
        this.entries = List.copyOf(list);
        this.loop = Thread.ofPlatform().daemon().name("scheduler").unstarted(this::run);
    }

    public void start() {
        loop.start();
    }

    public List<ScheduleDefinition> schedules() {
        return entries.stream().map(e -> e.schedule).toList();
    }

    /**
     * Runs a schedule now and waits for it (the start's catch-up, the admin route and tests use this); false if a run
     * of it was already in progress. A fire due by now is this run's: a rate schedule's first fire, due at start, is
     * the catch-up's run, not one more.
     */
    public boolean runAndWait(String name) {
        for (Entry entry : entries) {
            if (entry.schedule.name().equals(name)) {
                if (!entry.running.compareAndSet(false, true)) {
                    return false;
                }
                entry.advancePast(clock.instant());
                try {
                    invoker.accept(entry.schedule, entry.schedule.input().getBytes(StandardCharsets.UTF_8));
                } finally {
                    entry.running.set(false);
                }
                return true;
            }
        }
        throw new IllegalArgumentException("No schedule named " + name);
    }

    private void run() {
        while (!stopped) {
            Instant now = clock.instant();
            Instant earliest = null;
            for (Entry entry : entries) {
                if (entry.next != null && !entry.next.isAfter(now)) {
                    fire(entry, now);
                    entry.advancePast(now);
                }
                if (entry.next != null && (earliest == null || entry.next.isBefore(earliest))) {
                    earliest = entry.next;
                }
            }
            Duration sleep = earliest == null ? MAX_SLEEP : toWallTime.apply(Duration.between(now, earliest));
            if (sleep.compareTo(MAX_SLEEP) > 0) {
                sleep = MAX_SLEEP;
            }
            try {
                Thread.sleep(Math.max(1, sleep.toMillis()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void fire(Entry entry, Instant now) {
        if (!entry.running.compareAndSet(false, true)) {
            log.println("[schedule] " + entry.schedule.name() + " skipped at " + now + ": previous run still in progress");
            return;
        }
        log.println("[schedule] " + entry.schedule.name() + " -> " + entry.schedule.functionLogicalId() + " at " + now);
        runs.submit(() -> {
            try {
                invoker.accept(entry.schedule, entry.schedule.input().getBytes(StandardCharsets.UTF_8));
            } finally {
                entry.running.set(false);
            }
        });
    }

    public Map<String, Instant> nextFireTimes() {
        Map<String, Instant> next = new java.util.LinkedHashMap<>();
        entries.forEach(e -> next.put(e.schedule.name(), e.next));
        return next;
    }

    @Override
    public void close() {
        stopped = true;
        loop.interrupt();
        runs.shutdownNow();
    }

    private static final class Entry {
        final ScheduleDefinition schedule;
        final ScheduleExpression expression;
        final AtomicBoolean running = new AtomicBoolean();
        volatile Instant next;

        Entry(ScheduleDefinition schedule, ScheduleExpression expression, Instant first) {
            this.schedule = schedule;
            this.expression = expression;
            this.next = first;
        }

        /**
         * Moves the next fire past {@code now}, stepping from the instant each was due, not from when it was noticed,
         * so a late tick shifts no later fire; fires due meanwhile (a clock advance) collapse into the run at hand.
         */
        synchronized void advancePast(Instant now) {
            while (next != null && !next.isAfter(now)) {
                next = expression.nextAfter(next).orElse(null);
            }
        }
    }
}
