package dev.tradewind.shared.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.testing.StandardOutput;
import org.junit.jupiter.api.Test;

class EmfCountersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void increment_withAReason_writesOneEmfLineWithBothDimensions() throws Exception {
        String output = StandardOutput.capture(() -> new EmfCounters("TradewindTest", "trading-session")
                .increment("OrdersRejected", "Reason", "INSUFFICIENT_CASH"));

        JsonNode line = JSON.readTree(output.strip());
        assertEquals(1, line.get("OrdersRejected").asInt());
        assertEquals("trading-session", line.get("Service").asText());
        assertEquals("INSUFFICIENT_CASH", line.get("Reason").asText());
        JsonNode metric = line.at("/_aws/CloudWatchMetrics/0");
        assertEquals("TradewindTest", metric.get("Namespace").asText());
        assertEquals("[[\"Service\",\"Reason\"]]", metric.get("Dimensions").toString());
    }

    @Test
    void increment_twice_writesTwoSeparateCounts() throws Exception {
        EmfCounters counters = new EmfCounters("TradewindTest", "auth");

        String output = StandardOutput.capture(() -> {
            counters.increment("SignIns");
            counters.increment("SignIns");
        });

        assertEquals(2, output.strip().lines().count(), output);
        assertTrue(output.lines().allMatch(line -> line.contains("\"SignIns\":1")), output);
    }

    @Test
    void increment_whilePrimingRuns_publishesNothingAndStillCountsAfterwards() throws Exception {
        EmfCounters counters = new EmfCounters("TradewindTest", "trading-session");
        Priming priming = Priming.builder("emf-counters-test").step("count", () -> {
            counters.increment("OrdersPlaced", "Status", "FILLED");
            counters.increment("Fills");
            return Priming.DONE;
        }).build();

        String duringPriming = StandardOutput.capture(() -> {
            Priming.Report report = priming.prime();
            assertEquals(Priming.DONE, report.outcome("count"), report.toString());
        });
        String afterwards = StandardOutput.capture(() -> counters.increment("Fills"));

        assertFalse(duringPriming.contains("_aws"), duringPriming);
        assertEquals(1, JSON.readTree(afterwards.strip()).get("Fills").asInt(), afterwards);
    }
}
