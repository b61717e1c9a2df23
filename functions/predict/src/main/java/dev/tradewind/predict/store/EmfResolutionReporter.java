package dev.tradewind.predict.store;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.tradewind.predict.service.PredictionResolver;
import dev.tradewind.predict.service.ResolutionReporter;
import dev.tradewind.shared.metrics.EmfMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Reports a resolution run as one JSON log line and as metrics (dimension {@code Service=predict-resolve}).
 * {@code ResolutionLag} is how long after it was due the most belated part of a prediction the run resolved was
 * resolved, each part from its own due time.
 * {@code ResolutionBacklogged} is 1 when the run left due predictions for the next one: the backlog alarm fires
 * when three hourly runs in a row say so (docs/operations.md#alarms).
 */
public final class EmfResolutionReporter implements ResolutionReporter {

    private static final Logger LOG = LoggerFactory.getLogger(EmfResolutionReporter.class);

    private final Metrics metrics;

    public EmfResolutionReporter(String namespace, String service) {
        this.metrics = EmfMetrics.create(namespace, service);
    }

    @Override
    public void report(PredictionResolver.Summary summary, int limit, double durationMs) {
        LOG.info("Prediction resolution run", entry("resolved", summary.resolved()),
                entry("unresolvable", summary.unresolvable()), entry("waiting", summary.waiting()),
                entry("lost", summary.lost()), entry("more", summary.more()),
                entry("maxLagSeconds", summary.maxLag().toSeconds()), entry("limit", limit),
                entry("durationMs", durationMs));
        EmfMetrics.flush(metrics, m -> {
            m.setDefaultDimensions(DimensionSet.of("Service", "predict-resolve"));
            m.addMetric("PredictionsResolved", summary.resolved(), MetricUnit.COUNT);
            m.addMetric("PredictionsUnresolvable", summary.unresolvable(), MetricUnit.COUNT);
            m.addMetric("PredictionsWaiting", summary.waiting(), MetricUnit.COUNT);
            m.addMetric("PredictionsLost", summary.lost(), MetricUnit.COUNT);
            m.addMetric("ResolutionBacklogged", summary.more() ? 1 : 0, MetricUnit.COUNT);
            m.addMetric("ResolutionDuration", durationMs, MetricUnit.MILLISECONDS);
            m.addMetric("ResolutionLag", summary.maxLag().toSeconds(), MetricUnit.SECONDS);
        });
    }
}
