package dev.tradewind.shared.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;

/**
 * CloudWatch Embedded Metric Format through Powertools' functional API, the one way functions publish metrics
 * (docs/operations.md#metrics). EMF is pinned to the Lambda environment (stdout): left to itself the EMF library
 * probes for an agent or EC2/ECS metadata when it is not in Lambda, which the local runtime and tests are not.
 */
public final class EmfMetrics {

    private EmfMetrics() {
    }

    /** A metrics context for one namespace and service; an empty flush writes nothing rather than failing. */
    public static Metrics create(String namespace, String service) {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
        return MetricsBuilder.builder().withNamespace(namespace).withService(service)
                .withRaiseOnEmptyMetrics(false).build();
    }

    /**
     * Builds, serializes and drops one metric the way a flush does, for SnapStart priming: the first flush of a
     * restored instance otherwise loads the EMF model, its environment and its Jackson serializers (some 90 classes,
     * most of a market order's first-request cost), and a flush while priming would publish a metric from the
     * snapshot's creation. The Lambda environment's sink is swapped for one that writes nothing; the environment a
     * real flush resolves (pinned to Lambda, so nothing is probed) is resolved too.
     */
    public static void warmUp(String namespace) {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
        new EnvironmentProvider().resolveEnvironment().join();
        MetricsLogger logger = new MetricsLogger(new LambdaEnvironment() {
            @Override
            public ISink getSink() {
                return new DiscardingSink();
            }
        });
        logger.setNamespace(namespace);
        logger.setDimensions(DimensionSet.of("Service", "snapstart-priming"));
        logger.putMetric("Priming", 1, Unit.COUNT);
        logger.flush();
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
