package dev.tradewind.shared.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tradewind.shared.lambda.Priming;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;
import software.amazon.lambda.powertools.metrics.internal.RequestScopedMetricsProxy;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * CloudWatch Embedded Metric Format through Powertools' functional API, the one way functions publish metrics
 * (docs/operations.md#metrics). EMF is pinned to the Lambda environment (stdout): left to itself the EMF library
 * probes for an agent or EC2/ECS metadata when it is not in Lambda, which the local runtime and tests are not.
 */
public final class EmfMetrics {

    private static final String REHEARSAL_NAMESPACE = "SnapStartPriming";

    private EmfMetrics() {
    }

    /** A metrics context for one namespace and service; an empty flush writes nothing rather than failing. */
    public static Metrics create(String namespace, String service) {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
        return MetricsBuilder.builder().withNamespace(namespace).withService(service)
                .withRaiseOnEmptyMetrics(false).build();
    }

    /**
     * Publishes what {@code fill} adds as one EMF line through {@code metrics}. While SnapStart priming runs, the
     * same calls go through Powertools' own logger into a sink that serializes the line and drops it: a primed
     * request is a rehearsal, not traffic, yet the first counted request of a restored instance should find
     * Powertools' flush path (its logger, units, validation, the EMF model and serializers) loaded and run. The
     * rehearsal's namespace is its own: the line is dropped, so only its validity matters.
     */
    public static void flush(Metrics metrics, Consumer<Metrics> fill) {
        (Priming.running() ? rehearsal(REHEARSAL_NAMESPACE) : metrics).flushMetrics(fill);
    }

    /**
     * Builds, serializes and drops one metric the way a flush does, for SnapStart priming (see {@link #flush}),
     * and resolves the environment a real flush resolves (pinned to Lambda, so nothing is probed), which the EMF
     * library caches for the process, with the stdout sink it creates on first use: creating it writes nothing.
     */
    public static void warmUp(String namespace) {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
        new EnvironmentProvider().resolveEnvironment().join().getSink();
        rehearsal(namespace).flushMetrics(m -> m.addMetric("Priming", 1, MetricUnit.COUNT));
    }

    /**
     * What Powertools' builder gives {@link #create}, its request-scoped proxy, around its EMF logger (both internal
     * classes of Powertools 2, public) over a Lambda environment whose sink writes nothing: a flush through it runs
     * the proxy's per-request lookup too, which a restored instance's first counted request would otherwise load.
     * Not through the builder, whose provider would replace the process's own.
     */
    private static Metrics rehearsal(String namespace) {
        Metrics metrics = new RequestScopedMetricsProxy(
                () -> new EmfMetricsLogger(new DiscardingEnvironmentProvider(), new MetricsContext()));
        metrics.setNamespace(namespace);
        metrics.setRaiseOnEmptyMetrics(false);
        metrics.setDefaultDimensions(DimensionSet.of("Service", "snapstart-priming"));
        return metrics;
    }

    private static final class DiscardingEnvironmentProvider extends EnvironmentProvider {
        private final Environment environment = new LambdaEnvironment() {
            @Override
            public ISink getSink() {
                return new DiscardingSink();
            }
        };

        @Override
        public CompletableFuture<Environment> resolveEnvironment() {
            return CompletableFuture.completedFuture(environment);
        }
    }

    private static final class DiscardingSink implements ISink {
        @Override
        public void accept(MetricsContext context) {
            try {
                context.serialize();
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
