package dev.tradewind.market.ingest;

import dev.tradewind.market.provider.Deadline;
import dev.tradewind.market.provider.MarketDataProvider;
import dev.tradewind.market.provider.ProviderException;
import dev.tradewind.market.state.SeriesBucket;
import dev.tradewind.market.state.SeriesState;
import dev.tradewind.market.state.SeriesStateRepository;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;

/**
 * One ingestion run over a universe (or one shard of it): resolves the instruments, loads their state, registers
 * new instruments in the catalog, ingests every series concurrently (one failing never stops the others), saves the
 * state at checkpoints and at the end, and reports a summary. Near the deadline, series not yet finished stop
 * cleanly and are reported as deferred; the next run resumes from their saved watermarks.
 */
public final class IngestService {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    /**
     * @param concurrency    series in flight at once (HTTP concurrency is capped separately, per venue)
     * @param writers        threads issuing BatchWriteItem calls
     * @param pageLimit      bars asked per request (Binance allows 1000)
     * @param checkpoint     how often state is saved while a run is going
     * @param maxGapAttempts runs that try to refill a gap before it is given up
     * @param writerLinger   how long a writer waits to fill a batch of 25
     */
    public record Settings(int concurrency, int writers, int pageLimit, Duration checkpoint, int maxGapAttempts,
                           Duration writerLinger) {

        public static Settings defaults() {
            return new Settings(64, 4, 1000, Duration.ofSeconds(20), 3, Duration.ofMillis(2));
        }
    }

    private final Universes universes;
    private final Function<Universe, MarketDataProvider> providers;
    private final DynamoDbEnhancedClient client;
    private final CandleRepository candles;
    private final InstrumentRepository instruments;
    private final SeriesStateRepository states;
    private final Clock clock;
    private final Settings settings;
    private final RunReporter reporter;

    public IngestService(Universes universes, Function<Universe, MarketDataProvider> providers,
                         DynamoDbEnhancedClient client, String tableName, Clock clock, Settings settings,
                         RunReporter reporter) {
        this.universes = universes;
        this.providers = providers;
        this.client = client;
        this.candles = new CandleRepository(client, tableName);
        this.instruments = new InstrumentRepository(client, tableName);
        this.states = new SeriesStateRepository(client, tableName);
        this.clock = clock;
        this.settings = settings;
        this.reporter = reporter;
    }

    public Universes universes() {
        return universes;
    }

    /** @throws IllegalArgumentException if the request names an unknown universe */
    public IngestSummary run(IngestRequest request, Deadline deadline) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Universe universe = universes.find(request.universe()).orElseThrow(() -> new IllegalArgumentException(
                "unknown universe '" + request.universe() + "'; configured: "
                        + universes.all().stream().map(Universe::name).sorted().toList()));
        MarketDataProvider provider = providers.apply(universe);
        Instant windowStart = now.minus(request.backfill().orElse(universe.backfill()));
        List<IngestSummary.Failure> failures = new ArrayList<>();

        List<Instrument> selected = resolve(universe, provider, deadline, failures).stream()
                .filter(i -> SeriesStateRepository.shardOf(i.symbol(), request.shards()) == request.shard())
                .sorted(Comparator.comparing(Instrument::symbol))
                .toList();
        Map<Integer, SeriesBucket> buckets = states.load(universe.assetClass(), universe.interval(),
                selected.stream().map(i -> SeriesStateRepository.bucketOf(i.symbol())).toList());
        Map<String, SeriesState> prior = new HashMap<>();
        buckets.values().forEach(b -> prior.putAll(b.series()));

        Map<String, SeriesState> current = new ConcurrentHashMap<>();
        List<Instrument> newInCatalog = new ArrayList<>();
        for (Instrument instrument : selected) {
            SeriesState state = prior.getOrDefault(instrument.symbol(), SeriesState.empty(instrument.symbol()));
            String hash = catalogHash(instrument);
            if (!hash.equals(state.catalogHash())) {
                newInCatalog.add(instrument);
                state = state.withCatalogHash(hash);
            }
            current.put(instrument.symbol(), state);
        }
        putInCatalog(newInCatalog);

