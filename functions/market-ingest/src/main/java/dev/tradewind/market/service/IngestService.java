package dev.tradewind.market.service;

import dev.tradewind.market.domain.ingest.ClosedSeries;
import dev.tradewind.market.domain.ingest.IngestRequest;
import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.market.domain.ingest.RejectReason;
import dev.tradewind.market.domain.ingest.RunReporter;
import dev.tradewind.market.domain.ingest.SeriesOutcome;
import dev.tradewind.market.domain.ingest.Universe;
import dev.tradewind.market.domain.ingest.Universes;
import dev.tradewind.market.domain.provider.Deadline;
import dev.tradewind.market.domain.provider.MarketDataProvider;
import dev.tradewind.market.domain.provider.ProviderException;
import dev.tradewind.market.domain.series.SeriesBucket;
import dev.tradewind.market.domain.series.SeriesState;
import dev.tradewind.market.store.CandleWriter;
import dev.tradewind.market.store.InstrumentCatalog;
import dev.tradewind.market.store.SeriesStateRepository;
import dev.tradewind.shared.logging.LogContext;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;

/**
 * One ingestion run over a universe (or one shard of it): resolves the instruments, loads their state, registers
 * new instruments in the catalog, ingests every series concurrently (one failing never stops the others), saves the
 * state at checkpoints and at the end, and reports a summary. Near the deadline, series not yet finished stop
 * cleanly and are reported as deferred; the next run resumes from their saved watermarks.
 */
public final class IngestService {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    /** Buckets read per BatchGetItem when a run starts; each chunk's series start as soon as it is in. */
    private static final int LOAD_CHUNK = 8;

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
    private final CandleRepository candles;
    private final InstrumentCatalog catalog;
    private final SeriesStateRepository states;
    private final Clock clock;
    private final Settings settings;
    private final RunReporter reporter;
    private final CandleEvents events;

