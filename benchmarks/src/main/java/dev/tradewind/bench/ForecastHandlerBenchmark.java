package dev.tradewind.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.dynamo.TableProvisioner;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.lambda.SyntheticContext;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;

/**
 * The predict function's forecast route, warm, in-process, over DynamoDB Local on loopback: the handler built by
 * its own Lambda constructor (template environment, models from models/), invoked with the sample event as Lambda
 * invokes it (bytes in, bytes out, JSON logging on).
 * <ul>
 *   <li>cached: the same candle again and again (instrument, latest closed candle and stored prediction: three
 *   reads);</li>
 *   <li>uncached: before each call the clock moves one hour, so a newer candle has closed and the forecast is
 *   computed: the three reads, a 100-candle window query, features, inference and a conditional write;</li>
 *   <li>signals: the ranked signals of the whole bundled universe (8 instruments), all cached.</li>
 * </ul>
 * Each phase runs {@code bench.rounds} rounds; the table shows the quietest round (lowest p50) and the spread.
 * Besides wall time it reports the calling thread's CPU time, which other processes on the machine barely
 * disturb (DynamoDB Local's own work runs on its threads and is not in it).
 */
final class ForecastHandlerBenchmark implements Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2022-01-03T00:00:00Z");

    @Override
    public String name() {
        return "forecast-handler";
    }

    @Override
    public String description() {
        return "Forecast route of the predict function, warm, in-process over DynamoDB Local on loopback"
                + " (targets: cached p50 ≤ 2 ms and p99 ≤ 10 ms, uncached p50 ≤ 10 ms)";
    }

    @Override
    public String run(BenchContext context) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        int cachedCalls = Integer.getInteger("bench.calls", 3000);
        int uncachedCalls = Integer.getInteger("bench.uncached", 600);
        int warmup = Integer.getInteger("bench.warmup", 2000);
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        SamTemplate template = SamTemplate.load(context.template());
        BundledHistory history = BundledHistory.load(context.root().resolve("data/market"));
        PrintStream console = System.out;
        try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(Optional.empty(), 0)) {
            // TTL off: predict runs on a 2022 clock, so DynamoDB Local's sweeper would delete its forecasts.
            new TableProvisioner(dynamo.client(), false).ensure(template.tables());
            Map<String, String> env = new HashMap<>(template.findFunction("PredictFunction").orElseThrow()
                    .environment());
            env.put("AWS_REGION", "us-east-1");
            env.put("DYNAMODB_ENDPOINT", dynamo.endpoint().toString());
            env.put("MODEL_DIRECTORY", context.root().resolve("models").toString());
            env.put("POWERTOOLS_LOG_LEVEL", "INFO");

            List<Candle> btc = history.candles("BTCUSDT");
            int start = indexAt(btc, START);
            int uncachedBars = (uncachedCalls + 200) * rounds + 300;
            DynamoDbEnhancedClient enhanced = DynamoDbClients.enhanced(dynamo.client());
            String marketTable = env.get("MARKET_TABLE");
            InstrumentRepository instruments = new InstrumentRepository(enhanced, marketTable);
            CandleRepository candles = new CandleRepository(enhanced, marketTable);
            instruments.putAll(history.instruments());
            // 200 bars: the direction model needs 100, the crypto volatility model 169 (cached forecasts carry it too).
            candles.putAll(btc.subList(start - 200, start + uncachedBars));
            for (Instrument instrument : history.instruments()) {
                if (!instrument.symbol().equals("BTCUSDT")) {
                    List<Candle> series = history.candles(instrument.symbol());
                    int at = indexAt(series, START);
                    candles.putAll(series.subList(at - 200, at));
                }
            }

            MutableClock clock = new MutableClock(START.plusSeconds(30));
            Environment.install(env, clock);
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            RequestStreamHandler handler = (RequestStreamHandler) Class.forName("dev.tradewind.predict.PredictHandler")
                    .getDeclaredConstructor().newInstance();
            byte[] forecast = Files.readAllBytes(context.root().resolve("events/predict/forecast.json"));
            byte[] signals = Files.readAllBytes(context.root().resolve("events/predict/signals.json"));
            requireStatus(handler, forecast, 200);

            for (int i = 0; i < warmup; i++) {
                invoke(handler, forecast);
            }
            List<Phase> cached = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                cached.add(measure(handler, forecast, cachedCalls, null));
            }
            for (int i = 0; i < warmup / 10; i++) {
                invoke(handler, signals);
            }
            List<Phase> ranked = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                ranked.add(measure(handler, signals, Math.max(100, cachedCalls / 10), null));
            }
            // Uncached: a newer candle closes before every call.
            for (int i = 0; i < 200; i++) {
                clock.advance(Duration.ofHours(1));
                invoke(handler, forecast);
            }
            List<Phase> uncached = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                uncached.add(measure(handler, forecast, uncachedCalls, clock));
            }
            System.setOut(console);
            String check = new String(invoke(handler, forecast));
            if (!check.contains("\\\"cached\\\":true")) {
                throw new IllegalStateException("the last uncached forecast was not stored: " + check);
            }

            StringBuilder report = new StringBuilder("""
                    | request | calls per round | p50 | p90 | p99 | mean | CPU p50 / p99 (handler thread) | p50 of each round | target |
                    |---|---|---|---|---|---|---|---|---|
                    """);
            row(report, "forecast, cached", cached, "p50 ≤ 2 ms, p99 ≤ 10 ms");
            row(report, "forecast, uncached (window read, features, inference, write)", uncached, "p50 ≤ 10 ms");
            row(report, "signals, 8 instruments, cached", ranked, "—");
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return report.append(String.format(Locale.ROOT, """

                    Quietest of %d rounds (lowest p50) after %d warm-up calls; "p50 of each round" shows the spread.
                    System load average %.1f before and %.1f after on 2 cores (other builds share the machine).
                    In-process: the handler from PredictHandler's no-argument constructor (the template's environment,
                    the committed models), invoked with events/predict/forecast.json as bytes and answering bytes,
                    "Request served" log lines formatted and discarded. DynamoDB Local runs in the same JVM on
                    loopback (Apache5 HTTP client, as deployed). This JVM runs C2 (Lambda's template sets C1 only),
                    so warm figures are slightly better than a long-lived Lambda instance's; the CPU column is the
                    calling thread's own CPU time and leaves out DynamoDB Local's work on its threads.
                    """, rounds, warmup, loadAverage, loadAfter)).toString();
        } finally {
            System.setOut(console);
        }
    }

    private record Phase(double[] wallMicros, double[] cpuMicros) {
        double p(double percentile) {
            return percentile(wallMicros, percentile);
        }
    }

    private static Phase measure(RequestStreamHandler handler, byte[] event, int calls, MutableClock advance)
            throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[calls];
        double[] cpu = new double[calls];
        for (int i = 0; i < calls; i++) {
            if (advance != null) {
                advance.advance(Duration.ofHours(1));
            }
            long cpuStart = threads.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            invoke(handler, event);
            wall[i] = (System.nanoTime() - started) / 1_000.0;
            cpu[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000.0;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new Phase(wall, cpu);
    }

    private static void row(StringBuilder report, String name, List<Phase> rounds, String target) {
        Phase best = rounds.stream().min((a, b) -> Double.compare(a.p(50), b.p(50))).orElseThrow();
        StringBuilder spread = new StringBuilder();
        for (Phase phase : rounds) {
            spread.append(spread.isEmpty() ? "" : ", ").append(ms(phase.p(50)));
        }
        report.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s | %s | %s | %s |%n", name,
                best.wallMicros.length, ms(best.p(50)), ms(best.p(90)), ms(best.p(99)),
                ms(Arrays.stream(best.wallMicros).average().orElse(0)),
                ms(percentile(best.cpuMicros, 50)) + " / " + ms(percentile(best.cpuMicros, 99)), spread,
                target));
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000);
    }

    private static double percentile(double[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static byte[] invoke(RequestStreamHandler handler, byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        handler.handleRequest(new ByteArrayInputStream(event), out, new SyntheticContext("bench", "bench", 1024, Duration.ofSeconds(10), message -> { }));
        return out.toByteArray();
    }

    static void requireStatus(RequestStreamHandler handler, byte[] event, int status) throws Exception {
        JsonNode response = JSON.readTree(invoke(handler, event));
        if (response.path("statusCode").asInt() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response);
        }
    }

    private static int indexAt(List<Candle> candles, Instant time) {
        for (int i = 0; i < candles.size(); i++) {
            if (!candles.get(i).openTime().isBefore(time)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no bar at or after " + time);
    }
}
