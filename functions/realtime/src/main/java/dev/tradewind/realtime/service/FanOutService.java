package dev.tradewind.realtime.service;

import dev.tradewind.realtime.domain.Push;
import dev.tradewind.realtime.store.ConnectionRepository;
import dev.tradewind.shared.concurrent.Concurrently;
import dev.tradewind.shared.dynamo.BatchBackoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one event's messages to the connections subscribed to their channels (docs/realtime.md).
 *
 * <p>First every channel's subscribers are read from the {@code ByChannel} index (Query, every page; never a Scan;
 * the channels concurrently), so a failing read fails the event before anything was sent and the event's retry sends
 * nothing twice. Then each connection gets its messages in order, one connection per virtual thread, at most
 * {@code maxInFlight} at a time. A connection that is gone has its items deleted; a throttled push is sent again
 * after an exponential backoff with full jitter, at most {@value #MAX_ATTEMPTS} attempts; any other failure is
 * counted. The event has a time budget: a message not sent by then is dropped and counted, since a late push is no
 * longer news (a push under way at the deadline finishes, bounded by the client's call timeout).
 */
public final class FanOutService {

    private static final Logger LOG = LoggerFactory.getLogger(FanOutService.class);

    /** Connections pushed to at once; the Management API client's connection pool is this large. */
    public static final int MAX_IN_FLIGHT = 200;
    /** Attempts per message while it is throttled. */
    static final int MAX_ATTEMPTS = 4;

    private final ConnectionRepository connections;
    private final Pusher pusher;
    private final IntConsumer backoff;
    private final LongSupplier nanoTime;
    private final int maxInFlight;

    public FanOutService(ConnectionRepository connections, Pusher pusher) {
        this(connections, pusher, BatchBackoff::beforeAttempt, System::nanoTime, MAX_IN_FLIGHT);
    }

    /**
     * @param backoff  waits before attempt {@code n} of a throttled message (2 for the first retry)
     * @param nanoTime the monotonic time the budget is measured on (a duration, never market time)
     */
    public FanOutService(ConnectionRepository connections, Pusher pusher, IntConsumer backoff, LongSupplier nanoTime,
                         int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.connections = connections;
        this.pusher = pusher;
        this.backoff = backoff;
        this.nanoTime = nanoTime;
        this.maxInFlight = maxInFlight;
    }

    /** The same fan-out through another pusher: SnapStart priming rehearses with one that sends nothing. */
    public FanOutService withPusher(Pusher other) {
        return new FanOutService(connections, other, backoff, nanoTime, maxInFlight);
    }

    /**
     * What one event's fan-out did. Messages count once per connection: {@code messages} = delivered + failed +
     * dropped + discarded.
     *
     * @param pushes      the event's messages, one per channel entry
     * @param connections the connections subscribed to any of their channels
     * @param gone        connections found gone, whose items were deleted
     * @param discarded   messages not sent because their connection was gone
     * @param throttled   throttled attempts (each retried, or counted failed after the last)
     * @param reads       Query calls (index pages) reading the subscribers
     * @param failures    why messages failed, by error code
     */
    public record Summary(int pushes, int connections, int messages, int delivered, int gone, int discarded,
                          int failed, int dropped, int throttled, int reads, Map<String, Integer> failures) {
    }

    /** Sends the messages to their subscribers, within {@code budget}. */
    public Summary fanOut(List<Push> pushes, Duration budget) {
        long deadline = nanoTime.getAsLong() + Math.max(0, budget.toNanos());
        Map<String, List<String>> byChannel = new LinkedHashMap<>();
        pushes.forEach(push -> byChannel.computeIfAbsent(push.channelKey(), key -> new ArrayList<>())
                .add(push.message()));
        List<String> channelKeys = List.copyOf(byChannel.keySet());
        List<ConnectionRepository.Subscribers> subscribed = Concurrently.map(channelKeys, connections::subscribers);
        Map<String, List<String>> byConnection = new LinkedHashMap<>();
        int reads = 0;
        for (int i = 0; i < channelKeys.size(); i++) {
            List<String> messages = byChannel.get(channelKeys.get(i));
            reads += subscribed.get(i).reads();
            subscribed.get(i).connectionIds().forEach(id -> byConnection.computeIfAbsent(id, key -> new ArrayList<>())
                    .addAll(messages));
        }
        Tally tally = new Tally();
        Semaphore permits = new Semaphore(maxInFlight);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Map.Entry<String, List<String>> connection : byConnection.entrySet()) {
                if (!acquire(permits, deadline)) {
                    tally.dropped.addAndGet(connection.getValue().size());
                    continue;
                }
                executor.execute(() -> {
                    try {
                        deliver(connection.getKey(), connection.getValue(), deadline, tally);
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        int messages = byConnection.values().stream().mapToInt(List::size).sum();
        return new Summary(pushes.size(), byConnection.size(), messages, tally.delivered.get(), tally.gone.get(),
                tally.discarded.get(), tally.failed.get(), tally.dropped.get(), tally.throttled.get(), reads,
                new TreeMap<>(tally.failures));
    }

    /** Counts shared by the event's deliveries. */
    private static final class Tally {
        final AtomicInteger delivered = new AtomicInteger();
        final AtomicInteger gone = new AtomicInteger();
        final AtomicInteger discarded = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicInteger throttled = new AtomicInteger();
        final Map<String, Integer> failures = new ConcurrentHashMap<>();

        void failed(String reason) {
            failed.incrementAndGet();
            failures.merge(reason == null ? "UNKNOWN" : reason, 1, Integer::sum);
        }
    }

    private boolean acquire(Semaphore permits, long deadline) {
        long left = deadline - nanoTime.getAsLong();
        if (left <= 0) {
            return false;
        }
        try {
            return permits.tryAcquire(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One connection's messages, in order; it stops at the deadline or when the connection is found gone. */
    private void deliver(String connectionId, List<String> messages, long deadline, Tally tally) {
        for (int i = 0; i < messages.size(); i++) {
            switch (send(connectionId, messages.get(i), deadline, tally)) {
                case DELIVERED -> tally.delivered.incrementAndGet();
                case FAILED -> {
                    // Counted with its reason by send; the connection may take the next one.
                }
                case DROPPED -> {
                    tally.dropped.addAndGet(messages.size() - i);
                    return;
                }
                case GONE -> {
                    tally.gone.incrementAndGet();
                    tally.discarded.addAndGet(messages.size() - i);
                    forget(connectionId);
                    return;
                }
            }
        }
    }

    private enum Sent { DELIVERED, GONE, FAILED, DROPPED }

    private Sent send(String connectionId, String message, long deadline, Tally tally) {
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                try {
                    backoff.accept(attempt);
                } catch (RuntimeException e) {
                    // Interrupted: the function is ending.
                    return Sent.DROPPED;
                }
            }
            if (nanoTime.getAsLong() - deadline >= 0) {
                return Sent.DROPPED;
            }
            Pusher.Result result;
            try {
                result = pusher.push(connectionId, message);
            } catch (RuntimeException e) {
                result = new Pusher.Result(Pusher.Outcome.FAILED, e.getClass().getSimpleName());
            }
            switch (result.outcome()) {
                case DELIVERED -> {
                    return Sent.DELIVERED;
                }
                case GONE -> {
                    return Sent.GONE;
                }
                case THROTTLED -> {
                    tally.throttled.incrementAndGet();
                    if (attempt == MAX_ATTEMPTS) {
                        tally.failed(result.reason());
                        return Sent.FAILED;
                    }
                }
                case FAILED -> {
                    tally.failed(result.reason());
                    return Sent.FAILED;
                }
            }
        }
    }

    /** A gone connection's items, as its $disconnect would delete them; a failure is left to the TTL. */
    private void forget(String connectionId) {
        try {
            connections.delete(connectionId);
        } catch (RuntimeException e) {
            LOG.warn("A gone connection's items were not deleted; the TTL removes them: {}", e.toString());
        }
    }
}
