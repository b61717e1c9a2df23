package dev.tradewind.shared.metrics;

import java.util.function.Consumer;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * {@link Counters} as Embedded Metric Format lines on stdout, one per event, through {@link EmfMetrics}. Nothing is
 * published while SnapStart priming runs ({@link EmfMetrics#flush}).
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
        flush(m -> {
            m.setDefaultDimensions(DimensionSet.of("Service", service));
            m.addMetric(metric, 1, MetricUnit.COUNT);
        });
    }

    @Override
    public void increment(String metric, String dimension, String value) {
        flush(m -> {
            m.setDefaultDimensions(DimensionSet.of("Service", service, dimension, value));
            m.addMetric(metric, 1, MetricUnit.COUNT);
        });
    }

    private void flush(Consumer<Metrics> fill) {
        EmfMetrics.flush(metrics, fill);
    }
}
