package dev.tradewind.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.market.domain.series.Gap;
import dev.tradewind.market.domain.series.SeriesState;
import dev.tradewind.market.store.SeriesStateRepository;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.NyseCalendar;
import dev.tradewind.stub.Fault.Endpoint;
import dev.tradewind.stub.Fault;
import dev.tradewind.stub.MarketStubServer;
import dev.tradewind.testing.StandardOutput;
import dev.tradewind.testing.TestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingestion run against the stub venues (real response shapes from the bundled history) and DynamoDB Local:
 * paging, every fault the venues produce, validation, gaps, deadlines, idempotence.
 */
class IngestStubIT {

    /** Half past midnight: the bar that opened at 00:00 is still in progress. */
    static final Instant NOW = Instant.parse("2022-01-03T00:30:00Z");
    private static final Instant ON_THE_HOUR = NOW.truncatedTo(ChronoUnit.HOURS);
    static final String CRYPTO_10D = "{\"universe\": \"crypto-1h\", \"backfill\": \"P10D\"}";
    static final List<String> CRYPTO = List.of("BNBUSDT", "BTCUSDT", "ETHUSDT");

    private static MarketStubServer stub;
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

    /** What the venue has closed by {@code now} in the backfill window, i.e. what must be stored. */
    static List<Candle> expectedCrypto(String symbol, Instant now, Duration backfill) {
        return stub.bars(symbol, now.minus(backfill), null).stream()
                .filter(c -> !c.openTime().plus(Duration.ofHours(1)).isAfter(now)).toList();
    }

    @Test
    void normalPaging_storesEveryClosedBarOnce_andRejectsTheBarInProgress() {
        IngestSummary summary = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals("completed", summary.status(), summary.toString());
        assertEquals(3, summary.ok());
        for (String symbol : CRYPTO) {
            List<Candle> expected = expectedCrypto(symbol, NOW, Duration.ofDays(10));
            assertEquals(239, expected.size());
            assertEquals(expected, IngestFixture.stored(symbol, Interval.H1), symbol);
            assertEquals(3, stub.requests(Endpoint.KLINES, symbol), "239 closed bars and 1 open one in pages of 100");
            SeriesState state = new SeriesStateRepository(IngestFixture.client(), IngestFixture.TABLE)
                    .find(AssetClass.CRYPTO, Interval.H1, symbol).orElseThrow();
            assertEquals(expected.getLast().openTime(), state.latest());
            assertFalse(state.stale());
            assertTrue(new InstrumentRepository(IngestFixture.client(), IngestFixture.TABLE).find(symbol).isPresent());
        }
        assertEquals(3 * 239, summary.candlesWritten());
        assertEquals(Map.of("NOT_CLOSED", 3), summary.rejectedByReason());
    }

    @Test
    void sameRunTwice_writesNothingTheSecondTime_andChangesNothing() {
        IngestHandler handler = fixture.handler(NOW);
        fixture.run(handler, CRYPTO_10D);
        List<?> before = IngestFixture.snapshot();

        IngestSummary again = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals("completed", again.status());
        assertEquals(0, again.candlesWritten());
        assertEquals(before, IngestFixture.snapshot());
    }

    @Test
    void nextHour_ingestsOnlyTheNewlyClosedBars() {
        fixture.run(fixture.handler(NOW), CRYPTO_10D);
        stub.resetCounters();
        Instant later = NOW.plus(Duration.ofHours(3));

        IngestSummary summary = fixture.run(fixture.handler(later), CRYPTO_10D);

        assertEquals(9, summary.candlesWritten(), "3 new closed bars for each of 3 symbols");
        for (String symbol : CRYPTO) {
            assertEquals(1, stub.requests(Endpoint.KLINES, symbol));
            assertEquals(242, IngestFixture.stored(symbol, Interval.H1).size());
        }
    }

    @Test
    void rateLimited429_waitsTheRetryAfterThenSucceeds() {
        stub.faults().add(Fault.status(Endpoint.KLINES, "ETHUSDT", 429).retryAfter(2).times(1));

        IngestSummary summary = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals("completed", summary.status(), summary.toString());
        assertEquals(4, stub.requests(Endpoint.KLINES, "ETHUSDT"), "the 429 and three pages");
        assertTrue(fixture.ticker.sleeps().stream().anyMatch(d -> d.compareTo(Duration.ofSeconds(1)) > 0
                && d.compareTo(Duration.ofSeconds(2)) <= 0), "waited out Retry-After: " + fixture.ticker.sleeps());
        assertEquals(expectedCrypto("ETHUSDT", NOW, Duration.ofDays(10)), IngestFixture.stored("ETHUSDT", Interval.H1));
    }

