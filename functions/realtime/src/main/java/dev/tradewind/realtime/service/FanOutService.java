package dev.tradewind.realtime.service;

import dev.tradewind.realtime.domain.Channel;
import dev.tradewind.realtime.domain.Push;
import dev.tradewind.realtime.store.ConnectionRepository;
import dev.tradewind.shared.auth.ActiveSessions;
import dev.tradewind.shared.concurrent.Concurrently;
import dev.tradewind.shared.dynamo.BatchBackoff;
import dev.tradewind.shared.logging.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * the channels concurrently). A private message (a {@code me} channel's) goes only to connections whose sign-in
 * session is still active: its subscribers' connection records are read in one BatchGetItem for their sessions, each
 * distinct session is checked once, concurrently, and a connection of an ended session, or without a record, gets
 * nothing, has its items deleted, as a gone one, and is closed (docs/realtime.md#fan-out). A failing read fails the event before
 * anything was sent, so the event's retry sends nothing twice. Then each connection gets
 * its messages in order, one connection per virtual thread, at most {@code maxInFlight} at a time. A connection that
 * is gone has its items deleted; a throttled push is sent again after an exponential backoff with full jitter, at
 * most {@value #MAX_ATTEMPTS} attempts; any other failure is counted. The event has a time budget: a message not
 * sent by then is dropped and counted, since a late push is no longer news (a push under way at the deadline
 * finishes, bounded by the client's call timeout).
 */
public final class FanOutService {

    private static final Logger LOG = LoggerFactory.getLogger(FanOutService.class);

    /** Connections pushed to at once; the Management API client's connection pool is this large. */
    public static final int MAX_IN_FLIGHT = 200;
    /** Attempts per message while it is throttled. */
    static final int MAX_ATTEMPTS = 4;

    private final ConnectionRepository connections;
    private final ActiveSessions sessions;
    private final Clock clock;
    private final Pusher pusher;
    private final IntConsumer backoff;
    private final LongSupplier nanoTime;
    private final int maxInFlight;

    public FanOutService(ConnectionRepository connections, ActiveSessions sessions, Clock clock, Pusher pusher) {
        this(connections, sessions, clock, pusher, BatchBackoff::beforeAttempt, System::nanoTime, MAX_IN_FLIGHT);
    }

    /**
     * @param backoff  waits before attempt {@code n} of a throttled message (2 for the first retry)
     * @param nanoTime the monotonic time the budget is measured on (a duration, never market time)
     */
    public FanOutService(ConnectionRepository connections, ActiveSessions sessions, Clock clock, Pusher pusher,
                         IntConsumer backoff, LongSupplier nanoTime, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.connections = connections;
        this.sessions = sessions;
        this.clock = clock;
        this.pusher = pusher;
        this.backoff = backoff;
        this.nanoTime = nanoTime;
        this.maxInFlight = maxInFlight;
    }

    /** The same fan-out through another pusher: SnapStart priming rehearses with one that sends nothing. */
    public FanOutService withPusher(Pusher other) {
        return new FanOutService(connections, sessions, clock, other, backoff, nanoTime, maxInFlight);
    }

    /**
     * What one event's fan-out did. Messages count once per connection: {@code messages} = delivered + failed +
     * dropped + discarded.
     *
     * @param pushes      the event's messages, one per channel entry
     * @param connections the connections subscribed to any of their channels
     * @param gone        connections found gone (closed, without a record, or of a sign-in session that ended),
     *                    whose items were deleted
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
        List<String> channelKeys = pushes.stream().map(Push::channelKey).distinct().toList();
        List<ConnectionRepository.Subscribers> subscribed = Concurrently.map(channelKeys, connections::subscribers);
        Map<String, List<String>> subscribersOf = new LinkedHashMap<>();
        Map<String, String> privateSubscribers = new LinkedHashMap<>();
        int reads = 0;
        for (int i = 0; i < channelKeys.size(); i++) {
            Optional<String> owner = Channel.userOfKey(channelKeys.get(i));
            reads += subscribed.get(i).reads();
            subscribersOf.put(channelKeys.get(i), subscribed.get(i).connectionIds());
            for (String connectionId : subscribed.get(i).connectionIds()) {
                owner.ifPresent(userId -> privateSubscribers.put(connectionId, userId));
            }
        }
        // Walked in the event's order, so each connection gets its messages in that order across channels.
        Map<String, List<String>> byConnection = new LinkedHashMap<>();
        for (Push push : pushes) {
            for (String connectionId : subscribersOf.get(push.channelKey())) {
                byConnection.computeIfAbsent(connectionId, key -> new ArrayList<>()).add(push.message());
            }
        }
        Set<String> withheld = endedOrGone(privateSubscribers);
        Tally tally = new Tally();
        Semaphore permits = new Semaphore(maxInFlight);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Map.Entry<String, List<String>> connection : byConnection.entrySet()) {
                if (withheld.contains(connection.getKey())) {
                    tally.gone.incrementAndGet();
                    tally.discarded.addAndGet(connection.getValue().size());
                    executor.execute(LogContext.carried(() -> {
                        forget(connection.getKey());
                        pusher.disconnect(connection.getKey());
                    }));
                    continue;
                }
                if (!acquire(permits, deadline)) {
                    tally.dropped.addAndGet(connection.getValue().size());
                    continue;
                }
                executor.execute(LogContext.carried(() -> {
                    try {
                        deliver(connection.getKey(), connection.getValue(), deadline, tally);
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        int messages = byConnection.values().stream().mapToInt(List::size).sum();
        return new Summary(pushes.size(), byConnection.size(), messages, tally.delivered.get(), tally.gone.get(),
                tally.discarded.get(), tally.failed.get(), tally.dropped.get(), tally.throttled.get(), reads,
                new TreeMap<>(tally.failures));
    }

    /** A user's sign-in session, as the connections subscribed to their {@code me} channel recorded it. */
    private record SignIn(String userId, String sessionId) {
    }

    /**
     * Of the subscribers of {@code me} channels (connection → the channel's user), those that get nothing: the ones
     * without a connection record (gone) and those of a session that is no longer active. One BatchGetItem of their
     * records, then one check per distinct session, concurrently; none of it when there are none (public channels).
     */
    private Set<String> endedOrGone(Map<String, String> privateSubscribers) {
        if (privateSubscribers.isEmpty()) {
            return Set.of();
        }
        Map<String, Optional<String>> recorded = connections.sessions(privateSubscribers.keySet());
        Set<String> withheld = new HashSet<>();
        Map<SignIn, List<String>> bySession = new LinkedHashMap<>();
        privateSubscribers.forEach((connectionId, userId) -> {
            if (!recorded.containsKey(connectionId)) {
                withheld.add(connectionId);
            }
            // A connection stored before connections recorded their session has none: it is pushed as before, and it
            // ends within API Gateway's 2 hours.
            recorded.getOrDefault(connectionId, Optional.empty()).ifPresent(sessionId -> bySession.computeIfAbsent(
                    new SignIn(userId, sessionId), key -> new ArrayList<>()).add(connectionId));
        });
        List<SignIn> signIns = List.copyOf(bySession.keySet());
        Instant now = clock.instant();
        List<Boolean> active = Concurrently.map(signIns, s -> sessions.isActive(s.userId(), s.sessionId(), now));
        for (int i = 0; i < signIns.size(); i++) {
            if (!active.get(i)) {
                withheld.addAll(bySession.get(signIns.get(i)));
            }
        }
        return withheld;
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
