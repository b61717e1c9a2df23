package dev.tradewind.local.lambda;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * Runs functions asynchronously, retrying a failed invocation as Lambda retries an asynchronous one: up to a number
 * of retries, while the event is younger than a maximum age, both measured on the wall clock. The waits between
 * attempts are shorter than Lambda's (about 1 then 2 min): {@link #WALL_BACKOFF}, 1, 2, 4 ... s, at most 30 s.
 */
public final class AsyncInvoker implements AutoCloseable {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final int THREADS = 8;

    /** The wait before retry number {@code attempt + 1}: 1, 2, 4 ... s, at most 30 s. */
    public static final IntFunction<Duration> WALL_BACKOFF = attempt -> {
        Duration backoff = Duration.ofSeconds(1L << Math.min(attempt, 5));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    };

    /** What became of one asynchronous invocation; called on the invoker's threads. */
    @FunctionalInterface
    public interface Listener {
        /** No attempt left, or the event too old: {@code attempts} made, the last one's {@code reason}. */
        void gaveUp(int attempts, String reason);

        default void delivered() {
        }

        default void retrying() {
        }

        /** The invoker stopped before the invocation ran. */
        default void abandoned() {
        }
    }

    private final BiFunction<String, byte[], Invocation> invoker;
    private final IntFunction<Duration> backoff;
    private final ExecutorService invocations;
    private final ScheduledExecutorService retries;

    /**
     * @param invoker runs a function (by logical id) with a payload and returns the invocation outcome
     * @param backoff the wait before retry number {@code attempt + 1}; {@link #WALL_BACKOFF} but in tests
     */
    public AsyncInvoker(String name, BiFunction<String, byte[], Invocation> invoker, IntFunction<Duration> backoff) {
        this.invoker = invoker;
        this.backoff = backoff;
        // Platform threads: an invocation may start a function instance, whose class loading pins a virtual thread.
        this.invocations = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name(name + "-", 1).factory());
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name(name + "-retries").factory());
        scheduler.setRemoveOnCancelPolicy(true);
        this.retries = scheduler;
    }

    /** Runs {@code functionId} on {@code payload} in the background, retried as said. */
    public void invoke(String functionId, byte[] payload, int maximumRetryAttempts, int maximumEventAgeSeconds,
                       Listener listener) {
        long acceptedAt = System.nanoTime();
        submit(() -> attempt(functionId, payload, maximumRetryAttempts, maximumEventAgeSeconds, listener, 0,
                acceptedAt), listener);
    }

    private void attempt(String functionId, byte[] payload, int maximumRetryAttempts, int maximumEventAgeSeconds,
                         Listener listener, int attempt, long acceptedAt) {
        Invocation invocation;
        try {
            invocation = invoker.apply(functionId, payload);
        } catch (RuntimeException e) {
            listener.gaveUp(attempt + 1, e.toString());
            return;
        }
        if (!invocation.failed()) {
            listener.delivered();
            return;
        }
        String reason = invocation.error().errorType() + ": " + invocation.error().errorMessage();
        Duration wait = backoff.apply(attempt);
        Duration age = Duration.ofNanos(System.nanoTime() - acceptedAt).plus(wait);
        if (attempt >= maximumRetryAttempts || age.getSeconds() >= maximumEventAgeSeconds) {
            listener.gaveUp(attempt + 1, reason);
            return;
        }
        listener.retrying();
        try {
            retries.schedule(() -> submit(() -> attempt(functionId, payload, maximumRetryAttempts,
                    maximumEventAgeSeconds, listener, attempt + 1, acceptedAt), listener), wait.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            listener.abandoned();
        }
    }

    private void submit(Runnable attempt, Listener listener) {
        try {
            invocations.execute(attempt);
        } catch (RejectedExecutionException e) {
            listener.abandoned();
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
        invocations.shutdownNow();
    }
}
