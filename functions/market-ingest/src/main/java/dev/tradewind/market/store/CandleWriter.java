package dev.tradewind.market.store;

import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Packs candles from every series of a run into full 25-item BatchWriteItem calls on a few writer threads, so a run
 * where each series has one new candle writes as fast as one that backfills thousands. {@link #write} completes once
 * every candle handed in is stored (unprocessed items retried with back-off by {@link CandleRepository#putAll}), so
 * a series only moves its watermark past candles that are durable.
 */
public final class CandleWriter implements AutoCloseable {

    static final int BATCH = 25;

    private record Pending(Candle candle, Ticket ticket) {
    }

    private static final class Ticket {
        final AtomicInteger remaining;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Ticket(int count) {
            remaining = new AtomicInteger(count);
        }

        void written() {
            if (remaining.decrementAndGet() == 0) {
                done.complete(null);
            }
        }
    }

    private final CandleRepository repository;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final long lingerNanos;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private volatile boolean closing;

    public CandleWriter(CandleRepository repository, int writers, Duration linger) {
        this.repository = repository;
        this.lingerNanos = linger.toNanos();
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().daemon().name("candle-writer-" + i).start(this::run));
        }
    }

    public CompletableFuture<Void> write(List<Candle> candles) {
        if (candles.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Ticket ticket = new Ticket(candles.size());
        for (Candle candle : candles) {
            queue.add(new Pending(candle, ticket));
        }
        return ticket.done;
    }

    long written() {
        return written.get();
    }

    long batches() {
        return batches.get();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                long deadline = System.nanoTime() + lingerNanos;
                while (batch.size() < BATCH) {
                    long wait = deadline - System.nanoTime();
                    Pending more = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
                    if (more == null) {
                        break;
                    }
                    batch.add(more);
                    queue.drainTo(batch, BATCH - batch.size());
                }
                flush(batch);
            } catch (InterruptedException e) {
                batch.forEach(p -> p.ticket.done.completeExceptionally(e));
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void flush(List<Pending> batch) {
        // One BatchWriteItem may not name a key twice; the last write of a key wins, as it would in sequence.
        Map<CandleRepository.CandleKey, Candle> unique = new LinkedHashMap<>();
        for (Pending pending : batch) {
            Candle c = pending.candle;
            unique.put(new CandleRepository.CandleKey(c.symbol(), c.interval(), c.openTime()), c);
        }
        try {
            repository.putAll(unique.values());
            written.addAndGet(unique.size());
            batches.incrementAndGet();
            batch.forEach(p -> p.ticket.written());
        } catch (RuntimeException e) {
            batch.forEach(p -> p.ticket.done.completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        closing = true;
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
