package dev.tradewind.bench;

import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.dynamo.TableProvisioner;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.market.domain.ingest.IngestRequest;
import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.market.domain.ingest.Universes;
import dev.tradewind.market.domain.provider.BarPage;
import dev.tradewind.market.domain.provider.Deadline;
import dev.tradewind.market.domain.provider.MarketDataProvider;
import dev.tradewind.market.domain.provider.RawBar;
import dev.tradewind.market.domain.provider.Ticker;
import dev.tradewind.market.service.CandleEvents;
import dev.tradewind.market.service.IngestConfig;
import dev.tradewind.market.service.IngestService;
import dev.tradewind.market.service.MarketServices;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.stub.MarketStubServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Market ingestion at the seeds' scale: 10,258 synthetic hourly instruments from the local stub venue, ingested into
 * DynamoDB Local by the real ingest service. After a seeding run (catalog, state and a couple of bars each), the
 * clock moves one hour per measured run, so each run ingests exactly one new candle per instrument: first
 * {@code bench.rounds} runs with the stub's bars handed over in-process (the pipeline alone), then
 * {@code bench.httpRounds} end to end (Binance klines over HTTP from the stub). Raw BatchWriteItem runs (25 pre-built
 * candle items per call, same shape, same number of writer threads, same client) alternate with them, and each
 * ingest run's ratio is against the mean of the raw runs either side; medians are reported. Each run's DynamoDB calls
 * are timed by an SDK interceptor (phases, writes in flight) and its CPU split by thread between DynamoDB Local and
 * the rest; heap is sampled during the ingest runs. Options: {@code -Dbench.instruments}, {@code -Dbench.writers},
 * {@code -Dbench.rounds}, {@code -Dbench.httpRounds}, {@code -Dbench.seedHours}.
 */
public final class IngestScaleBenchmark implements Benchmark {

    private static final Instant T0 = Instant.parse("2022-01-03T00:00:00Z");
    private static final String UNIVERSE = "bench-scale";

    @Override
    public String name() {
        return "ingest-scale";
    }

    @Override
    public String description() {
        return "One new hourly candle for each of 10,258 synthetic instruments from the stub venue into DynamoDB Local, "
                + "against raw BatchWriteItem of the same items (targets: ingest pipeline ≥ 0.8 of raw, heap ≤ 512 MB)";
    }

