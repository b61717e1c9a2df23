package dev.tradewind.shared.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.testing.StandardOutput;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

class EmfMetricsTest {

    @Test
    void flush_whilePrimingRuns_fillsARehearsalAndPublishesNothing() throws Exception {
        Metrics published = mock(Metrics.class);
        AtomicInteger filled = new AtomicInteger();
        Priming priming = Priming.builder("emf-metrics-test").step("flush", () -> EmfMetrics.flush(published, m -> {
            m.addMetric("Fills", 1, MetricUnit.COUNT);
            filled.incrementAndGet();
        })).build();

        String output = StandardOutput.capture(() -> {
            Priming.Report report = priming.prime();
            assertEquals(Priming.DONE, report.outcome("flush"), report.toString());
        });

        assertEquals(1, filled.get());
        verifyNoInteractions(published);
        assertFalse(output.contains("_aws"), output);
    }

    @Test
    void warmUp_resolvesTheEnvironmentAndItsSink_andWritesNothing() throws Exception {
        String output = StandardOutput.capture(() -> EmfMetrics.warmUp("EmfMetricsTest"));

        assertEquals("", output);
    }

    @Test
    @SuppressWarnings("unchecked")
    void flush_outsidePriming_goesThroughTheGivenMetrics() {
        Metrics published = mock(Metrics.class);
        Consumer<Metrics> fill = mock(Consumer.class);

        EmfMetrics.flush(published, fill);

        verify(published).flushMetrics(fill);
    }
}
