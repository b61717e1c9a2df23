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

    /** docs/market-data.md: the run publishes the summary's figures, gaps given up (bars now missing for good) too. */
    @Test
    void report_publishesTheGapsGivenUp() throws Exception {
        IngestSummary summary = new IngestSummary("crypto-1h", 0, 1, "binance", Instant.parse("2022-01-03T00:02:00Z"),
                "completed", 3, 3, 0, 0, List.of(), 3, 0, Map.of(), 24, 20, 4, 0, 0, 123);
        String output = StandardOutput.capture(() -> new EmfRunReporter("TradewindTest", "tradewind").report(summary));
        assertTrue(output.contains("\"GapsDetected\":24"), output);
        assertTrue(output.contains("\"GapsAbandoned\":4"), output);
    }
}