    public IngestService(Universes universes, Function<Universe, MarketDataProvider> providers,
                         DynamoDbEnhancedClient client, String tableName, Clock clock, Settings settings,
                         RunReporter reporter, CandleEvents events) {
        this.universes = universes;
        this.providers = providers;
        this.candles = new CandleRepository(client, tableName);
        this.catalog = new InstrumentCatalog(client, tableName);
        this.states = new SeriesStateRepository(client, tableName);
        this.clock = clock;
        this.settings = settings;
        this.reporter = reporter;
        this.events = events;
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

        // Series in bucket order: buckets finish one after another and are saved while later ones still write.
        Map<Integer, List<Instrument>> byBucket = new TreeMap<>();
        for (Instrument instrument : resolve(universe, provider, deadline, failures)) {
            if (SeriesStateRepository.shardOf(instrument.symbol(), request.shards()) == request.shard()) {
                byBucket.computeIfAbsent(SeriesStateRepository.bucketOf(instrument.symbol()), b -> new ArrayList<>())
                        .add(instrument);
            }
        }
        byBucket.values().forEach(list -> list.sort(Comparator.comparing(Instrument::symbol)));

        RunState run = new RunState(universe, byBucket, now);
        ExecutorService io = Executors.newFixedThreadPool(settings.writers(),
                Thread.ofPlatform().daemon().name("state-io-", 0).factory());
        List<SeriesOutcome> outcomes = new ArrayList<>();
        try (CandleWriter writer = new CandleWriter(candles, settings.writers(), settings.writerLinger())) {
            Map<Integer, CompletableFuture<Void>> ready = new HashMap<>();
            List<Integer> bucketIds = new ArrayList<>(byBucket.keySet());
            for (int from = 0; from < bucketIds.size(); from += LOAD_CHUNK) {
                List<Integer> chunk = bucketIds.subList(from, Math.min(bucketIds.size(), from + LOAD_CHUNK));
                CompletableFuture<Void> loaded =
                        CompletableFuture.runAsync(LogContext.carried(() -> run.load(chunk)), io);
                chunk.forEach(bucket -> ready.put(bucket, loaded));
            }
            List<CompletableFuture<Void>> saves = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            Semaphore inFlight = new Semaphore(settings.concurrency());
            List<Future<SeriesOutcome>> futures = new ArrayList<>();
            // One task starts the series in bucket order, each once its bucket is loaded and a slot is free: at most
            // `concurrency` series threads exist, none parked waiting for its turn (parking costs CPU per series).
            Future<?> dispatched = pool.submit(LogContext.carried(() -> {
                try {
                    for (Map.Entry<Integer, List<Instrument>> entry : byBucket.entrySet()) {
                        int bucket = entry.getKey();
                        // A bucket that failed to load is reported by each of its series.
                        ready.get(bucket).handle((loaded, failure) -> null).join();
                        AtomicInteger left = new AtomicInteger(entry.getValue().size());
                        for (Instrument instrument : entry.getValue()) {
                            inFlight.acquire();
                            futures.add(pool.submit(LogContext.carried(() -> {
                                try {
                                    ready.get(bucket).join();
                                    return new SeriesIngest(instrument, run.current.get(instrument.symbol()), provider,
                                            writer, now, windowStart, settings.pageLimit(), settings.maxGapAttempts(),
                                            deadline, state -> run.current.put(state.symbol(), state)).run();
                                } catch (CompletionException e) {
                                    LOG.error("Ingestion state of {} could not be loaded", instrument.symbol(),
                                            e.getCause());
                                    return new SeriesOutcome(instrument.symbol(), SeriesOutcome.Status.FAILED,
                                            "STORE_ERROR", "ingestion state could not be loaded", 0, Map.of(), 0, 0, 0,
                                            0, true, null);
                                } finally {
                                    inFlight.release();
                                    if (left.decrementAndGet() == 0) {
                                        saves.add(CompletableFuture.runAsync(
                                                LogContext.carried(() -> run.save(bucket)), io));
                                    }
                                }
                            })));
                        }
                    }
                } finally {
                    pool.shutdown();
                }
                return null;
            }));
            while (!pool.awaitTermination(settings.checkpoint().toMillis(), TimeUnit.MILLISECONDS)) {
                run.saveAll();
            }
            dispatched.get();
            for (Future<SeriesOutcome> future : futures) {
                outcomes.add(future.get());
            }
            CompletableFuture.allOf(saves.toArray(CompletableFuture[]::new)).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ingest run interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a series task failed outside its own error handling", e.getCause());
        } finally {
            io.shutdown();
            run.saveAll();
        }
        if (!run.unsaved.isEmpty()) {
            failures.add(new IngestSummary.Failure("*", "STATE_NOT_SAVED", "the ingestion state of "
                    + run.unsaved.size() + " bucket(s) could not be saved; the next run repeats their work"));
        }
        IngestSummary summary = summarize(request, universe, provider, now, outcomes, run.gapsGivenUp.size(),
                failures, (System.nanoTime() - started) / 1_000_000);
        reporter.report(summary);
        publishClosed(byBucket, outcomes);
        return summary;
    }

