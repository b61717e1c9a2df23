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
 * clock moves one hour per measured run, so each run ingests exactly one new candle per instrument, alternately end
 * to end (Binance klines over HTTP from the stub) and with the stub's bars handed over in-process (the pipeline
 * alone). Every measured run is bracketed by raw BatchWriteItem runs (25 pre-built candle items per call, same shape,
 * same number of writer threads, same JVM); its ratio is against their mean, and medians over the rounds are
 * reported. Heap is sampled during the measured runs. Options: {@code -Dbench.instruments}, {@code -Dbench.writers},
 * {@code -Dbench.rounds}, {@code -Dbench.seedHours}.
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
        int rounds = Integer.getInteger("bench.rounds", 3);
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
            DynamoDbClient client = DynamoDbClients.create(new Environment(variables, Clock.systemUTC()));
            DynamoDbEnhancedClient enhanced = DynamoDbClients.enhanced(client);

            System.out.printf("seeding %,d instruments with %d hourly bars each...%n", instruments, seedHours);
            Run seed = ingest(variables, enhanced, T0, stub, Optional.of(Duration.ofHours(seedHours)), false);
            System.out.printf("seeded %,d candles in %.1f s%n", seed.summary.candlesWritten(), seed.seconds);

            // Each ingest run is bracketed by raw runs; its ratio is against their mean (the machine's load drifts).
            List<Double> httpRatios = new ArrayList<>();
            List<Double> pipelineRatios = new ArrayList<>();
            List<Run> httpRuns = new ArrayList<>();
            List<Run> pipelineRuns = new ArrayList<>();
            List<Raw> raws = new ArrayList<>();
            long peak = 0;
            long baseline = Long.MAX_VALUE;
            int requests = 0;
            int hour = 1;
            Raw previous = raw(client, table, stub, symbols, T0.plus(Duration.ofHours(1000)), writers);
            raws.add(previous);
            for (int round = 0; round < rounds; round++) {
                for (boolean overHttp : new boolean[] {true, false}) {
                    System.gc();
                    baseline = Math.min(baseline, heapUsed());
                    stub.resetCounters();
                    HeapSampler sampler = HeapSampler.start();
                    Run run = ingest(variables, enhanced, T0.plus(Duration.ofHours(hour++)), stub, Optional.empty(), overHttp);
                    peak = Math.max(peak, sampler.stop());
                    Raw next = raw(client, table, stub, symbols, T0.plus(Duration.ofHours(1000 + raws.size())), writers);
                    raws.add(next);
                    double ratio = run.candlesPerSecond() / ((previous.itemsPerSecond() + next.itemsPerSecond()) / 2);
                    System.out.printf("round %d %s: %,d candles in %.2f s = %,.0f/s; raw %,.0f and %,.0f items/s; ratio %.2f%n",
                            round + 1, overHttp ? "over HTTP" : "in-process", run.summary.candlesWritten(), run.seconds,
                            run.candlesPerSecond(), previous.itemsPerSecond(), next.itemsPerSecond(), ratio);
                    if (run.summary.candlesWritten() != instruments) {
                        throw new IllegalStateException("expected one new candle per instrument: " + run.summary);
                    }
                    if (overHttp) {
                        httpRatios.add(ratio);
                        httpRuns.add(run);
                        requests = stub.totalRequests();
                    } else {
                        pipelineRatios.add(ratio);
                        pipelineRuns.add(run);
                    }
                    previous = next;
                }
            }
            client.close();
            return report(instruments, writers, seedHours, rounds, seed, httpRuns, httpRatios, pipelineRuns,
                    pipelineRatios, raws, baseline, peak, requests);
        }
    }

    private record Run(IngestSummary summary, double seconds) {
        double candlesPerSecond() {
            return summary.candlesWritten() / seconds;
        }
    }

    private record Raw(int items, double seconds, int itemBytes) {
        double itemsPerSecond() {
            return items / seconds;
        }
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

    private static Run ingest(Map<String, String> variables, DynamoDbEnhancedClient client, Instant now,
                              MarketStubServer stub, Optional<Duration> backfill, boolean overHttp) {
        stub.now(now);
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        AtomicReference<IngestSummary> summary = new AtomicReference<>();
        IngestConfig config = IngestConfig.from(new Environment(variables, clock));
        MarketDataProvider inProcess = new InProcessStub(stub);
        var service = overHttp ? MarketServices.createIngest(config, client, clock, Ticker.SYSTEM, summary::set)
                : new IngestService(Universes.load(config.universesFile()), universe -> inProcess, client,
                        config.marketTable(), clock, config.ingest(), summary::set);
        IngestRequest request = IngestRequest.of(UNIVERSE);
        if (backfill.isPresent()) {
            request = request.withBackfill(backfill.get());
        }
        long started = System.nanoTime();
        service.run(request, Deadline.NONE);
        double seconds = (System.nanoTime() - started) / 1e9;
        IngestSummary result = summary.get();
        if (!"completed".equals(result.status())) {
            throw new IllegalStateException("benchmark run did not complete: " + result);
        }
        return new Run(result, seconds);
    }

    /** BatchWriteItem of 25 items per call on {@code writers} threads: candle items exactly as the ingest writes them. */
    private static Raw raw(DynamoDbClient client, String table, MarketStubServer stub, List<String> symbols, Instant openTime,
                           int writers) throws InterruptedException {
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
        return new Raw((int) written.get(), seconds, bytes / symbols.size());
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

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Run medianRun(List<Run> runs) {
        return runs.stream().sorted(java.util.Comparator.comparingDouble(Run::seconds)).toList().get(runs.size() / 2);
    }

    private static String report(int instruments, int writers, int seedHours, int rounds, Run seed, List<Run> httpRuns,
                                 List<Double> httpRatios, List<Run> pipelineRuns, List<Double> pipelineRatios,
                                 List<Raw> raws, long baseline, long peak, int requests) {
        Run http = medianRun(httpRuns);
        Run pipeline = medianRun(pipelineRuns);
        double rawMedian = median(raws.stream().map(Raw::itemsPerSecond).toList());
        StringBuilder out = new StringBuilder();
        out.append("| measurement | value |\n|---|---|\n");
        row(out, "instruments (synthetic USDT pairs, hourly)", String.format(Locale.ROOT, "%,d", instruments));
        row(out, "seeding run (first-time backfill, " + seedHours + " bars each, in-process source)", String.format(
                Locale.ROOT, "%,d candles in %.1f s = %,.0f candles/s", seed.summary.candlesWritten(), seed.seconds,
                seed.candlesPerSecond()));
        row(out, "raw BatchWriteItem, same items (~" + raws.getFirst().itemBytes() + " B), " + writers
                + " writer threads, " + raws.size() + " runs", String.format(Locale.ROOT, "median %,.0f items/s (%,.0f to %,.0f)",
                rawMedian, raws.stream().mapToDouble(Raw::itemsPerSecond).min().orElse(0),
                raws.stream().mapToDouble(Raw::itemsPerSecond).max().orElse(0)));
        row(out, "**one new candle each, end to end: stub venue over HTTP → ingest → DynamoDB Local**", String.format(
                Locale.ROOT, "median %.2f s = **%,.0f candles/s**; %,d venue requests", http.seconds,
                http.candlesPerSecond(), requests));
        row(out, "ratio to raw, end to end (median of " + rounds + ")", String.format(Locale.ROOT, "**%.2f** (%s)",
                median(httpRatios), ratios(httpRatios)));
        row(out, "**one new candle each, ingest pipeline: the stub's bars handed over in-process**", String.format(
                Locale.ROOT, "median %.2f s = **%,.0f candles/s**", pipeline.seconds, pipeline.candlesPerSecond()));
        row(out, "**ratio to raw, ingest pipeline** (target ≥ 0.8; median of " + rounds + ")", String.format(Locale.ROOT,
                "**%.2f** (%s)", median(pipelineRatios), ratios(pipelineRatios)));
        row(out, "**heap used, peak during the measured runs** (target ≤ 512 MB)", String.format(Locale.ROOT,
                "**%,d MB** for the whole JVM (DynamoDB Local and the stub included); %,d MB above the idle baseline",
                peak >> 20, Math.max(0, peak - baseline) >> 20));
        double pipelineRatio = median(pipelineRatios);
        if (pipelineRatio < 0.8) {
            out.append(String.format(Locale.ROOT, "\n**Below the 0.8 target on this machine** (pipeline %.2f). ", pipelineRatio))
                    .append("What the run adds to the raw writes: per series a venue call, validation and a state ")
                    .append("update, and the state buckets read and written once per run (overlapped with the candle ")
                    .append("writes). DynamoDB Local's single SQLite thread takes one of the two cores; the run's own ")
                    .append("work shares the other. Eight writer threads, or writing candles through the low-level ")
                    .append("client instead of the enhanced one, did not improve it.\n");
        }
        // All shards behind one egress IP share Binance's budget: 5,400 weight a minute (90 % of 6,000), 2 per call.
        double weightBound = instruments * 2 / 5400.0 * 60;
        out.append("\nProjected Lambda wall time for one hourly run of this universe split over N shards (one schedule ")
                .append("each, all at once):\n\n| shards | instruments per shard | at this machine's end-to-end rate ")
                .append("| network-bound estimate on Lambda | the same, all shards behind one egress IP |\n")
                .append("|---|---|---|---|---|\n");
        for (int shards : new int[] {1, 2, 4, 8, 16}) {
            int perShard = (instruments + shards - 1) / shards;
            double local = perShard / http.candlesPerSecond();
            // On Lambda: ~100 ms per Binance klines call with 16 in flight; ~10 ms per 25-item BatchWriteItem on 4 writers.
            double network = Math.max(perShard * 0.100 / 16, perShard / 25.0 * 0.010 / writers);
            out.append(String.format(Locale.ROOT, "| %d | %,d | %.1f s | %.1f s | %.0f s |%n", shards, perShard, local,
                    network, Math.max(network, weightBound)));
        }
        out.append("""

                How to read this. A shared 2-core machine: the stub venue, DynamoDB Local (which funnels every write
                through one SQLite thread) and the ingest compete for the same CPUs, and the raw baseline moves with
                the machine's load, so each ingest run is compared with the raw runs just before and after it. End to
                end, every candle also costs an HTTP request and response *served on the same two cores* by the stub;
                on Lambda the venue's half of that runs elsewhere and the client half is I/O wait. The pipeline row
                hands the stub's bars over in-process: same validation, batching, watermarks and state, no local HTTP;
                it is the figure the 0.8 target applies to. Add about 1 s for a cold start (see cold-start) to each
                shard's time. The network-bound column assumes ~100 ms per Binance call with 16 in flight per shard
                and ~10 ms per BatchWriteItem. Whatever the shard count, Binance's request-weight limit (6,000 per
                minute per IP, 2 per klines call; the provider stops at 90 %) lets one egress IP refresh 2,700
                instruments a minute, so behind one NAT address the universe takes about 3.8 minutes an hour however
                it is sharded: shards only help with distinct egress IPs.
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
