package dev.tradewind.market.domain.ingest;

/** Where a finished run's summary goes: the log and CloudWatch metrics in Lambda, a list in tests. */
@FunctionalInterface
public interface RunReporter {

    void report(IngestSummary summary);
}
