package dev.tradewind.market.store;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.json;

import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.market.domain.ingest.RunReporter;
import dev.tradewind.market.domain.ingest.Universe;
import dev.tradewind.shared.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Reports a run as one JSON log line ({@code "message": "Ingest run finished", "summary": {...}}) and as CloudWatch
 * Embedded Metric Format metrics through Powertools' functional API (namespace from configuration, dimensions
 * service and universe). EMF is pinned to the Lambda environment (stdout): left to itself the EMF library probes
 * for an agent or EC2/ECS metadata when it is not in Lambda, which the local runtime and tests are not.
 */
public final class EmfRunReporter implements RunReporter {

    private static final Logger LOG = LoggerFactory.getLogger(EmfRunReporter.class);

    private final Metrics metrics;

    public EmfRunReporter(String namespace, String service) {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
        this.metrics = MetricsBuilder.builder().withNamespace(namespace).withService(service)
                .withRaiseOnEmptyMetrics(false).build();
    }

    @Override
    public void report(IngestSummary summary) {
        LOG.info("Ingest run finished", json("summary", Json.write(summary)));
        metrics.flushMetrics(m -> {
            m.setDefaultDimensions(DimensionSet.of("Service", "market-ingest", "Universe", summary.universe()));
            m.addMetric("SymbolsOk", summary.ok(), MetricUnit.COUNT);
            m.addMetric("SymbolsFailed", summary.failed(), MetricUnit.COUNT);
            m.addMetric("SymbolsDeferred", summary.deferred(), MetricUnit.COUNT);
            m.addMetric("CandlesWritten", summary.candlesWritten(), MetricUnit.COUNT);
            m.addMetric("CandlesRejected", summary.rejected(), MetricUnit.COUNT);
            m.addMetric("GapsDetected", summary.gapsDetected(), MetricUnit.COUNT);
            m.addMetric("GapsFilled", summary.gapsFilled(), MetricUnit.COUNT);
            m.addMetric("StaleInstruments", summary.staleInstruments(), MetricUnit.COUNT);
            m.addMetric("RunDuration", summary.durationMs(), MetricUnit.MILLISECONDS);
            m.addMetric("RunInterrupted", summary.interrupted() ? 1 : 0, MetricUnit.COUNT);
            m.addMetadata("shard", summary.shard() + "/" + summary.shards());
        });
    }
}
