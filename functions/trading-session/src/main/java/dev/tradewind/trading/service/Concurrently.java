package dev.tradewind.trading.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** One blocking read per item, each on its own virtual thread: the answers in the items' order. */
final class Concurrently {

    private Concurrently() {
    }

    static <T, R> List<R> map(List<T> items, Function<T, R> read) {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> reads = new ArrayList<>();
            for (T item : items) {
                reads.add(executor.submit(() -> read.apply(item)));
            }
            List<R> out = new ArrayList<>();
            for (Future<R> future : reads) {
                out.add(future.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