    @Test
    void rateLimited429_longerThanTheRunCanWait_failsWithoutHammeringTheVenue() {
        fixture.set("INGEST_CONCURRENCY", "1").set("BINANCE_MAX_CONCURRENCY", "1");
        stub.faults().add(Fault.status(Endpoint.KLINES, null, 429).retryAfter(600).times(1));

        IngestSummary summary = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals(3, summary.failed(), summary.toString());
        assertTrue(summary.failures().stream().allMatch(f -> f.reason().equals("THROTTLED")));
        assertEquals(1, CRYPTO.stream().mapToInt(s -> stub.requests(Endpoint.KLINES, s)).sum(),
                "the venue asked for 10 minutes: nothing else is sent this run");
    }

    @Test
    void banned418_stopsCallingTheVenue_andOtherVenuesCarryOn() {
        fixture.set("INGEST_CONCURRENCY", "1").set("BINANCE_MAX_CONCURRENCY", "1");
        stub.faults().add(Fault.status(Endpoint.KLINES, null, 418).retryAfter(120).times(1));
        IngestHandler handler = fixture.handler(NOW);

        IngestSummary crypto = fixture.run(handler, CRYPTO_10D);

        assertEquals(3, crypto.failed(), crypto.toString());
        assertTrue(crypto.failures().stream().allMatch(f -> f.reason().equals("BANNED")));
        int sent = CRYPTO.stream().mapToInt(s -> stub.requests(Endpoint.KLINES, s)).sum();
        assertEquals(1, sent, "after the 418 no request reaches Binance");
        IngestSummary stocks = fixture.run(handler, "{\"universe\": \"stocks-1d\", \"backfill\": \"P30D\"}");
        assertEquals("completed", stocks.status(), stocks.toString());
        IngestSummary stillBanned = fixture.run(handler, CRYPTO_10D);
        assertEquals(3, stillBanned.failed());
        assertEquals(1, CRYPTO.stream().mapToInt(s -> stub.requests(Endpoint.KLINES, s)).sum());
    }

    @Test
    void serverError500_thenSuccess_isRetried() {
        stub.faults().add(Fault.status(Endpoint.KLINES, "BTCUSDT", 500).times(2));

        IngestSummary summary = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals("completed", summary.status(), summary.toString());
        assertEquals(5, stub.requests(Endpoint.KLINES, "BTCUSDT"), "two 500s and three pages");
        assertEquals(239, IngestFixture.stored("BTCUSDT", Interval.H1).size());
    }

    @Test
    void timeout_isRetried_andAPersistentOneFailsOnlyThatSymbol() {
        fixture.set("PROVIDER_REQUEST_TIMEOUT", "PT0.3S").set("PROVIDER_MAX_ATTEMPTS", "3");
        stub.faults().add(Fault.delay(Endpoint.KLINES, "ETHUSDT", 1500).times(1));
        stub.faults().add(Fault.delay(Endpoint.KLINES, "BNBUSDT", 1500));

        IngestSummary summary = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals(List.of(new IngestSummary.Failure("BNBUSDT", "TIMEOUT", summary.failures().getFirst().message())),
                summary.failures());
        assertEquals(2, summary.ok());
        assertEquals(239, IngestFixture.stored("ETHUSDT", Interval.H1).size());
        assertEquals(239, IngestFixture.stored("BTCUSDT", Interval.H1).size());
        assertEquals(0, IngestFixture.stored("BNBUSDT", Interval.H1).size());
        assertEquals(3, stub.requests(Endpoint.KLINES, "BNBUSDT"), "PROVIDER_MAX_ATTEMPTS");
    }