    @Override
    public String run(BenchContext context) throws Exception {
        int instruments = Integer.getInteger("bench.instruments", 10_258);
        int writers = Integer.getInteger("bench.writers", 4);
        int seedHours = Integer.getInteger("bench.seedHours", 2);
        int rounds = Integer.getInteger("bench.rounds", 5);
        int httpRounds = Integer.getInteger("bench.httpRounds", 3);
        SamTemplate template = SamTemplate.load(context.template());
        String table = template.tables().stream().filter(t -> t.logicalId().equals("MarketDataTable")).findFirst()
                .orElseThrow().tableName();
        try (DynamoDbLocalServer db = DynamoDbLocalServer.start(Optional.empty(), 0);
             MarketStubServer stub = MarketStubServer.start(context.root().resolve("data/market"), 0)) {
            new TableProvisioner(db.client()).ensure(template.tables());
            List<String> symbols = stub.addSynthetic(instruments);
            Path universes = context.workDirectory().resolve("bench-universes.json");
            writeUniverse(universes, symbols, seedHours);
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put("AWS_REGION", "us-east-1");
            variables.put("MARKET_TABLE", table);
            variables.put("DYNAMODB_ENDPOINT", db.endpoint().toString());
            variables.put("DYNAMODB_MAX_CONNECTIONS", "64");
            variables.put("MARKET_UNIVERSES_FILE", universes.toString());
            variables.put("BINANCE_BASE_URL", stub.baseUri().toString());
            // The stub is on this machine: its used-weight header must not make the run wait for Binance's minute.
            variables.put("BINANCE_WEIGHT_LIMIT", "1000000");
            variables.put("BINANCE_MAX_CONCURRENCY", "64");
            variables.put("INGEST_CONCURRENCY", "256");
            variables.put("INGEST_WRITERS", Integer.toString(writers));
            DynamoCallTimer calls = new DynamoCallTimer();
            DynamoDbClient client = DynamoDbClients.create(new Environment(variables, Clock.systemUTC()), List.of(calls));
            DynamoDbEnhancedClient enhanced = DynamoDbClients.enhanced(client);
            Measure measure = new Measure(client, table, stub, symbols, writers, calls);

            System.out.printf("seeding %,d instruments with %d hourly bars each...%n", instruments, seedHours);
            Run seed = measure.ingest(variables, enhanced, T0, Optional.of(Duration.ofHours(seedHours)), false);
            System.out.printf("seeded %,d candles in %.1f s%n", seed.summary.candlesWritten(), seed.seconds);
            // Not reported: the raw path's first run pays for its JIT compilation, which the seeding did for the ingest.
            measure.raw();
            measure.raws.clear();
            double loadBefore = loadAverage();

            // Raw, pipeline, raw, pipeline, ..., raw: each ingest run against the mean of the raw runs either side of
            // it, since the machine's load (and DynamoDB Local's table) drift over a run.
            Series pipeline = new Series();
            Series http = new Series();
            long peak = 0;
            long baseline = Long.MAX_VALUE;
            int requests = 0;
            int hour = 1;
            Raw previous = measure.raw();
            for (int i = 0; i < rounds + httpRounds; i++) {
                boolean overHttp = i >= rounds;
                System.gc();
                baseline = Math.min(baseline, heapUsed());
                stub.resetCounters();
                HeapSampler sampler = HeapSampler.start();
                Run run = measure.ingest(variables, enhanced, T0.plus(Duration.ofHours(hour++)), Optional.empty(), overHttp);
                peak = Math.max(peak, sampler.stop());
                if (run.summary.candlesWritten() != instruments) {
                    throw new IllegalStateException("expected one new candle per instrument: " + run.summary);
                }
                Raw next = measure.raw();
                Series series = overHttp ? http : pipeline;
                series.add(run, previous, next);
                System.out.printf("%s %d: %s%n", overHttp ? "over HTTP" : "pipeline", series.runs.size(),
                        series.describe(series.runs.size() - 1));
                if (overHttp) {
                    requests = stub.totalRequests();
                }
                previous = next;
            }
            client.close();
            return report(instruments, writers, seedHours, seed, http, pipeline, measure.raws, baseline, peak, requests,
                    loadBefore, loadAverage());
        }
    }

    /** Where a pipeline run's wall time went, from its DynamoDB calls. */
    record Phases(double beforeFirstWrite, double writing, double afterLastWrite, int batchWrites, double writesInFlight,
                  int stateReads, int stateWrites, long stateBytesWritten) {

        static Phases of(long started, long ended, List<DynamoCallTimer.Call> calls) {
            long firstWrite = Long.MAX_VALUE;
            long lastWrite = started;
            int batchWrites = 0;
            int stateReads = 0;
            int stateWrites = 0;
            long stateBytes = 0;
            long writeNanos = 0;
            for (DynamoCallTimer.Call call : calls) {
                switch (call.operation()) {
                    case "BatchWriteItem" -> {
                        batchWrites++;
                        writeNanos += call.ended() - call.started();
                        firstWrite = Math.min(firstWrite, call.started());
                        lastWrite = Math.max(lastWrite, call.ended());
                    }
                    case "BatchGetItem" -> stateReads++;
                    case "PutItem" -> {
                        stateWrites++;
                        stateBytes += call.requestBytes();
                    }
                    default -> { }
                }
            }
            firstWrite = Math.min(firstWrite, lastWrite);
            return new Phases((firstWrite - started) / 1e9, (lastWrite - firstWrite) / 1e9, (ended - lastWrite) / 1e9,
                    batchWrites, lastWrite > firstWrite ? (double) writeNanos / (lastWrite - firstWrite) : 0, stateReads,
                    stateWrites, stateBytes);
        }
    }

    private record Run(IngestSummary summary, double seconds, CpuMeter.Usage cpu, Phases phases) {
        double candlesPerSecond() {
            return summary.candlesWritten() / seconds;
        }
    }

    private record Raw(int items, double seconds, int itemBytes, CpuMeter.Usage cpu, double writesInFlight) {
        double itemsPerSecond() {
            return items / seconds;
        }
    }