    /**
     * CandlesClosed for the series this run stored candles of (docs/realtime.md#events), once every write has been
     * waited for: each series' writes are joined before its outcome exists. A run that stored nothing says nothing.
     */
    private void publishClosed(Map<Integer, List<Instrument>> byBucket, List<SeriesOutcome> outcomes) {
        Map<String, Instrument> bySymbol = new HashMap<>();
        byBucket.values().forEach(list -> list.forEach(i -> bySymbol.put(i.symbol(), i)));
        List<ClosedSeries> closed = new ArrayList<>();
        for (SeriesOutcome outcome : outcomes) {
            if (outcome.written() > 0 && outcome.newest() != null) {
                closed.add(new ClosedSeries(bySymbol.get(outcome.symbol()), outcome.written(), outcome.newest()));
            }
        }
        if (!closed.isEmpty()) {
            events.closed(closed);
        }
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

    /** @param gapsGivenUpInMerges gaps given up when this run's series were merged with an overlapping run's */
    private IngestSummary summarize(IngestRequest request, Universe universe, MarketDataProvider provider, Instant now,
                                    List<SeriesOutcome> outcomes, int gapsGivenUpInMerges,
                                    List<IngestSummary.Failure> failures, long durationMs) {
        int ok = 0;
        int failed = 0;
        int deferred = 0;
        long written = 0;
        int gapsDetected = 0;
        int gapsFilled = 0;
        int gapsAbandoned = gapsGivenUpInMerges;
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

    /**
     * The state of one run: each bucket as last read or written, the series as last saved and as they are now.
     * Buckets are loaded in chunks (registering new instruments in the catalog on the way) and saved one at a time
     * under a per-bucket lock, when their series are done, at checkpoints and at the end.
     */
    private final class RunState {
        private final Universe universe;
        private final Map<Integer, List<Instrument>> byBucket;
        private final Instant now;
        private final Map<Integer, SeriesBucket> buckets = new ConcurrentHashMap<>();
        private final Map<String, SeriesState> saved;
        final Map<String, SeriesState> current;
        private final Map<Integer, Object> locks = new ConcurrentHashMap<>();
        /** Buckets whose last save failed; a later save (checkpoint, end of run) may still succeed. */
        final Set<Integer> unsaved = ConcurrentHashMap.newKeySet();
        /**
         * Gaps (symbol, start) given up when a save merged this run's series with an overlapping run's: counted once
         * each, though every later save of the series merges them away again.
         */
        final Set<Map.Entry<String, Instant>> gapsGivenUp = ConcurrentHashMap.newKeySet();

        RunState(Universe universe, Map<Integer, List<Instrument>> byBucket, Instant now) {
            this.universe = universe;
            this.byBucket = byBucket;
            this.now = now;
            // Sized for every series up front: growing a concurrent map of ten thousand entries while the loads fill
            // it showed in the ingest benchmark's profile (its table transfers).
            int series = byBucket.values().stream().mapToInt(List::size).sum();
            this.saved = new ConcurrentHashMap<>(series);
            this.current = new ConcurrentHashMap<>(series);
        }

        void load(List<Integer> chunk) {
            Map<Integer, SeriesBucket> loaded = states.load(universe.assetClass(), universe.interval(), chunk);
            List<Instrument> newInCatalog = new ArrayList<>();
            for (int bucket : chunk) {
                SeriesBucket stored = loaded.get(bucket);
                for (Instrument instrument : byBucket.get(bucket)) {
                    SeriesState prior = stored.series().get(instrument.symbol());
                    SeriesState state = prior != null ? prior : SeriesState.empty(instrument.symbol());
                    if (prior != null) {
                        saved.put(instrument.symbol(), prior);
                    }
                    String hash = catalogHash(instrument);
                    if (!hash.equals(state.catalogHash())) {
                        newInCatalog.add(instrument);
                        state = state.withCatalogHash(hash);
                    }
                    current.put(instrument.symbol(), state);
                }
            }
            catalog.register(newInCatalog);
            buckets.putAll(loaded);
        }

        void save(int bucket) {
            synchronized (locks.computeIfAbsent(bucket, b -> new Object())) {
                SeriesBucket base = buckets.get(bucket);
                if (base == null) {
                    return;
                }
                Map<String, SeriesState> changed = new HashMap<>();
                for (Instrument instrument : byBucket.get(bucket)) {
                    SeriesState state = current.get(instrument.symbol());
                    if (state != null && !Objects.equals(saved.get(instrument.symbol()), state)) {
                        changed.put(instrument.symbol(), state);
                    }
                }
                if (changed.isEmpty()) {
                    return;
                }
                try {
                    SeriesStateRepository.Saved stored = states.save(base, changed, now);
                    buckets.put(bucket, stored.bucket());
                    stored.gapsGivenUp().forEach((symbol, gaps) -> gaps.stream()
                            .filter(gap -> gapsGivenUp.add(Map.entry(symbol, gap.from())))
                            .forEach(gap -> SeriesIngest.logTooManyGaps(symbol, universe.interval(), gap)));
                    saved.putAll(changed);
                    unsaved.remove(bucket);
                } catch (RuntimeException e) {
                    // The candles are stored; only the watermarks are not, so the next run fetches and rewrites
                    // them (puts of the same keys). The run still reports, instead of failing without a summary.
                    LOG.error("Ingestion state of bucket {} could not be saved", bucket, e);
                    unsaved.add(bucket);
                }
            }
        }

        void saveAll() {
            byBucket.keySet().forEach(this::save);
        }
    }
}
