package dev.tradewind.market.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.market.domain.ingest.Universe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfRunReporterTest {

    @Test
    void report_writesCloudWatchEmbeddedMetricsToStdout() {
        IngestSummary summary = new IngestSummary("crypto-1h", 0, 1, "binance", Instant.parse("2022-01-03T00:02:00Z"),
                "partial", 3, 2, 1, 0, List.of(new IngestSummary.Failure("ETHUSDT", "TIMEOUT", "slow")), 48, 1,
                Map.of("NOT_CLOSED", 1), 0, 0, 0, 0, 0, 123);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new EmfRunReporter("TradewindTest", "tradewind").report(summary);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("\"_aws\""), output);
        assertTrue(output.contains("\"Namespace\":\"TradewindTest\""), output);
        assertTrue(output.contains("\"CandlesWritten\":48"), output);
        assertTrue(output.contains("\"Universe\":\"crypto-1h\""), output);
    }
}
