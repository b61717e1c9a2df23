package dev.tradewind.market.store;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.json;

import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.market.domain.ingest.RunReporter;
import dev.tradewind.market.domain.ingest.Universe;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.metrics.EmfMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Reports a run as one JSON log line ({@code "message": "Ingest run finished", "summary": {...}}) and as CloudWatch
 * Embedded Metric Format metrics ({@link EmfMetrics}; namespace from configuration, dimensions service and universe).
 */
public final class EmfRunReporter implements RunReporter {

    private static final Logger LOG = LoggerFactory.getLogger(EmfRunReporter.class);

    private final Metrics metrics;

    public EmfRunReporter(String namespace, String service) {
        this.metrics = EmfMetrics.create(namespace, service);
    }

    @Override
    public void report(IngestSummary summary) {
        LOG.info("Ingest run finished", json("summary", Json.write(summary)));
        EmfMetrics.flush(metrics, m -> {
            m.setDefaultDimensions(DimensionSet.of("Service", "market-ingest", "Universe", summary.universe()));
            m.addMetric("SymbolsOk", summary.ok(), MetricUnit.COUNT);
            m.addMetric("SymbolsFailed", summary.failed(), MetricUnit.COUNT);
            m.addMetric("SymbolsDeferred", summary.deferred(), MetricUnit.COUNT);
            m.addMetric("CandlesWritten", summary.candlesWritten(), MetricUnit.COUNT);
            m.addMetric("CandlesRejected", summary.rejected(), MetricUnit.COUNT);
            m.addMetric("GapsDetected", summary.gapsDetected(), MetricUnit.COUNT);
            m.addMetric("GapsFilled", summary.gapsFilled(), MetricUnit.COUNT);
            m.addMetric("GapsAbandoned", summary.gapsAbandoned(), MetricUnit.COUNT);
            m.addMetric("StaleInstruments", summary.staleInstruments(), MetricUnit.COUNT);
            m.addMetric("RunDuration", summary.durationMs(), MetricUnit.MILLISECONDS);
            m.addMetric("RunInterrupted", summary.interrupted() ? 1 : 0, MetricUnit.COUNT);
            m.addMetadata("shard", summary.shard() + "/" + summary.shards());
        });
    }
}
