package dev.tradewind.predict.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.predict.service.PredictionResolver;
import dev.tradewind.testing.StandardOutput;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmfResolutionReporterTest {

    private static String reported(PredictionResolver.Summary summary) throws Exception {
        return StandardOutput.capture(() -> new EmfResolutionReporter("TradewindTest", "tradewind")
                .report(summary, 500, 12.5));
    }

    @Test
    void report_runThatLeftDuePredictions_publishesBackloggedOne() throws Exception {
        String output = reported(new PredictionResolver.Summary(500, 2, 7, 0, true, Duration.ofMinutes(95)));

        assertTrue(output.contains("\"Namespace\":\"TradewindTest\""), output);
        assertTrue(output.contains("\"Service\":\"predict-resolve\""), output);
        assertTrue(output.contains("\"PredictionsResolved\":500"), output);
        assertTrue(output.contains("\"ResolutionBacklogged\":1"), output);
        assertTrue(output.contains("\"ResolutionLag\":5700"), output);
    }

    @Test
    void report_runThatEmptiedTheQueue_publishesBackloggedZero() throws Exception {
        String output = reported(new PredictionResolver.Summary(3, 0, 1, 0, false, Duration.ZERO));

        assertTrue(output.contains("\"ResolutionBacklogged\":0"), output);
        assertTrue(output.contains("\"PredictionsWaiting\":1"), output);
    }
}
