package dev.tradewind.shared.metrics;

import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
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
}