    @Test
    void aSeriesFailing_logsOneStructuredLineWithItsCause() throws Exception {
        stub.faults().add(Fault.of(Endpoint.KLINES, "ETHUSDT", Fault.Kind.MALFORMED_JSON));
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            fixture.run(fixture.handler(NOW), CRYPTO_10D);
        } finally {
            System.setOut(original);
        }
        List<com.fasterxml.jackson.databind.JsonNode> failed = new java.util.ArrayList<>();
        for (String line : captured.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{") && line.contains("Series ingestion failed")) {
                failed.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
            }
        }
        assertEquals(1, failed.size(), captured.toString(java.nio.charset.StandardCharsets.UTF_8));
        com.fasterxml.jackson.databind.JsonNode line = failed.getFirst();
        assertEquals("ETHUSDT", line.path("symbol").asText());
        assertEquals("1h", line.path("interval").asText());
        assertEquals("MALFORMED_RESPONSE", line.path("reason").asText());
        assertTrue(line.path("cause").asText().startsWith("ProviderException: "), line.toString());
    }

    @Test
    void aSeriesFailing_logsItOnTheRunsInvocation_withItsRequestId() throws Exception {
        stub.faults().add(Fault.of(Endpoint.KLINES, "ETHUSDT", Fault.Kind.MALFORMED_JSON));
        TestContext context = new TestContext("MarketIngestFunction", 120_000);
        String output = StandardOutput.capture(() -> fixture.run(fixture.handler(NOW), CRYPTO_10D, context));

        List<JsonNode> failed = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{") && line.contains("Series ingestion failed")) {
                failed.add(new ObjectMapper().readTree(line));
            }
        }
        assertEquals(1, failed.size(), output);
        assertEquals(context.getAwsRequestId(), failed.getFirst().path("function_request_id").asText(),
                failed.getFirst().toString());
    }

    @Test
    void malformedJson_isRetried_andAPersistentOneFailsOnlyThatSymbol() {
        stub.faults().add(Fault.of(Endpoint.KLINES, "BTCUSDT", Fault.Kind.MALFORMED_JSON).times(1));
        stub.faults().add(Fault.of(Endpoint.KLINES, "ETHUSDT", Fault.Kind.MALFORMED_JSON));

        IngestSummary summary = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals("partial", summary.status());
        assertEquals("MALFORMED_RESPONSE", summary.failures().getFirst().reason());
        assertEquals("ETHUSDT", summary.failures().getFirst().symbol());
        assertEquals(239, IngestFixture.stored("BTCUSDT", Interval.H1).size());
        assertEquals(239, IngestFixture.stored("BNBUSDT", Interval.H1).size());
    }

    @Test
    void truncatedBody_isRetried() {
        stub.faults().add(Fault.of(Endpoint.KLINES, "BNBUSDT", Fault.Kind.TRUNCATED).times(2));

        IngestSummary summary = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals("completed", summary.status(), summary.toString());
        assertEquals(5, stub.requests(Endpoint.KLINES, "BNBUSDT"));
        assertEquals(expectedCrypto("BNBUSDT", NOW, Duration.ofDays(10)), IngestFixture.stored("BNBUSDT", Interval.H1));
    }

    @Test
    void truncatedBody_everyTime_failsThatSymbolWithItsReason() {
        stub.faults().add(Fault.of(Endpoint.KLINES, "BNBUSDT", Fault.Kind.TRUNCATED));

        IngestSummary summary = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals("TRUNCATED_RESPONSE", summary.failures().getFirst().reason(), summary.toString());
        assertEquals(2, summary.ok());
    }

    @Test
    void emptyBody_isRetried_andAnEmptyListMeansNothingNew() {
        stub.faults().add(Fault.of(Endpoint.KLINES, "BTCUSDT", Fault.Kind.EMPTY_BODY).times(1));
        stub.faults().add(Fault.of(Endpoint.KLINES, "ETHUSDT", Fault.Kind.EMPTY_LIST).times(1));

        IngestSummary summary = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals("completed", summary.status(), summary.toString());
        assertEquals(239, IngestFixture.stored("BTCUSDT", Interval.H1).size());
        assertEquals(0, IngestFixture.stored("ETHUSDT", Interval.H1).size(), "the venue said: no bars");
        IngestSummary next = fixture.run(fixture.handler(NOW), CRYPTO_10D);
        assertEquals(239, next.candlesWritten(), "the next run fetches what the empty answer left out");
        assertEquals(expectedCrypto("ETHUSDT", NOW, Duration.ofDays(10)), IngestFixture.stored("ETHUSDT", Interval.H1));
    }

    @Test
    void invalidBar_isRejectedAndNotStored_andItsGapIsRefilledNextRun() {
        stub.faults().add(Fault.invalidBar(Endpoint.KLINES, "BNBUSDT", "HIGH_BELOW_LOW").barIndex(10).times(1));

        IngestSummary first = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals(1, first.rejectedByReason().get("HIGH_BELOW_LOW"), first.toString());
        assertEquals(1, first.gapsDetected());
        List<Candle> expected = expectedCrypto("BNBUSDT", NOW, Duration.ofDays(10));
        List<Candle> stored = IngestFixture.stored("BNBUSDT", Interval.H1);
        assertEquals(238, stored.size());
        assertFalse(stored.contains(expected.get(10)));
        assertTrue(stored.stream().allMatch(c -> c.high().compareTo(c.low()) >= 0));

        IngestSummary second = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals(1, second.gapsFilled(), second.toString());
        assertEquals(expected, IngestFixture.stored("BNBUSDT", Interval.H1));
        assertTrue(new SeriesStateRepository(IngestFixture.client(), IngestFixture.TABLE)
                .find(AssetClass.CRYPTO, Interval.H1, "BNBUSDT").orElseThrow().gaps().isEmpty());
    }

    @Test
    void barDynamoDbCannotStore_isRejected_andNeitherItsSeriesNorTheOthersFail() {
        stub.faults().add(Fault.invalidBar(Endpoint.KLINES, "BNBUSDT", "HUGE").barIndex(10).times(1));

        IngestSummary first = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals(3, first.ok(), first.toString());
        assertEquals(1, first.rejectedByReason().get("UNSTORABLE"), first.toString());
        List<Candle> expected = expectedCrypto("BNBUSDT", NOW, Duration.ofDays(10));
        assertEquals(238, IngestFixture.stored("BNBUSDT", Interval.H1).size());
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            assertEquals(expectedCrypto(symbol, NOW, Duration.ofDays(10)), IngestFixture.stored(symbol, Interval.H1));
        }

        IngestSummary second = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals(1, second.gapsFilled(), second.toString());
        assertEquals(expected, IngestFixture.stored("BNBUSDT", Interval.H1));
    }

    @Test
    void aGapTheVenueNeverFills_isGivenUpAfterItsAttempts() {
        fixture.set("INGEST_GAP_ATTEMPTS", "2");
        stub.faults().add(Fault.invalidBar(Endpoint.KLINES, "BTCUSDT", "NAN").barIndex(5).times(1));
        fixture.run(fixture.handler(NOW), CRYPTO_10D);
        stub.faults().add(Fault.invalidBar(Endpoint.KLINES, "BTCUSDT", "NAN").barIndex(0));

        IngestSummary retry = fixture.run(fixture.handler(NOW), CRYPTO_10D);
        int attemptsAfterRetry = new SeriesStateRepository(IngestFixture.client(), IngestFixture.TABLE)
                .find(AssetClass.CRYPTO, Interval.H1, "BTCUSDT").orElseThrow().gaps().getFirst().attempts();
        IngestSummary giveUp = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        // The fault spoils the first bar of every BTC answer: the refilled one, and the bar in progress.
        assertEquals(2, retry.rejectedByReason().get("MISSING_VALUE"), retry.toString());
        assertEquals(0, retry.gapsAbandoned());
        assertEquals(1, attemptsAfterRetry);
        assertEquals(1, giveUp.gapsAbandoned(), giveUp.toString());
        assertTrue(new SeriesStateRepository(IngestFixture.client(), IngestFixture.TABLE)
                .find(AssetClass.CRYPTO, Interval.H1, "BTCUSDT").orElseThrow().gaps().isEmpty());
    }

    @Test
    void runInterruptedMidway_savesItsWatermarks_andTheNextRunResumesWithoutLossOrRewrite() {
        fixture.set("INGEST_CONCURRENCY", "1").set("BINANCE_MAX_CONCURRENCY", "1");

        IngestSummary first = fixture.run(fixture.handler(NOW), CRYPTO_10D, IngestFixture.expiringAfter(12));

        assertEquals("interrupted", first.status(), first.toString());
        assertTrue(first.deferred() >= 1);
        assertTrue(first.candlesWritten() > 0 && first.candlesWritten() < 3 * 239, first.toString());

        IngestSummary second = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals("completed", second.status(), second.toString());
        assertEquals(3 * 239, first.candlesWritten() + second.candlesWritten(), "nothing fetched twice, nothing lost");
        for (String symbol : CRYPTO) {
            assertEquals(expectedCrypto(symbol, NOW, Duration.ofDays(10)), IngestFixture.stored(symbol, Interval.H1));
        }
    }

    @Test
    void lessTimeLeftThanOneRequestTakes_defersTheSeriesWithoutCallingTheVenue() {
        // Margin 5 s, request timeout 2 s: with 6 s left the run may go on, but no request fits.
        IngestSummary summary = fixture.run(fixture.handler(NOW), CRYPTO_10D, IngestFixture.remaining(6_000));

        assertEquals("interrupted", summary.status(), summary.toString());
        assertEquals(3, summary.deferred());
        assertEquals(0, summary.failed());
        assertEquals(0, CRYPTO.stream().mapToInt(s -> stub.requests(Endpoint.KLINES, s)).sum());
    }

    @Test
    void retryAfterLeavingNoTimeForTheRequest_failsTheSeriesAsThrottled_withoutCallingTheVenueAgain() {
        // Margin 5 s, request timeout 2 s, 10 s left: the 4 s the venue asks for fit before the deadline, but a
        // request sent after them could end 1 s past it, eating the margin the state saves need.
        fixture.set("INGEST_CONCURRENCY", "1");
        stub.faults().add(Fault.status(Endpoint.KLINES, "BTCUSDT", 429).retryAfter(4).times(1));

        IngestSummary summary = fixture.run(fixture.handler(NOW), CRYPTO_10D,
                new TickerContext(fixture.ticker, 10_000));

        assertEquals(List.of("BTCUSDT THROTTLED"), summary.failures().stream()
                .filter(f -> f.symbol().equals("BTCUSDT")).map(f -> f.symbol() + " " + f.reason()).toList(),
                summary.toString());
        assertEquals(1, stub.requests(Endpoint.KLINES, "BTCUSDT"), "the 429 only");
    }

    /**
     * A first run on the hour stores BNBUSDT with one invalid bar, so its state holds one gap; the newest bar has
     * closed by then, so a second run at the same hour has nothing to fetch but that gap.
     */
    private List<Gap> oneBnbGapOnTheHour() {
        stub.faults().add(Fault.invalidBar(Endpoint.KLINES, "BNBUSDT", "HIGH_BELOW_LOW").barIndex(10).times(1));
        fixture.run(fixture.handler(ON_THE_HOUR), CRYPTO_10D);
        List<Gap> gaps = bnbGaps();
        assertEquals(1, gaps.size());
        return gaps;
    }

    private static List<Gap> bnbGaps() {
        return new SeriesStateRepository(IngestFixture.client(), IngestFixture.TABLE)
                .find(AssetClass.CRYPTO, Interval.H1, "BNBUSDT").orElseThrow().gaps();
    }

    @Test
    void gapRefillWithLessTimeLeftThanOneRequestTakes_defersTheSeries_andKeepsTheGapsAttempts() {
        List<Gap> gaps = oneBnbGapOnTheHour();
        stub.resetCounters();

        IngestSummary summary = fixture.run(fixture.handler(ON_THE_HOUR), CRYPTO_10D, IngestFixture.remaining(6_000));

        assertEquals(1, summary.deferred(), summary.toString());
        assertEquals(0, stub.requests(Endpoint.KLINES, "BNBUSDT"));
        assertEquals(gaps, bnbGaps(), "the venue was not asked: the refill attempt does not count");
    }

    @Test
    void gapRefillRefusedByABan_failsTheSeriesAsBanned_andKeepsTheGapsAttempts() {
        List<Gap> gaps = oneBnbGapOnTheHour();
        // Banned for an hour: longer than any run waits, and no answer about the bars the gap lacks.
        stub.faults().add(Fault.status(Endpoint.KLINES, "BNBUSDT", 418).retryAfter(3600).times(1));

        IngestSummary summary = fixture.run(fixture.handler(ON_THE_HOUR), CRYPTO_10D);

        assertEquals(List.of("BNBUSDT BANNED"), summary.failures().stream()
                .map(f -> f.symbol() + " " + f.reason()).toList(), summary.toString());
        assertEquals(gaps, bnbGaps(), "a ban says nothing about the bars: the refill attempt does not count");
    }

    @Test
    void unknownUniverse_failsTheInvocationNamingTheConfiguredOnes() {
        IngestHandler handler = fixture.handler(NOW);
        IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> fixture.run(handler, "{\"universe\": \"forex-1m\"}"));
        assertTrue(error.getMessage().contains("crypto-1h"), error.getMessage());
    }

    @Test
    void usedWeightNearTheLimit_holdsRequestsUntilTheNextMinute() {
        stub.faults().add(Fault.usedWeight(Endpoint.KLINES, 5900).times(1));

        IngestSummary summary = fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals("completed", summary.status());
        Duration longest = fixture.ticker.longestSleep();
        assertTrue(longest.compareTo(Duration.ZERO) > 0 && longest.compareTo(Duration.ofSeconds(61)) <= 0,
                fixture.ticker.sleeps().toString());
    }

    @Test
    void deeperBackfill_fetchesOnlyTheOlderRange() {
        fixture.run(fixture.handler(NOW), CRYPTO_10D);
        stub.resetCounters();

        IngestSummary deeper = fixture.run(fixture.handler(NOW), "{\"universe\": \"crypto-1h\", \"backfill\": \"P15D\"}");

        assertEquals(3 * 120, deeper.candlesWritten(), deeper.toString());
        assertEquals(expectedCrypto("BTCUSDT", NOW, Duration.ofDays(15)), IngestFixture.stored("BTCUSDT", Interval.H1));
    }

    @Test
    void unknownSymbol_failsAlone(@TempDir Path dir) throws Exception {
        Path universes = dir.resolve("universes.json");
        Files.writeString(universes, """
                {"universes": {"mixed": {"assetClass": "crypto", "interval": "1h", "provider": "binance", "backfill": "P2D",
                  "instruments": [{"symbol": "BTCUSDT"}, {"symbol": "NOPEUSDT"}]}}}""");
        fixture.set("MARKET_UNIVERSES_FILE", universes.toString());

        IngestSummary summary = fixture.run(fixture.handler(NOW), "{\"universe\": \"mixed\"}");

        assertEquals(List.of("NOPEUSDT:UNKNOWN_SYMBOL"), summary.failures().stream()
                .map(f -> f.symbol() + ":" + f.reason()).toList());
        assertEquals(47, IngestFixture.stored("BTCUSDT", Interval.H1).size());
    }

    @Test
    void discovery_addsWhatExchangeInfoLists_andAFailedListingStillIngestsTheConfiguredOnes(@TempDir Path dir)
            throws Exception {
        Path universes = dir.resolve("universes.json");
        Files.writeString(universes, """
                {"universes": {"usdt": {"assetClass": "crypto", "interval": "1h", "provider": "binance", "backfill": "PT3H",
                  "instruments": [{"symbol": "ETHUSDT", "name": "Ether, as configured"}],
                  "discover": {"quoteAsset": "USDT", "max": 2}}}}""");
        fixture.set("MARKET_UNIVERSES_FILE", universes.toString());

        IngestSummary listed = fixture.run(fixture.handler(NOW), "{\"universe\": \"usdt\"}");

        assertEquals(3, listed.symbols(), "BNBUSDT and BTCUSDT discovered (max 2), ETHUSDT configured: " + listed);
        assertEquals(6, listed.candlesWritten(), "22:00 and 23:00 for each; 00:00 is still open");
        InstrumentRepository catalog = new InstrumentRepository(IngestFixture.client(), IngestFixture.TABLE);
        assertEquals("BNB", catalog.find("BNBUSDT").orElseThrow().name());
        assertEquals("Ether, as configured", catalog.find("ETHUSDT").orElseThrow().name());

        stub.faults().add(Fault.status(Endpoint.EXCHANGE_INFO, null, 500));
        IngestSummary unlisted = fixture.run(fixture.handler(NOW), "{\"universe\": \"usdt\"}");

        assertEquals("partial", unlisted.status(), unlisted.toString());
        assertEquals("DISCOVERY_SERVER_ERROR", unlisted.failures().getFirst().reason());
        assertEquals(1, unlisted.ok(), "the configured instrument is still ingested");
    }

    @Test
    void twoShards_splitTheUniverseWithoutOverlap() {
        IngestSummary first = fixture.run(fixture.handler(NOW), "{\"universe\": \"crypto-1h\", \"backfill\": \"P10D\", "
                + "\"shard\": 0, \"shards\": 2}");
        IngestSummary second = fixture.run(fixture.handler(NOW), "{\"universe\": \"crypto-1h\", \"backfill\": \"P10D\", "
                + "\"shard\": 1, \"shards\": 2}");

        assertEquals(3, first.symbols() + second.symbols());
        assertEquals(CRYPTO.stream().filter(s -> SeriesStateRepository.shardOf(s, 2) == 0).count(), first.symbols());
        for (String symbol : CRYPTO) {
            assertEquals(1, stub.requests(Endpoint.KLINES, symbol) / 3, symbol + " fetched by exactly one shard");
            assertEquals(239, IngestFixture.stored(symbol, Interval.H1).size());
        }
    }

    @Test
    void yahooDailyBars_areKeyedBySessionOpen_andNullFilledRowsAreSkipped() {
        stub.faults().add(Fault.of(Endpoint.CHART, "AAPL", Fault.Kind.NULL_BAR).times(1));
        Instant afterClose = Instant.parse("2022-01-04T21:30:00Z");

        IngestSummary summary = fixture.run(fixture.handler(afterClose),
                "{\"universe\": \"stocks-1d\", \"backfill\": \"P30D\"}");

        assertEquals("completed", summary.status(), summary.toString());
        assertEquals(1, summary.placeholdersSkipped());
        assertEquals(0, summary.rejected());
        List<Candle> aapl = IngestFixture.stored("AAPL", Interval.D1);
        assertEquals(stub.bars("AAPL", afterClose.minus(Duration.ofDays(30)), null), aapl);
        assertEquals(NyseCalendar.sessionOpen(java.time.LocalDate.of(2022, 1, 4)), aapl.getLast().openTime());
        assertEquals(new java.math.BigDecimal("179.6999969482422"), aapl.getLast().close());
    }

    @Test
    void gapLeftByABackfillStoppedAtTheDeadline_isClosedOnceItsBarsAreStored() {
        // After the close there is nothing to fetch forward; 60 days before, 21:30Z, is off the grid of session opens.
        Instant afterClose = Instant.parse("2022-01-04T21:30:00Z");
        fixture.run(fixture.handler(afterClose), "{\"universe\": \"stocks-1d\", \"backfill\": \"P30D\"}");
        String deeper = "{\"universe\": \"stocks-1d\", \"backfill\": \"P60D\"}";
        IngestSummary stopped = fixture.run(fixture.handler(afterClose), deeper, IngestFixture.remaining(6_000));
        assertEquals(5, stopped.gapsDetected(), "each backfill stopped before its first request: " + stopped);

        IngestSummary refilled = fixture.run(fixture.handler(afterClose), deeper);

        assertEquals("completed", refilled.status(), refilled.toString());
        SeriesStateRepository states = new SeriesStateRepository(IngestFixture.client(), IngestFixture.TABLE);
        for (String symbol : List.of("AAPL", "AMZN", "GOOGL", "META", "MSFT")) {
            assertEquals(stub.bars(symbol, afterClose.minus(Duration.ofDays(60)), null),
                    IngestFixture.stored(symbol, Interval.D1), symbol);
            assertEquals(List.of(), states.find(AssetClass.STOCK, Interval.D1, symbol).orElseThrow().gaps(),
                    symbol + ": every bar of the gap is stored, nothing is left to refill");
        }
    }

    @Test
    void backfill_barRefusedJustBeforeTheStoredHistory_isRecordedAsAGapAndRefilled() {
        fixture.run(fixture.handler(NOW), CRYPTO_10D);
        // BTC's answers in the deeper run: forward (the bar in progress), a backfill page of 100 and one of 20 bars.
        // Bar 19 of each is spoiled: an interior bar of the first page and the last before the stored history.
        stub.faults().add(Fault.invalidBar(Endpoint.KLINES, "BTCUSDT", "HIGH_BELOW_LOW").barIndex(19).times(3));
        String deeper = "{\"universe\": \"crypto-1h\", \"backfill\": \"P15D\"}";

        IngestSummary backfill = fixture.run(fixture.handler(NOW), deeper);
        fixture.run(fixture.handler(NOW), deeper);

        assertEquals(2, backfill.rejectedByReason().get("HIGH_BELOW_LOW"), backfill.toString());
        assertEquals(2, backfill.gapsDetected(), backfill.toString());
        assertEquals(expectedCrypto("BTCUSDT", NOW, Duration.ofDays(15)), IngestFixture.stored("BTCUSDT", Interval.H1));
    }

    @Test
    void backfillStoppedAtTheDeadline_afterAWindowEndingInARefusedBar_recordsThatBarInTheGapAndRefillsIt() {
        Instant afterClose = Instant.parse("2022-01-04T21:30:00Z");
        fixture.set("INGEST_CONCURRENCY", "1");
        fixture.run(fixture.handler(afterClose), "{\"universe\": \"stocks-1d\", \"backfill\": \"P30D\"}");
        // Windows of 14 days: the deeper backfill's first one (from 2021-11-05) ends on 2021-11-19 after the close,
        // and the venue's cursor, the window's end, is then past that day's bar, spoiled; then the run is out of time.
        fixture.set("INGEST_PAGE_LIMIT", "5");
        stub.faults().add(Fault.invalidBar(Endpoint.CHART, "AAPL", "HIGH_BELOW_LOW").barIndex(99));
        stub.resetCounters();
        String deeper = "{\"universe\": \"stocks-1d\", \"backfill\": \"P60D\"}";

        IngestSummary stopped = fixture.run(fixture.handler(afterClose), deeper,
                IngestFixture.expiringOnce(() -> stub.requests(Endpoint.CHART, "AAPL") >= 1));
        int stoppedRequests = stub.requests(Endpoint.CHART, "AAPL");
        stub.faults().clear();
        fixture.run(fixture.handler(afterClose), deeper);

        assertEquals("interrupted", stopped.status(), stopped.toString());
        assertEquals(1, stoppedRequests, "stopped after the backfill's first window");
        assertEquals(1, stopped.rejectedByReason().get("HIGH_BELOW_LOW"), stopped.toString());
        List<Candle> stored = IngestFixture.stored("AAPL", Interval.D1);
        assertEquals(List.of(), stub.bars("AAPL", afterClose.minus(Duration.ofDays(60)), null).stream()
                .filter(bar -> !stored.contains(bar)).map(Candle::openTime).toList(),
                "the refused bar, the last the stopped run was sent, is refilled with the bars after it");
    }

    @Test
    void firstRun_firstBarRefused_isRecordedAsAGapAndRefilled() {
        stub.faults().add(Fault.invalidBar(Endpoint.KLINES, "ETHUSDT", "NAN").barIndex(0).times(1));

        IngestSummary first = fixture.run(fixture.handler(NOW), CRYPTO_10D);
        fixture.run(fixture.handler(NOW), CRYPTO_10D);

        assertEquals(1, first.gapsDetected(), first.toString());
        assertEquals(expectedCrypto("ETHUSDT", NOW, Duration.ofDays(10)), IngestFixture.stored("ETHUSDT", Interval.H1));
    }

    @Test
    void firstRun_ofASymbolListedAfterTheWindowStart_recordsNoGap() {
        // The bundled history (the venue's listing, as far as the stub knows) starts at 2020-08-02T02:00Z.
        Instant dayAfterListing = Instant.parse("2020-08-03T00:30:00Z");

        IngestSummary first = fixture.run(fixture.handler(dayAfterListing), CRYPTO_10D);

        assertEquals(0, first.gapsDetected(), first.toString());
        assertEquals(22, IngestFixture.stored("BTCUSDT", Interval.H1).size());
    }

    @Test
    void moreGapsThanASeriesHolds_givesUpTheOldestWithoutARefill_andCountsThem() {
        fixture.set("INGEST_PAGE_LIMIT", "5");
        // Bar 2 of every five-bar page of BTC spoiled: 24 gaps in one run, 20 held (see docs/market-data.md).
        stub.faults().add(Fault.invalidBar(Endpoint.KLINES, "BTCUSDT", "HIGH_BELOW_LOW").barIndex(2));
        String fiveDays = "{\"universe\": \"crypto-1h\", \"backfill\": \"P5D\"}";

        IngestSummary first = fixture.run(fixture.handler(NOW), fiveDays);
        stub.faults().clear();
        fixture.set("INGEST_PAGE_LIMIT", "100");
        IngestSummary second = fixture.run(fixture.handler(NOW), fiveDays);

        assertEquals(24, first.gapsDetected(), first.toString());
        assertEquals(4, first.gapsAbandoned(), first.toString());
        assertEquals(20, second.gapsFilled(), second.toString());
        List<Candle> stored = IngestFixture.stored("BTCUSDT", Interval.H1);
        assertEquals(4, expectedCrypto("BTCUSDT", NOW, Duration.ofDays(5)).stream()
                .filter(c -> !stored.contains(c)).count(), "the bars of the gaps given up");
    }

    @Test
    void aGapGivenUpForANewerOne_isNotRefilledInTheSameRun() {
        fixture.set("INGEST_PAGE_LIMIT", "5");
        stub.faults().add(Fault.invalidBar(Endpoint.KLINES, "BTCUSDT", "HIGH_BELOW_LOW").barIndex(2));
        String fiveDays = "{\"universe\": \"crypto-1h\", \"backfill\": \"P5D\"}";
        fixture.run(fixture.handler(NOW), fiveDays);
        stub.faults().clear();
        fixture.set("INGEST_PAGE_LIMIT", "100");
        // Three hours on, the first new bar is spoiled: a 21st gap, so the one held longest is given up.
        stub.faults().add(Fault.invalidBar(Endpoint.KLINES, "BTCUSDT", "HIGH_BELOW_LOW").barIndex(0).times(1));
        Instant later = NOW.plus(Duration.ofHours(3));

        IngestSummary second = fixture.run(fixture.handler(later), fiveDays);

        assertEquals(1, second.gapsDetected(), second.toString());
        assertEquals(1, second.gapsAbandoned(), second.toString());
        assertEquals(19, second.gapsFilled(), "the gap given up is not refilled: " + second);
        List<Candle> stored = IngestFixture.stored("BTCUSDT", Interval.H1);
        assertEquals(6, expectedCrypto("BTCUSDT", later, Duration.ofDays(5).plusHours(3)).stream()
                .filter(c -> !stored.contains(c)).count(), "4 gaps given up in the first run, 1 in the second, "
                + "and the new one");
    }

    @Test
    void gapsFilled_countsGapsLikeGapsDetected() {
        Instant afterClose = Instant.parse("2022-01-04T21:30:00Z");
        fixture.run(fixture.handler(afterClose), "{\"universe\": \"stocks-1d\", \"backfill\": \"P30D\"}");
        String deeper = "{\"universe\": \"stocks-1d\", \"backfill\": \"P60D\"}";
        IngestSummary stopped = fixture.run(fixture.handler(afterClose), deeper, IngestFixture.remaining(6_000));

        IngestSummary refilled = fixture.run(fixture.handler(afterClose), deeper);

        // One gap of about 20 sessions per stock: five gaps detected, five filled (not the ~95 bars they held).
        assertEquals(5, stopped.gapsDetected(), stopped.toString());
        assertEquals(stopped.gapsDetected(), refilled.gapsFilled(), refilled.toString());
    }

    @Test
    void yahooBarInProgressAndInvalidBars_areRejected() {
        stub.faults().add(Fault.invalidBar(Endpoint.CHART, "MSFT", "CLOSE_ABOVE_HIGH").barIndex(3).times(1));
        Instant duringSession = Instant.parse("2022-01-04T17:00:00Z");

        IngestSummary summary = fixture.run(fixture.handler(duringSession),
                "{\"universe\": \"stocks-1d\", \"backfill\": \"P30D\"}");

        assertEquals(1, summary.rejectedByReason().get("OUTSIDE_RANGE"), summary.toString());
        assertEquals(5, summary.rejectedByReason().get("NOT_CLOSED"), "today's session of each of the 5 stocks");
        assertTrue(IngestFixture.stored("AAPL", Interval.D1).stream()
                .noneMatch(c -> c.openTime().equals(Instant.parse("2022-01-04T14:30:00Z"))));
    }
}
