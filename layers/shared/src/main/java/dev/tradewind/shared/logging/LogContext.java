package dev.tradewind.shared.logging;

import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * The invocation's log context (Powertools' {@code function_request_id}, {@code function_name}, ... and the
 * {@code correlation_id}) carried into a task that runs on another thread. Threads never inherit it
 * ({@link ThreadMdc}), so without this what a worker logs names no invocation (docs/operations.md#logs).
 */
public final class LogContext {

    /** The MDC key Powertools writes as {@code correlation_id}: the API request id a client sees as requestId. */
    private static final String CORRELATION_ID = "correlation_id";

    private LogContext() {
    }

    /** Names the request every line this thread logs is about, until {@link #endCorrelation}; nothing when null. */
    public static void correlate(String requestId) {
        if (requestId != null) {
            MDC.put(CORRELATION_ID, requestId);
        }
    }

    public static void endCorrelation() {
        MDC.remove(CORRELATION_ID);
    }

    /** {@code task}, run with the log context of the thread calling this; the worker's own is restored after. */
    public static <T> Callable<T> carried(Callable<T> task) {
        Map<String, String> context = copy();
        return () -> {
            Map<String, String> own = copy();
            MDC.setContextMap(context);
            try {
                return task.call();
            } finally {
                MDC.setContextMap(own);
            }
        };
    }

    /** As {@link #carried(Callable)}, for a task with no result. */
    public static Runnable carried(Runnable task) {
        Map<String, String> context = copy();
        return () -> {
            Map<String, String> own = copy();
            MDC.setContextMap(context);
            try {
                task.run();
            } finally {
                MDC.setContextMap(own);
            }
        };
    }

    private static Map<String, String> copy() {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return context == null ? Map.of() : context;
    }
}
