package dev.tradewind.predict.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.predict.service.PredictionResolver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmfResolutionReporterTest {

    private static String reported(PredictionResolver.Summary summary) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new EmfResolutionReporter("TradewindTest", "tradewind").report(summary, 500, 12.5);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void report_runThatLeftDuePredictions_publishesBackloggedOne() {
        String output = reported(new PredictionResolver.Summary(500, 2, 7, 0, true));

        assertTrue(output.contains("\"Namespace\":\"TradewindTest\""), output);
        assertTrue(output.contains("\"Service\":\"predict-resolve\""), output);
        assertTrue(output.contains("\"PredictionsResolved\":500"), output);
        assertTrue(output.contains("\"ResolutionBacklogged\":1"), output);
    }

    @Test
    void report_runThatEmptiedTheQueue_publishesBackloggedZero() {
        String output = reported(new PredictionResolver.Summary(3, 0, 1, 0, false));

        assertTrue(output.contains("\"ResolutionBacklogged\":0"), output);
        assertTrue(output.contains("\"PredictionsWaiting\":1"), output);
    }
}
