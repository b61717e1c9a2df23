package dev.tradewind.shared.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ConcurrentlyTest {

    /** Long enough for a loaded machine; only a broken implementation ever waits it out. */
    private static final long PATIENCE_SECONDS = 30;

    @Test
    void map_readsAtOnce_andAnswersInTheItemsOrder() {
        CountDownLatch allStarted = new CountDownLatch(3);

        List<String> answers = Concurrently.map(List.of("a", "b", "c"), item -> {
            allStarted.countDown();
            try {
                // Returns only once all three reads are under way: one at a time, this would wait its patience out.
                return allStarted.await(PATIENCE_SECONDS, TimeUnit.SECONDS) ? item.toUpperCase() : "alone";
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertEquals(List.of("A", "B", "C"), answers);
    }

    @Test
    void map_readsLogWithTheCallersInvocationContext() {
        MDC.put("function_request_id", "request-1");
        try {
            List<String> seen = Concurrently.map(List.of("a", "b"), item -> MDC.get("function_request_id"));

            assertEquals(List.of("request-1", "request-1"), seen);
        } finally {
            MDC.remove("function_request_id");
        }
    }

    @Test
    void map_keepsAtMostTheGivenNumberOfReadsInFlight() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CyclicBarrier pairs = new CyclicBarrier(2);

        List<Integer> answers = Concurrently.map(List.of(1, 2, 3, 4, 5, 6), 2, item -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                pairs.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            inFlight.decrementAndGet();
            return item * 10;
        });

        assertEquals(List.of(10, 20, 30, 40, 50, 60), answers);
        assertEquals(2, most.get());
    }

    @Test
    void map_whenReadsFail_throwsTheFirstFailureInTheItemsOrder_afterEveryReadEnded() {
        IllegalArgumentException second = new IllegalArgumentException("second");
        AtomicInteger ended = new AtomicInteger();

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> Concurrently.map(List.of(1, 2, 3),
                item -> {
                    ended.incrementAndGet();
                    if (item == 2) {
                        throw second;
                    }
                    if (item == 3) {
                        throw new IllegalStateException("third");
                    }
                    return item;
                }));

        assertSame(second, thrown);
        assertEquals(3, ended.get());
    }

    @Test
    void map_ofOneItem_readsOnTheCallersThread() {
        Thread caller = Thread.currentThread();

        assertTrue(Concurrently.map(List.of("x"), item -> Thread.currentThread() == caller).getFirst());
    }
}
