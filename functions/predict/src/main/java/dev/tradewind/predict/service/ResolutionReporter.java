package dev.tradewind.predict.service;

/** Where a scheduled resolution run reports what it did: a log line and metrics in Lambda, a list in tests. */
@FunctionalInterface
public interface ResolutionReporter {

    void report(PredictionResolver.Summary summary, int limit, double durationMs);
}
