package dev.tradewind.realtime.store;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.json;

import dev.tradewind.realtime.service.FanOutReporter;
import dev.tradewind.realtime.service.FanOutService;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.metrics.EmfMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Reports an event's fan-out as one JSON log line and as metrics (docs/operations.md#metrics; dimension
 * {@code Service}): {@code PushesDelivered}, {@code PushesFailed}, {@code PushesDropped} (messages) and
 * {@code ConnectionsGone} (closed, or of an ended sign-in session). No metrics while SnapStart priming runs: its
 * events are rehearsals.
 */
public final class EmfFanOutReporter implements FanOutReporter {

    private static final Logger LOG = LoggerFactory.getLogger(EmfFanOutReporter.class);

    private final Metrics metrics;
    private final String service;

    public EmfFanOutReporter(String namespace, String service) {
        this.metrics = EmfMetrics.create(namespace, service);
        this.service = service;
    }

    @Override
    public void report(String detailType, FanOutService.Summary summary, double durationMs) {
        LOG.info("Event fanned out", entry("detailType", detailType), entry("pushes", summary.pushes()),
                entry("connections", summary.connections()), entry("messages", summary.messages()),
                entry("delivered", summary.delivered()), entry("gone", summary.gone()),
                entry("discarded", summary.discarded()), entry("failed", summary.failed()),
                entry("dropped", summary.dropped()), entry("throttled", summary.throttled()),
                entry("reads", summary.reads()), json("failures", Json.write(summary.failures())),
                entry("durationMs", durationMs));
        EmfMetrics.flush(metrics, m -> {
            m.setDefaultDimensions(DimensionSet.of("Service", service));
            m.addMetric("PushesDelivered", summary.delivered(), MetricUnit.COUNT);
            m.addMetric("PushesFailed", summary.failed(), MetricUnit.COUNT);
            m.addMetric("PushesDropped", summary.dropped(), MetricUnit.COUNT);
            m.addMetric("ConnectionsGone", summary.gone(), MetricUnit.COUNT);
            m.addMetadata("detailType", detailType);
        });
    }
}
