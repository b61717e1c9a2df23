package dev.tradewind.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.market.domain.series.SeriesState;
import dev.tradewind.market.store.SeriesStateRepository;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.stub.MarketStubServer;
import dev.tradewind.testing.DynamoFaults;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Ingestion runs with DynamoDB failing under them (testing's {@link DynamoFaults}, over DynamoDB Local): a series
 * only moves its watermark past candles that are stored, so the next run resumes, and the stored candles end
 * complete, each once.
 */
class IngestFaultsIT {

    static final Instant NOW = IngestStubIT.NOW;
    static final List<String> CRYPTO = IngestStubIT.CRYPTO;
    static final String CRYPTO_15D = "{\"universe\": \"crypto-1h\", \"backfill\": \"P15D\"}";

    private static MarketStubServer stub;

    @RegisterExtension
    final DynamoFaults faults = new DynamoFaults();

    private IngestFixture fixture;

    @BeforeAll
    static void startStub() {
        stub = IngestFixture.startStub();
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    @BeforeEach
    void reset() {
        fixture = IngestFixture.fresh(stub);
    }

    @Test
    void ingest_throttledBatch_resumesWithoutGapsOrDuplicates() {
        faults.on("BatchWriteItem").matching(candles()).passFirst(4).times(12).provisionedThroughputExceeded();

        IngestSummary failed = fixture.run(fixture.handler(NOW, List.of(faults)), IngestStubIT.CRYPTO_10D);

        assertTrue(failed.failed() > 0, failed.toString());
        assertTrue(failed.failures().stream().allMatch(f -> f.reason().equals("STORE_ERROR")), failed.toString());
        assertWatermarksOnlyPastStoredCandles();
        assertResumesComplete();
    }

    @Test
    void ingest_batchStoredButAnswerLost_resumesWithoutGapsOrDuplicates() {
        faults.on("BatchWriteItem").matching(candles()).passFirst(4).times(12).afterSend().attemptTimeout();

        IngestSummary failed = fixture.run(fixture.handler(NOW, List.of(faults)), IngestStubIT.CRYPTO_10D);

        assertTrue(failed.failed() > 0, failed.toString());
        assertWatermarksOnlyPastStoredCandles();
        assertResumesComplete();
    }

    @Test
    void ingest_stateSaveLostAfterWrite_isNotSavedTwice_andTheNextRunWritesNothing() {
        faults.on("PutItem").matching(seriesState()).afterSend().attemptTimeout().times(1);

        IngestSummary summary = fixture.run(fixture.handler(NOW, List.of(faults)), IngestStubIT.CRYPTO_10D);

        assertEquals("completed", summary.status(), summary.toString());
        assertEquals(1, faults.injected());
        IngestSummary again = fixture.run(fixture.handler(NOW), IngestStubIT.CRYPTO_10D);
        assertEquals(0, again.candlesWritten(), "the state the SDK's retry found already stored was kept");
        assertResumesComplete();
    }

    @Test
    void ingest_stateSaveThrottled_reportsTheRun_andTheNextRunResumesWithoutGapsOrDuplicates() {
        faults.on("PutItem").matching(seriesState()).provisionedThroughputExceeded();

        IngestSummary summary = fixture.run(fixture.handler(NOW, List.of(faults)), IngestStubIT.CRYPTO_10D);

        assertEquals("partial", summary.status(), summary.toString());
        assertEquals(List.of("STATE_NOT_SAVED"), summary.failures().stream().map(IngestSummary.Failure::reason)
                .toList());
        assertEquals(3, summary.ok(), "every series stored its candles");
        assertWatermarksOnlyPastStoredCandles();
        assertResumesComplete();
    }

    @Test
    void ingest_deeperBackfillFailingAfterItsFirstPage_isFetchedAgainByTheNextRun() {
        fixture.set("INGEST_CONCURRENCY", "1").set("BINANCE_MAX_CONCURRENCY", "1");
        fixture.run(fixture.handler(NOW), IngestStubIT.CRYPTO_10D);
        // Five more days are 120 bars, fetched oldest first in pages of 100: the second page (20 bars) is not stored.
        Instant coveredFrom = NOW.minus(Duration.ofDays(10));
        faults.on("BatchWriteItem").matching(candlesOpenedIn(coveredFrom.minus(Duration.ofHours(20)), coveredFrom))
                .provisionedThroughputExceeded();

        IngestSummary failed = fixture.run(fixture.handler(NOW, List.of(faults)), CRYPTO_15D);

        assertEquals(3, failed.failed(), failed.toString());
        assertEquals(3 * 100, failed.candlesWritten());
        faults.clearRules();
        IngestSummary resumed = fixture.run(fixture.handler(NOW), CRYPTO_15D);
        assertEquals("completed", resumed.status(), resumed.toString());
        for (String symbol : CRYPTO) {
            List<Candle> expected = expected(symbol, Duration.ofDays(15));
            List<Candle> stored = IngestFixture.stored(symbol, Interval.H1);
            assertEquals(expected.size(), stored.size(), symbol + ": the 20 bars of the failed page are not lost");
            assertEquals(expected, stored, symbol);
        }
    }

    /** Where a series' saved watermark is, every candle up to it is stored. */
    private static void assertWatermarksOnlyPastStoredCandles() {
        SeriesStateRepository states = new SeriesStateRepository(IngestFixture.client(), IngestFixture.TABLE);
        for (String symbol : CRYPTO) {
            Optional<Instant> latest = states.find(AssetClass.CRYPTO, Interval.H1, symbol).map(SeriesState::latest);
            if (latest.isEmpty() || latest.get() == null) {
                continue;
            }
            List<Candle> expected = expected(symbol).stream()
                    .filter(c -> !c.openTime().isAfter(latest.get())).toList();
            List<Candle> stored = IngestFixture.stored(symbol, Interval.H1).stream()
                    .filter(c -> !c.openTime().isAfter(latest.get())).toList();
            assertEquals(expected, stored, symbol + " up to its watermark " + latest.get());
        }
    }

    /** A run without faults completes, and every closed bar is stored once. */
    private void assertResumesComplete() {
        faults.clearRules();
        IngestSummary resumed = fixture.run(fixture.handler(NOW), IngestStubIT.CRYPTO_10D);
        assertEquals("completed", resumed.status(), resumed.toString());
        for (String symbol : CRYPTO) {
            List<Candle> expected = expected(symbol);
            assertEquals(expected, IngestFixture.stored(symbol, Interval.H1), symbol);
            assertEquals(expected.getLast().openTime(), new SeriesStateRepository(IngestFixture.client(),
                    IngestFixture.TABLE).find(AssetClass.CRYPTO, Interval.H1, symbol).orElseThrow().latest());
        }
    }

    /** What the venue has closed by NOW in the 10-day window: what must end up stored. */
    private static List<Candle> expected(String symbol) {
        return expected(symbol, Duration.ofDays(10));
    }

    private static List<Candle> expected(String symbol, Duration backfill) {
        return stub.bars(symbol, NOW.minus(backfill), null).stream()
                .filter(c -> !c.openTime().plus(Duration.ofHours(1)).isAfter(NOW)).toList();
    }

    private static Predicate<SdkRequest> candles() {
        return candlesOpenedIn(Instant.MIN, Instant.MAX);
    }

    /** Batches holding a candle that opened in [{@code from}, {@code to}). */
    private static Predicate<SdkRequest> candlesOpenedIn(Instant from, Instant to) {
        return request -> request instanceof BatchWriteItemRequest batch && batch.requestItems().values().stream()
                .flatMap(List::stream).map(WriteRequest::putRequest)
                .filter(put -> put != null && put.item().get("pk").s().startsWith("CANDLE#"))
                .map(put -> Instant.parse(put.item().get("sk").s()))
                .anyMatch(open -> !open.isBefore(from) && open.isBefore(to));
    }

    private static Predicate<SdkRequest> seriesState() {
        return request -> request instanceof PutItemRequest put && put.item().get("pk").s().startsWith("SERIES#");
    }
}
