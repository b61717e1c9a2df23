package dev.tradewind.shared.metrics;

import dev.tradewind.shared.lambda.Priming;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * {@link Counters} as Embedded Metric Format lines on stdout, one per event, through {@link EmfMetrics}. Nothing is
 * published while SnapStart priming runs: its requests are rehearsals, not traffic.
 */
public final class EmfCounters implements Counters {

    private final Metrics metrics;
    private final String service;

    public EmfCounters(String namespace, String service) {
        this.metrics = EmfMetrics.create(namespace, service);
        this.service = service;
    }

    @Override
    public void increment(String metric) {
        if (Priming.running()) {
            return;
        }
        metrics.flushMetrics(m -> {
            m.setDefaultDimensions(DimensionSet.of("Service", service));
            m.addMetric(metric, 1, MetricUnit.COUNT);
        });
    }

    @Override
    public void increment(String metric, String dimension, String value) {
        if (Priming.running()) {
            return;
        }
        metrics.flushMetrics(m -> {
            m.setDefaultDimensions(DimensionSet.of("Service", service, dimension, value));
            m.addMetric(metric, 1, MetricUnit.COUNT);
        });
    }
}
