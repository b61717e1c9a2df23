package dev.tradewind.shared.concurrent;

import dev.tradewind.shared.logging.LogContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * One blocking read per item, each on its own virtual thread, a bounded number at a time: the answers in the items'
 * order. What a request waits on is DynamoDB's round trips, not CPU, so reads that do not depend on each other are
 * not made one after another.
 */
public final class Concurrently {

    /** Reads in flight at once by default: well under the DynamoDB client's pool of 50 connections. */
    public static final int READS_IN_FLIGHT = 16;

    private Concurrently() {
    }

    public static <T, R> List<R> map(List<T> items, Function<T, R> read) {
        return map(items, READS_IN_FLIGHT, read);
    }

    /**
     * Every read runs to its end before this returns, even when one fails; then the first failure in the items'
     * order is thrown as it was (a checked one wrapped).
     */
    public static <T, R> List<R> map(List<T> items, int inFlight, Function<T, R> read) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be at least 1");
        }
        if (items.size() <= 1) {
            return items.stream().map(read).toList();
        }
        Semaphore permits = new Semaphore(inFlight);
        List<Future<R>> reads = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                reads.add(executor.submit(LogContext.carried(() -> {
                    permits.acquire();
                    try {
                        return read.apply(item);
                    } finally {
                        permits.release();
                    }
                })));
            }
        }
        List<R> out = new ArrayList<>();
        try {
            for (Future<R> future : reads) {
                out.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
        return out;
    }
}
