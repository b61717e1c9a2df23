package dev.tradewind.bench;

import java.util.function.LongSupplier;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The wall time a first-request probe spends with at least one AWS SDK call in flight, from the hook before
 * marshalling to the SDK's last (marshalling, signing, the round trip, unmarshalling), and the number of calls. A
 * call refused by an interceptor's {@code beforeExecution} (the priming write guard's) is not counted: the SDK tells
 * the hooks that already ran nothing of that failure, so a call counted from {@code beforeExecution} would stay in
 * flight for good. Calls made concurrently (the
 * signals' forecasts, the allocations' instruments) overlap and are counted once, so the figure can be set against
 * the request's own wall time. The SDK instantiates it as a global interceptor from the resource file the benchmark
 * writes beside the probe ({@link #REGISTRATION}), never from the benchmarks' own jar, whose in-process benchmarks
 * must not time their calls.
 */
public final class SdkCallClock implements ExecutionInterceptor {

    /** Where the SDK looks for global interceptors: one class name per line. */
    static final String REGISTRATION = "software/amazon/awssdk/global/handlers/execution.interceptors";

    private static final Busy BUSY = new Busy(System::nanoTime);

    @Override
    public void beforeMarshalling(Context.BeforeMarshalling context, ExecutionAttributes attributes) {
        BUSY.started();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        BUSY.ended();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        BUSY.ended();
    }

    /** Nanoseconds with a call in flight since the JVM started, up to the last call that ended. */
    static long busyNanos() {
        return BUSY.busyNanos();
    }

    static int calls() {
        return BUSY.calls();
    }

    /** The union of the calls' intervals on a ticker, so overlapping calls count once. */
    static final class Busy {

        private final LongSupplier ticker;
        private int inFlight;
        private long since;
        private long busyNanos;
        private int calls;

        Busy(LongSupplier ticker) {
            this.ticker = ticker;
        }

        synchronized void started() {
            if (inFlight++ == 0) {
                since = ticker.getAsLong();
            }
            calls++;
        }

        /** A failure the SDK reports before its first hook ran has nothing in flight to end. */
        synchronized void ended() {
            if (inFlight > 0 && --inFlight == 0) {
                busyNanos += ticker.getAsLong() - since;
            }
        }

        synchronized long busyNanos() {
            return busyNanos;
        }

        synchronized int calls() {
            return calls;
        }
    }
}
