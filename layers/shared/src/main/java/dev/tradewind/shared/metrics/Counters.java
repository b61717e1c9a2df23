package dev.tradewind.shared.metrics;

/**
 * Business events counted as CloudWatch metrics (docs/operations.md#metrics): services report what happened, the
 * wiring decides where it goes. Each count is published on its own, so nothing waits for the end of a request and
 * concurrent requests never share a context.
 */
public interface Counters {

    /** Counts one {@code metric} with the function's {@code Service} dimension only. */
    void increment(String metric);

    /** Counts one {@code metric} with one more dimension, e.g. a refusal's reason. */
    void increment(String metric, String dimension, String value);
}