    /** Ingest runs of one kind, each with the raw runs just before and after it. */
    private static final class Series {
        final List<Run> runs = new ArrayList<>();
        final List<Raw> before = new ArrayList<>();
        final List<Raw> after = new ArrayList<>();

        void add(Run run, Raw previous, Raw next) {
            runs.add(run);
            before.add(previous);
            after.add(next);
        }

        double ratio(int i) {
            return runs.get(i).candlesPerSecond() / ((before.get(i).itemsPerSecond() + after.get(i).itemsPerSecond()) / 2);
        }

        List<Double> ratios() {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                ratios.add(ratio(i));
            }
            return ratios;
        }

        String describe(int i) {
            Run run = runs.get(i);
            Phases p = run.phases;
            Raw raw = after.get(i);
            long candles = run.summary.candlesWritten();
            return String.format(Locale.ROOT, "%,d candles in %.2f s = %,.0f/s; raw %,.0f and %,.0f items/s; ratio %.2f; "
                            + "phases %.2f + %.2f + %.2f s, %.1f writes in flight (raw %.1f); CPU µs per candle: ours %.0f, "
                            + "Jetty %.0f, SQLite %.0f (raw %.0f, %.0f, %.0f); SQLite busy %.0f %% (raw %.0f %%); "
                            + "JIT compiling %d ms (raw %d); %d batch writes, %d state reads, %d state writes (%,d KB)",
                    candles, run.seconds, run.candlesPerSecond(), before.get(i).itemsPerSecond(),
                    raw.itemsPerSecond(), ratio(i), p.beforeFirstWrite, p.writing, p.afterLastWrite, p.writesInFlight,
                    raw.writesInFlight, perCandle(run.cpu.otherNanos(), candles),
                    perCandle(run.cpu.group("jetty"), candles), perCandle(run.cpu.group("sqlite"), candles),
                    perCandle(raw.cpu.otherNanos(), raw.items), perCandle(raw.cpu.group("jetty"), raw.items),
                    perCandle(raw.cpu.group("sqlite"), raw.items), run.cpu.group("sqlite") / run.seconds / 1e7,
                    raw.cpu.group("sqlite") / raw.seconds / 1e7, run.cpu.compileMillis(), raw.cpu.compileMillis(),
                    p.batchWrites, p.stateReads,
                    p.stateWrites, p.stateBytesWritten >> 10);
        }
    }

    private static String cpuPerCandle(List<CpuMeter.Usage> usages, List<? extends Number> candles) {
        List<Double> ours = new ArrayList<>();
        List<Double> jetty = new ArrayList<>();
        List<Double> sqlite = new ArrayList<>();
        for (int i = 0; i < usages.size(); i++) {
            ours.add(perCandle(usages.get(i).otherNanos(), candles.get(i).longValue()));
            jetty.add(perCandle(usages.get(i).group("jetty"), candles.get(i).longValue()));
            sqlite.add(perCandle(usages.get(i).group("sqlite"), candles.get(i).longValue()));
        }
        return String.format(Locale.ROOT, "%.0f µs / %.0f µs / %.0f µs", Medians.of(ours), Medians.of(jetty),
                Medians.of(sqlite));
    }

    private static double perCandle(long nanos, long candles) {
        return nanos / 1e3 / candles;
    }

    /**
     * The stub's bars handed over in-process, as the venue's answer would be parsed: the ingest pipeline without the
     * local HTTP round trip, whose server half would not run on a Lambda's CPU.
     */
    static final class InProcessStub implements MarketDataProvider {
        private final MarketStubServer stub;

        InProcessStub(MarketStubServer stub) {
            this.stub = stub;
        }

        @Override
        public String name() {
            return "stub-in-process";
        }

        @Override
        public BarPage fetch(Instrument instrument, Instant from, Instant to, int limit, Instant now, Deadline deadline) {
            List<RawBar> bars = new ArrayList<>();
            for (Candle c : stub.bars(instrument.symbol(), from, to.minusMillis(1))) {
                if (bars.size() == limit) {
                    return BarPage.of(bars, c.openTime());
                }
                bars.add(new RawBar(c.openTime(), c.open(), c.high(), c.low(), c.close(), c.volume()));
            }
            return BarPage.of(bars, null);
        }
    }

    /** Runs the ingest and the raw baseline on one client, timing their DynamoDB calls and CPU. */
    private static final class Measure {
        private final DynamoDbClient client;
        private final String table;
        private final MarketStubServer stub;
        private final List<String> symbols;
        private final int writers;
        private final DynamoCallTimer calls;
        // DynamoDB Local runs in this JVM: its Jetty pool and its SQLite thread.
        private final CpuMeter cpu = new CpuMeter(List.of(new CpuMeter.Group("sqlite", n -> n.startsWith("SQLiteQueue")),
                new CpuMeter.Group("jetty", n -> n.startsWith("qtp"))));
        final List<Raw> raws = new ArrayList<>();
        private int rawHour = 1000;

        Measure(DynamoDbClient client, String table, MarketStubServer stub, List<String> symbols, int writers,
                DynamoCallTimer calls) {
            this.client = client;
            this.table = table;
            this.stub = stub;
            this.symbols = symbols;
            this.writers = writers;
            this.calls = calls;
        }

        Run ingest(Map<String, String> variables, DynamoDbEnhancedClient enhanced, Instant now, Optional<Duration> backfill,
                   boolean overHttp) {
            stub.now(now);
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            AtomicReference<IngestSummary> summary = new AtomicReference<>();
            IngestConfig config = IngestConfig.from(new Environment(variables, clock));
            MarketDataProvider inProcess = new InProcessStub(stub);
            // Runs publish nothing here: the benchmark measures ingestion, not the event bus.
            CandleEvents none = series -> {
            };
            var service = overHttp ? MarketServices.createIngest(config, enhanced, clock, Ticker.SYSTEM, summary::set,
                    none) : new IngestService(Universes.load(config.universesFile()), universe -> inProcess, enhanced,
                            config.marketTable(), clock, config.ingest(), summary::set, none);
            IngestRequest request = IngestRequest.of(UNIVERSE);
            if (backfill.isPresent()) {
                request = request.withBackfill(backfill.get());
            }
            calls.drain();
            CpuMeter.Mark mark = cpu.mark();
            long started = System.nanoTime();
            service.run(request, Deadline.NONE);
            long ended = System.nanoTime();
            CpuMeter.Usage used = mark.stop();
            IngestSummary result = summary.get();
            if (!"completed".equals(result.status())) {
                throw new IllegalStateException("benchmark run did not complete: " + result);
            }
            return new Run(result, (ended - started) / 1e9, used, Phases.of(started, ended, calls.drain()));
        }

        /**
         * BatchWriteItem of 25 items per call on {@code writers} threads: candle items exactly as the ingest writes
         * them, for an hour no ingest run writes, built before the clock starts.
         */
        Raw raw() throws InterruptedException {
            Instant openTime = T0.plus(Duration.ofHours(rawHour++));
            Instant previous = stub.now();
            stub.now(openTime);
            List<List<WriteRequest>> batches = new ArrayList<>();
            List<WriteRequest> batch = new ArrayList<>();
            int bytes = 0;
            for (String symbol : symbols) {
                Candle c = stub.bars(symbol, openTime, openTime).getFirst();
                Map<String, AttributeValue> item = new LinkedHashMap<>();
                item.put("pk", AttributeValue.fromS(CandleRepository.partitionKey(symbol, Interval.H1)));
                item.put("sk", AttributeValue.fromS(CandleRepository.sortKey(c.openTime())));
                item.put("o", AttributeValue.fromN(c.open().toString()));
                item.put("h", AttributeValue.fromN(c.high().toString()));
                item.put("l", AttributeValue.fromN(c.low().toString()));
                item.put("c", AttributeValue.fromN(c.close().toString()));
                item.put("v", AttributeValue.fromN(c.volume().toString()));
                for (var e : item.entrySet()) {
                    bytes += e.getKey().length() + (e.getValue().s() != null ? e.getValue().s().length() : e.getValue().n().length());
                }
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                if (batch.size() == 25) {
                    batches.add(batch);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                batches.add(batch);
            }
            stub.now(previous);
            AtomicInteger next = new AtomicInteger();
            AtomicLong written = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            CpuMeter.Mark mark = cpu.mark();
            long started = System.nanoTime();
            for (int i = 0; i < writers; i++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int b; (b = next.getAndIncrement()) < batches.size(); ) {
                        Map<String, List<WriteRequest>> pending = Map.of(table, batches.get(b));
                        while (!pending.isEmpty()) {
                            Map<String, List<WriteRequest>> request = pending;
                            BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(request));
                            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                        }
                        written.addAndGet(batches.get(b).size());
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            CpuMeter.Usage used = mark.stop();
            long writeNanos = calls.drain().stream().mapToLong(c -> c.ended() - c.started()).sum();
            Raw raw = new Raw((int) written.get(), seconds, bytes / symbols.size(), used, writeNanos / (seconds * 1e9));
            raws.add(raw);
            return raw;
        }
    }

    private static void writeUniverse(Path file, List<String> symbols, int seedHours) throws java.io.IOException {
        StringBuilder json = new StringBuilder("{\"universes\": {\"" + UNIVERSE + "\": {\"assetClass\": \"crypto\", "
                + "\"interval\": \"1h\", \"provider\": \"binance\", \"backfill\": \"PT" + seedHours + "H\", \"instruments\": [");
        for (int i = 0; i < symbols.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"symbol\": \"").append(symbols.get(i)).append("\"}");
        }
        json.append("]}}}");
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Samples heap use every 10 ms on a daemon thread and keeps the peak. */
    private static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread;

        private HeapSampler() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static HeapSampler start() {
            return new HeapSampler();
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return Math.max(peak.get(), heapUsed());
        }
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        return Medians.of(runs.stream().map(value::applyAsDouble).toList());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String report(int instruments, int writers, int seedHours, Run seed, Series http, Series pipeline,
                                 List<Raw> raws, long baseline, long peak, int requests, double loadBefore,
                                 double loadAfter) {
        double rawMedian = Medians.of(raws.stream().map(Raw::itemsPerSecond).toList());
        List<Double> pipelineRatios = pipeline.ratios();
        double pipelineRatio = Medians.of(pipelineRatios);
        int n = pipeline.runs.size();
        StringBuilder out = new StringBuilder();
        out.append("| measurement | value |\n|---|---|\n");
        row(out, "instruments (synthetic USDT pairs, hourly)", String.format(Locale.ROOT, "%,d", instruments));
        row(out, "seeding run (first-time backfill, " + seedHours + " bars each, in-process source)", String.format(
                Locale.ROOT, "%,d candles in %.1f s = %,.0f candles/s", seed.summary.candlesWritten(), seed.seconds,
                seed.candlesPerSecond()));
        row(out, "raw BatchWriteItem, same items (~" + raws.getFirst().itemBytes() + " B), 25 per call, " + writers
                + " writer threads, " + raws.size() + " runs", String.format(Locale.ROOT,
                "median %,.0f items/s (%,.0f to %,.0f)", rawMedian,
                raws.stream().mapToDouble(Raw::itemsPerSecond).min().orElse(0),
                raws.stream().mapToDouble(Raw::itemsPerSecond).max().orElse(0)));
        row(out, "**one new candle each, ingest pipeline: the stub's bars handed over in-process**", String.format(
                Locale.ROOT, "median %.2f s = **%,.0f candles/s**", median(pipeline.runs, Run::seconds),
                median(pipeline.runs, Run::candlesPerSecond)));
        row(out, "**ratio to raw, ingest pipeline** (target ≥ 0.8; median of " + n + ", each run against the raw runs "
                + "either side)", String.format(Locale.ROOT, "**%.2f** (%.2f to %.2f: %s)", pipelineRatio,
                pipelineRatios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                pipelineRatios.stream().mapToDouble(Double::doubleValue).max().orElse(0), ratios(pipelineRatios)));
        row(out, "pipeline run, wall time split (medians): before the first candle write / candle writes / after the "
                + "last", String.format(Locale.ROOT, "%.2f s / %.2f s / %.2f s",
                median(pipeline.runs, r -> r.phases.beforeFirstWrite), median(pipeline.runs, r -> r.phases.writing),
                median(pipeline.runs, r -> r.phases.afterLastWrite)));
        Phases phases = pipeline.runs.getLast().phases;
        row(out, "pipeline run, DynamoDB calls", String.format(Locale.ROOT,
                "%d BatchWriteItem for %,d candles; state: %d BatchGetItem, %d PutItem (%,d KB)", phases.batchWrites,
                instruments, phases.stateReads, phases.stateWrites, phases.stateBytesWritten >> 10));
        row(out, "CPU per candle, ingest pipeline (medians): ours (SDK, pipeline, GC, JIT) / DynamoDB Local's Jetty "
                + "threads / its SQLite thread", cpuPerCandle(pipeline.runs.stream().map(r -> r.cpu).toList(),
                pipeline.runs.stream().map(r -> r.summary.candlesWritten()).toList()));
        row(out, "CPU per candle, raw BatchWriteItem (medians): ours / Jetty / SQLite", cpuPerCandle(
                raws.stream().map(Raw::cpu).toList(), raws.stream().map(Raw::items).toList()));
        row(out, "SQLite thread busy (its CPU ÷ wall time, medians): raw / pipeline", String.format(Locale.ROOT,
                "%.0f %% / %.0f %%",
                Medians.of(raws.stream().map(r -> r.cpu.group("sqlite") / r.seconds / 1e7).toList()),
                median(pipeline.runs, r -> r.cpu.group("sqlite") / r.seconds / 1e7)));
        // On two cores the JIT compiles through every run (C2 above all), and the pipeline brings more code to compile.
        row(out, "JIT compilation time during a run (the JVM's estimate, medians): raw / pipeline", String.format(
                Locale.ROOT, "%.0f ms / %.0f ms", Medians.of(raws.stream().map(r -> (double) r.cpu.compileMillis())
                        .toList()), median(pipeline.runs, r -> (double) r.cpu.compileMillis())));
        row(out, "BatchWriteItem calls in flight, mean (medians): raw / pipeline", String.format(Locale.ROOT,
                "%.2f / %.2f", Medians.of(raws.stream().map(Raw::writesInFlight).toList()),
                median(pipeline.runs, r -> r.phases.writesInFlight)));
        if (!http.runs.isEmpty()) {
            row(out, "one new candle each, end to end: stub venue over HTTP → ingest → DynamoDB Local", String.format(
                    Locale.ROOT, "median %.2f s = %,.0f candles/s; %,d venue requests", median(http.runs, Run::seconds),
                    median(http.runs, Run::candlesPerSecond), requests));
            row(out, "ratio to raw, end to end (median of " + http.runs.size() + ")", String.format(Locale.ROOT,
                    "%.2f (%s)", Medians.of(http.ratios()), ratios(http.ratios())));
        }
        row(out, "**heap used, peak during the measured runs** (target ≤ 512 MB)", String.format(Locale.ROOT,
                "**%,d MB** for the whole JVM (DynamoDB Local and the stub included); %,d MB above the idle baseline",
                peak >> 20, Math.max(0, peak - baseline) >> 20));
        out.append(String.format(Locale.ROOT, "%nLoad average %.1f before the measured runs and %.1f after, on %d cores."
                + "%n", loadBefore, loadAfter, Runtime.getRuntime().availableProcessors()));
        double pipelineCpu = median(pipeline.runs, r -> perCandle(r.cpu.processNanos(), r.summary.candlesWritten()));
        double rawCpu = Medians.of(raws.stream().map(r -> perCandle(r.cpu.processNanos(), r.items)).toList());
        double pipelineOurs = median(pipeline.runs, r -> perCandle(r.cpu.otherNanos(), r.summary.candlesWritten()));
        double rawOurs = Medians.of(raws.stream().map(r -> perCandle(r.cpu.otherNanos(), r.items)).toList());
        out.append(String.format(Locale.ROOT, "%n**%s** (pipeline %.2f of raw). ", pipelineRatio >= 0.8
                ? "Meets the 0.8 target on this machine" : "Below the 0.8 target on this machine", pipelineRatio))
                .append(String.format(Locale.ROOT, "Where the difference comes from: the pipeline keeps its writers as "
                        + "busy as the raw run does (%.2f vs %.2f BatchWriteItem calls in flight, full 25-item batches), "
                        + "starts writing %.2f s into the run and finishes %.2f s after its last write, so it is neither "
                        + "starved of candles nor waiting on its state. What differs is CPU: %.0f µs of the process's "
                        + "CPU per candle against raw's %.0f µs, of which our side %.0f µs against %.0f µs (per series a "
                        + "task, a fetch, validation and a watermark; per run the 64 state buckets, about %,d KB each "
                        + "way, which DynamoDB Local also has to parse and store; and the JIT, still compiling, %.0f ms "
                        + "a pipeline run against %.0f ms a raw run). Both runs share two cores with "
                        + "DynamoDB Local's writer and whatever else the machine runs: where CPU is the only limit the "
                        + "ratio of CPU per candle, %.2f, is what the pipeline can reach; where both wait on DynamoDB "
                        + "Local's single SQLite thread instead, the ratio approaches 1. %s%n",
                        median(pipeline.runs, r -> r.phases.writesInFlight),
                        Medians.of(raws.stream().map(Raw::writesInFlight).toList()),
                        median(pipeline.runs, r -> r.phases.beforeFirstWrite),
                        median(pipeline.runs, r -> r.phases.afterLastWrite), pipelineCpu, rawCpu, pipelineOurs, rawOurs,
                        phases.stateBytesWritten >> 10, median(pipeline.runs, r -> (double) r.cpu.compileMillis()),
                        Medians.of(raws.stream().map(r -> (double) r.cpu.compileMillis()).toList()),
                        rawCpu / pipelineCpu, pipelineRatio >= rawCpu / pipelineCpu
                                ? "The measured ratio lies between the two."
                                : "The measured ratio is below even the first: the load changed between runs."));
        double projectionRate = http.runs.isEmpty() ? median(pipeline.runs, Run::candlesPerSecond)
                : median(http.runs, Run::candlesPerSecond);
        // All shards behind one egress IP share Binance's budget: 5,400 weight a minute (90 % of 6,000), 2 per call.
        double weightBound = instruments * 2 / 5400.0 * 60;
        out.append("\nProjected Lambda wall time for one hourly run of this universe split over N shards (one schedule ")
                .append("each, all at once):\n\n| shards | instruments per shard | at this machine's end-to-end rate ")
                .append("| network-bound estimate on Lambda | the same, all shards behind one egress IP |\n")
                .append("|---|---|---|---|---|\n");
        for (int shards : new int[] {1, 2, 4, 8, 16}) {
            int perShard = (instruments + shards - 1) / shards;
            double local = perShard / projectionRate;
            // On Lambda: ~100 ms per Binance klines call with 16 in flight; ~10 ms per 25-item BatchWriteItem on 4 writers.
            double network = Math.max(perShard * 0.100 / 16, perShard / 25.0 * 0.010 / writers);
            out.append(String.format(Locale.ROOT, "| %d | %,d | %.1f s | %.1f s | %.0f s |%n", shards, perShard, local,
                    network, Math.max(network, weightBound)));
        }
        out.append("""

                How to read this. A shared 2-core machine: the stub venue, DynamoDB Local (which funnels every write
                through one SQLite thread) and the ingest compete for the same CPUs, and the raw baseline moves with
                the machine's load, so raw and ingest runs alternate (raw, pipeline, raw, ...) and each ingest run is
                compared with the mean of the raw runs just before and after it. Both write the same candle items
                (same keys and attributes, each run a new hour, so every write is an insert) 25 per BatchWriteItem on
                the same number of writer threads through the same client; the raw items are built before its clock
                starts. The wall-time split comes from the DynamoDB calls' own timestamps (an SDK interceptor in the
                benchmark); CPU is the process's CPU time over each run, split by thread between DynamoDB Local (its
                Jetty pool and SQLite thread) and the rest. End to end, every candle also costs an HTTP request and
                response *served on the same two cores* by the stub; on Lambda the venue's half of that runs
                elsewhere and the client half is I/O wait. The pipeline rows hand the stub's bars over in-process:
                same validation, batching, watermarks and state, no local HTTP; they are the figure the 0.8 target
                applies to. Add about 1 s for a cold start (see cold-start) to each shard's time. The network-bound
                column assumes ~100 ms per Binance call with 16 in flight per shard and ~10 ms per BatchWriteItem.
                Whatever the shard count, Binance's request-weight limit (6,000 per minute per IP, 2 per klines call;
                the provider stops at 90 %) lets one egress IP refresh 2,700 instruments a minute, so behind one NAT
                address the universe takes about 3.8 minutes an hour however it is sharded: shards only help with
                distinct egress IPs.
                """);
        return out.toString();
    }

    private static String ratios(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
