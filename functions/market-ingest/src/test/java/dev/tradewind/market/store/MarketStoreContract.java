package dev.tradewind.market.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.local.dynamo.TableProvisioner;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.market.domain.series.Gap;
import dev.tradewind.market.domain.series.SeriesBucket;
import dev.tradewind.market.domain.series.SeriesState;
import dev.tradewind.market.service.MarketDataService;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.Repository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * How the ingestion's storage behaves on a DynamoDB emulator built from the template's tables: bucketed series
 * state with optimistic versions, batched idempotent candle writes across series, and the catalog index search.
 * Runs on DynamoDB Local ({@code MarketStoreIT}) and LocalStack ({@code MarketStoreLocalStackIT}).
 */
abstract class MarketStoreContract {

    static final SamTemplate TEMPLATE = SamTemplate.load(Repository.template());
    static final String TABLE = TEMPLATE.tables().stream().filter(t -> t.logicalId().equals("MarketDataTable"))
            .findFirst().orElseThrow().tableName();
    static final Instant NOW = Instant.parse("2022-01-03T00:05:00Z");

    abstract DynamoDbClient client();

    /** A prefix no other test of the run uses, so the contract needs no table truncation. */
    private String unique;
    private DynamoDbEnhancedClient enhanced;

    @BeforeEach
    void setUp() {
        new TableProvisioner(client()).ensure(TEMPLATE.tables());
        enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client()).build();
        unique = "T" + Long.toString(System.nanoTime(), 36).toUpperCase();
    }

    private SeriesState state(String symbol, String latest) {
        return new SeriesState(symbol, Instant.parse("2021-12-01T00:00:00Z"), Instant.parse(latest), new BigDecimal("101.25"),
                List.of(new Gap(Instant.parse("2021-12-05T00:00:00Z"), Instant.parse("2021-12-05T03:00:00Z"), 1)),
                false, "abc123", null);
    }

    private SeriesBucket load(SeriesStateRepository repository, String symbol) {
        int bucket = SeriesStateRepository.bucketOf(symbol);
        return repository.load(AssetClass.CRYPTO, Interval.H1, List.of(bucket)).get(bucket);
    }

    @Test
    void seriesState_roundTripsEveryField() {
        SeriesStateRepository repository = new SeriesStateRepository(enhanced, TABLE);
        String symbol = unique + "USDT";
        SeriesState state = state(symbol, "2022-01-02T23:00:00Z").withFailure("TIMEOUT");
        repository.save(load(repository, symbol), Map.of(symbol, state), NOW);
        assertEquals(state, repository.find(AssetClass.CRYPTO, Interval.H1, symbol).orElseThrow());
    }

    @Test
    void seriesState_twoRunsWritingTheSameBucket_bothSurvive() {
        SeriesStateRepository repository = new SeriesStateRepository(enhanced, TABLE);
        String first = unique + "AUSDT";
        String second = null;
        for (int i = 0; second == null; i++) {
            String candidate = unique + "B" + i + "USDT";
            if (SeriesStateRepository.bucketOf(candidate) == SeriesStateRepository.bucketOf(first)) {
                second = candidate;
            }
        }
        SeriesBucket seenByBoth = load(repository, first);
        repository.save(seenByBoth, Map.of(first, state(first, "2022-01-02T22:00:00Z")), NOW);
        SeriesBucket saved = repository.save(seenByBoth, Map.of(second, state(second, "2022-01-02T23:00:00Z")), NOW)
                .bucket();
        assertEquals(seenByBoth.version() + 2, saved.version(), "the stale writer re-read and wrote on top");
        assertTrue(repository.find(AssetClass.CRYPTO, Interval.H1, first).isPresent());
        assertTrue(repository.find(AssetClass.CRYPTO, Interval.H1, second).isPresent());
    }

    @Test
    void seriesState_aSlowerOlderRunSavingLast_doesNotMoveTheWatermarkBack() {
        SeriesStateRepository repository = new SeriesStateRepository(enhanced, TABLE);
        String symbol = unique + "USDT";
        SeriesBucket seenByBoth = load(repository, symbol);
        // The later run stored up to 02:00 and saved first; the slower run, started an hour earlier, backfilled deeper.
        SeriesState later = new SeriesState(symbol, Instant.parse("2021-12-24T00:00:00Z"),
                Instant.parse("2022-01-03T02:00:00Z"), new BigDecimal("47005.39"), List.of(), false, "abc123", null);
        SeriesState slower = state(symbol, "2022-01-03T00:00:00Z");
        repository.save(seenByBoth, Map.of(symbol, later), NOW);

        SeriesBucket saved = repository.save(seenByBoth, Map.of(symbol, slower), NOW).bucket();
        repository.save(saved, Map.of(symbol, slower), NOW.plusSeconds(60));

        SeriesState stored = repository.find(AssetClass.CRYPTO, Interval.H1, symbol).orElseThrow();
        assertEquals(later.latest(), stored.latest());
        assertEquals(later.lastClose(), stored.lastClose());
        assertEquals(slower.earliest(), stored.earliest(), "the deeper history the slower run stored stays covered");
        // The later run's gaps (none), and the slower run's gap in the deeper history only it covered (12-05).
        assertEquals(slower.gaps(), stored.gaps(), "gaps as the run with the newer watermark left them, and the "
                + "slower run's in the history only it covered");
    }

    @Test
    void seriesState_overlappingRunsHoldingMoreThan20GapsTogether_storeTheNewest20_andReportTheOthersGivenUp() {
        SeriesStateRepository repository = new SeriesStateRepository(enhanced, TABLE);
        String symbol = unique + "USDT";
        SeriesBucket seenByBoth = load(repository, symbol);
        List<Gap> recent = new ArrayList<>();
        for (int hour = 0; hour < SeriesState.MAX_GAPS; hour++) {
            Instant from = Instant.parse("2022-01-02T00:00:00Z").plus(Duration.ofHours(hour));
            recent.add(new Gap(from, from.plus(Duration.ofHours(1)), 0));
        }
        List<Gap> deeper = List.of(
                new Gap(Instant.parse("2021-12-05T00:00:00Z"), Instant.parse("2021-12-05T01:00:00Z"), 0),
                new Gap(Instant.parse("2021-12-06T00:00:00Z"), Instant.parse("2021-12-06T01:00:00Z"), 0));
        SeriesState later = new SeriesState(symbol, Instant.parse("2021-12-24T00:00:00Z"),
                Instant.parse("2022-01-03T02:00:00Z"), new BigDecimal("47005.39"), recent, false, "abc123", null);
        SeriesState slower = new SeriesState(symbol, Instant.parse("2021-12-01T00:00:00Z"),
                Instant.parse("2022-01-03T00:00:00Z"), new BigDecimal("46216.93"), deeper, false, "abc123", null);
        repository.save(seenByBoth, Map.of(symbol, later), NOW);

        SeriesStateRepository.Saved saved = repository.save(seenByBoth, Map.of(symbol, slower), NOW);

        assertEquals(recent, repository.find(AssetClass.CRYPTO, Interval.H1, symbol).orElseThrow().gaps());
        assertEquals(Map.of(symbol, deeper), saved.gapsGivenUp(), "held longest: the deeper history's");
    }

    @Test
    void seriesState_unchanged_isNotWrittenAgain() {
        SeriesStateRepository repository = new SeriesStateRepository(enhanced, TABLE);
        String symbol = unique + "USDT";
        SeriesState state = state(symbol, "2022-01-02T23:00:00Z");
        SeriesBucket saved = repository.save(load(repository, symbol), Map.of(symbol, state), NOW).bucket();
        assertSame(saved, repository.save(saved, Map.of(symbol, state), NOW.plusSeconds(60)).bucket());
        assertEquals(saved.version(), load(repository, symbol).version());
    }

    @Test
    void candleWriter_packsManySeriesIntoBatches_andRewritesLeaveOneItemPerKey() {
        CandleRepository candles = new CandleRepository(enhanced, TABLE);
        List<Candle> written = new ArrayList<>();
        try (CandleWriter writer = new CandleWriter(candles, 2, Duration.ofMillis(5))) {
            List<CompletableFuture<Void>> tickets = new ArrayList<>();
            for (int s = 0; s < 30; s++) {
                List<Candle> series = new ArrayList<>();
                for (int h = 0; h < 3; h++) {
                    series.add(new Candle(unique + s + "USDT", Interval.H1, NOW.minus(Duration.ofHours(h + 1)).truncatedTo(
                            java.time.temporal.ChronoUnit.HOURS), new BigDecimal("10." + s), new BigDecimal("11"),
                            new BigDecimal("9"), new BigDecimal("10.5"), new BigDecimal(h)));
                }
                written.addAll(series);
                tickets.add(writer.write(series));
                tickets.add(writer.write(series));
            }
            tickets.forEach(CompletableFuture::join);
            assertTrue(writer.batches() < 2 * 90, "candles of different series share batches: " + writer.batches());
        }
        for (int s = 0; s < 30; s++) {
            String symbol = unique + s + "USDT";
            List<Candle> expected = written.stream().filter(c -> c.symbol().equals(symbol)).sorted(
                    java.util.Comparator.comparing(Candle::openTime)).toList();
            assertEquals(expected, candles.between(symbol, Interval.H1, Instant.EPOCH, NOW));
        }
    }

    @Test
    void catalogSearch_queriesTheClassIndex_withPrefixOrNameAndCursor() {
        InstrumentRepository instruments = new InstrumentRepository(enhanced, TABLE);
        // A class partition of its own would need a new asset class; stocks named after this run are enough here.
        for (int i = 0; i < 5; i++) {
            instruments.put(new Instrument(unique + i, "Contract Corp " + unique.toLowerCase() + " no " + i,
                    AssetClass.STOCK, "NASDAQ", "USD", Interval.D1));
        }
        MarketDataService service = new MarketDataService(enhanced, TABLE, Clock.fixed(NOW, ZoneOffset.UTC));
        List<String> found = new ArrayList<>();
        String cursor = null;
        do {
            Page<Instrument> page = service.listAssets(unique.toLowerCase(), AssetClass.STOCK, 2, cursor);
            page.items().forEach(a -> found.add(a.symbol()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(List.of(unique + 0, unique + 1, unique + 2, unique + 3, unique + 4), found);
        Page<Instrument> byName = service.listAssets("no 3", AssetClass.STOCK, 20, null);
        assertTrue(byName.items().stream().anyMatch(a -> a.symbol().equals(unique + 3)));
    }
}