        List<SeriesOutcome> outcomes = new ArrayList<>(selected.size());
        Checkpointer checkpointer = new Checkpointer(buckets, prior, current);
        try (CandleWriter writer = new CandleWriter(candles, settings.writers(), settings.writerLinger())) {
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            Semaphore inFlight = new Semaphore(settings.concurrency());
            List<Future<SeriesOutcome>> futures = new ArrayList<>(selected.size());
            for (Instrument instrument : selected) {
                futures.add(pool.submit(() -> {
                    inFlight.acquire();
                    try {
                        return new SeriesIngest(instrument, current.get(instrument.symbol()), provider, writer, now,
                                windowStart, settings.pageLimit(), settings.maxGapAttempts(), deadline,
                                state -> current.put(state.symbol(), state)).run();
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            pool.shutdown();
            while (!pool.awaitTermination(settings.checkpoint().toMillis(), TimeUnit.MILLISECONDS)) {
                checkpointer.save(now);
            }
            for (Future<SeriesOutcome> future : futures) {
                outcomes.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ingest run interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a series task failed outside its own error handling", e.getCause());
        } finally {
            checkpointer.save(now);
        }
        IngestSummary summary = summarize(request, universe, provider, now, outcomes, failures,
                (System.nanoTime() - started) / 1_000_000);
        reporter.report(summary);
        return summary;
    }

    /** Configured instruments, plus what the provider lists when the universe asks for discovery. */
    private List<Instrument> resolve(Universe universe, MarketDataProvider provider, Deadline deadline,
                                     List<IngestSummary.Failure> failures) {
        Map<String, Instrument> bySymbol = new LinkedHashMap<>();
        if (universe.discovery() != null) {
            try {
                provider.listInstruments(universe.assetClass(), universe.interval(), universe.discovery().quoteAsset(),
                                deadline).stream()
                        .sorted(Comparator.comparing(Instrument::symbol))
                        .limit(universe.discovery().max())
                        .forEach(i -> bySymbol.put(i.symbol(), i));
            } catch (ProviderException e) {
                LOG.warn("Instrument discovery for {} failed: {}", universe.name(), e.getMessage());
                failures.add(new IngestSummary.Failure("*", "DISCOVERY_" + e.reason().name(), e.getMessage()));
            }
        }
        universe.instruments().forEach(i -> bySymbol.put(i.symbol(), i));
        return List.copyOf(bySymbol.values());
    }

    static String catalogHash(Instrument i) {
        CRC32 crc = new CRC32();
        crc.update(String.join("|", i.symbol(), i.name(), i.assetClass().code(), i.exchange(), i.quoteCurrency(),
                i.interval().code()).getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    /** New or changed instruments go into the catalog in BatchWriteItem calls of 25. */
    private void putInCatalog(List<Instrument> list) {
        for (int from = 0; from < list.size(); from += 25) {
            List<Instrument> pending = list.subList(from, Math.min(list.size(), from + 25));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > 8) {
                    throw new IllegalStateException(pending.size() + " catalog entries stayed unprocessed");
                }
                if (attempt > 1) {
                    sleepQuietly(ThreadLocalRandom.current().nextLong(25L << Math.min(attempt, 8)));
                }
                WriteBatch.Builder<Instrument> batch = WriteBatch.builder(Instrument.class)
                        .mappedTableResource(instruments.table());
                pending.forEach(batch::addPutItem);
                BatchWriteResult result = client.batchWriteItem(BatchWriteItemEnhancedRequest.builder()
                        .writeBatches(batch.build()).build());
                pending = result.unprocessedPutItemsForTable(instruments.table());
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private IngestSummary summarize(IngestRequest request, Universe universe, MarketDataProvider provider, Instant now,
                                    List<SeriesOutcome> outcomes, List<IngestSummary.Failure> failures, long durationMs) {
        int ok = 0;
        int failed = 0;
        int deferred = 0;
        long written = 0;
        int gapsDetected = 0;
        int gapsFilled = 0;
        int gapsAbandoned = 0;
        int placeholders = 0;
        int stale = 0;
        Map<RejectReason, Integer> rejected = new EnumMap<>(RejectReason.class);
        for (SeriesOutcome o : outcomes) {
            switch (o.status()) {
                case OK -> ok++;
                case FAILED -> {
                    failed++;
                    failures.add(new IngestSummary.Failure(o.symbol(), o.reason(), o.message()));
                }
                case DEFERRED -> deferred++;
            }
            written += o.written();
            gapsDetected += o.gapsDetected();
            gapsFilled += o.gapsFilled();
            gapsAbandoned += o.gapsAbandoned();
            placeholders += o.placeholders();
            stale += o.stale() ? 1 : 0;
            o.rejected().forEach((reason, count) -> rejected.merge(reason, count, Integer::sum));
        }
        Map<String, Integer> byReason = new LinkedHashMap<>();
        rejected.forEach((reason, count) -> byReason.put(reason.name(), count));
        String status = deferred > 0 ? "interrupted" : failed > 0 || !failures.isEmpty() ? "partial" : "completed";
        return new IngestSummary(universe.name(), request.shard(), request.shards(), provider.name(), now, status,
                outcomes.size(), ok, failed, deferred, List.copyOf(failures), written,
                rejected.values().stream().mapToInt(Integer::intValue).sum(), byReason, gapsDetected, gapsFilled,
                gapsAbandoned, placeholders, stale, durationMs);
    }

    /** Saves the buckets whose series changed since they were last saved; called at checkpoints and at the end. */
    private final class Checkpointer {
        private final Map<Integer, SeriesBucket> buckets;
        private final Map<String, SeriesState> saved;
        private final Map<String, SeriesState> current;

        Checkpointer(Map<Integer, SeriesBucket> buckets, Map<String, SeriesState> prior, Map<String, SeriesState> current) {
            this.buckets = buckets;
            this.saved = new HashMap<>(prior);
            this.current = current;
        }

        synchronized void save(Instant now) {
            Map<Integer, Map<String, SeriesState>> changed = new HashMap<>();
            current.forEach((symbol, state) -> {
                if (!Objects.equals(saved.get(symbol), state)) {
                    changed.computeIfAbsent(SeriesStateRepository.bucketOf(symbol), b -> new HashMap<>()).put(symbol, state);
                }
            });
            changed.forEach((bucket, series) -> {
                SeriesBucket stored = states.save(buckets.get(bucket), series, now);
                buckets.put(bucket, stored);
                saved.putAll(series);
            });
        }
    }
}
