package dev.tradewind.market.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.market.domain.ingest.Universe;
import dev.tradewind.testing.StandardOutput;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfRunReporterTest {

    @Test
    void report_writesCloudWatchEmbeddedMetricsToStdout() throws Exception {
        IngestSummary summary = new IngestSummary("crypto-1h", 0, 1, "binance", Instant.parse("2022-01-03T00:02:00Z"),
                "partial", 3, 2, 1, 0, List.of(new IngestSummary.Failure("ETHUSDT", "TIMEOUT", "slow")), 48, 1,
                Map.of("NOT_CLOSED", 1), 0, 0, 0, 0, 0, 123);
        String output = StandardOutput.capture(() -> new EmfRunReporter("TradewindTest", "tradewind").report(summary));
        assertTrue(output.contains("\"_aws\""), output);
        assertTrue(output.contains("\"Namespace\":\"TradewindTest\""), output);
        assertTrue(output.contains("\"CandlesWritten\":48"), output);
        assertTrue(output.contains("\"Universe\":\"crypto-1h\""), output);
    }
}
