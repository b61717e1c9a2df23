package dev.tradewind.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.dynamo.TableProvisioner;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.trading.domain.backtest.BacktestEngine;
import dev.tradewind.testing.MutableClock;
import dev.tradewind.trading.domain.backtest.Rules;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The backtest engine (the paper-trading engine run bar by bar) on one year of real BTCUSDT hourly bars from the
 * bundled history, warm, one thread: bar-steps per second against issue 16's target of ≥ 1 million; then the same
 * backtest as a request through the trading-session handler over DynamoDB Local (target: p50 ≤ 300 ms).
 */
final class BacktestEngineBenchmark implements Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STRATEGY = "{\"entry\":{\"all\":[{\"indicator\":\"rsi\",\"period\":14,\"op\":\"<\","
            + "\"value\":35}]},\"exit\":{\"any\":[{\"indicator\":\"rsi\",\"period\":14,\"op\":\">\",\"value\":65}]},"
            + "\"stopLossPct\":3,\"takeProfitPct\":6,\"positionFraction\":0.5}";

    @Override
    public String name() {
        return "backtest-engine";
    }

    @Override
    public String description() {
        return "Backtest engine, one year of BTCUSDT hourly bars, an RSI strategy with stops, warm, one thread"
                + " (target: ≥ 1 million bar-steps a second), and the request end to end (target: p50 ≤ 300 ms)";
    }

    /** p50 and p90 in ms, the answer's size, requests and warm-up requests. */
    private static double[] requests(BenchContext context, List<Candle> year) throws Exception {
        int calls = Integer.getInteger("bench.requests", 30);
        int warmup = Integer.getInteger("bench.requestWarmup", 10);
        SamTemplate template = SamTemplate.load(context.template());
        PrintStream console = System.out;
        try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(Optional.empty(), 0)) {
            // TTL off: trading runs on a 2022 clock, so DynamoDB Local's sweeper would delete its backtests.
            new TableProvisioner(dynamo.client(), false).ensure(template.tables());
            Map<String, String> env = new HashMap<>(template.findFunction("TradingSessionFunction").orElseThrow()
                    .environment());
            env.put("AWS_REGION", "us-east-1");
            env.put("DYNAMODB_ENDPOINT", dynamo.endpoint().toString());
            var enhanced = DynamoDbClients.enhanced(dynamo.client());
            BundledHistory history = BundledHistory.load(context.root().resolve("data/market"));
            new InstrumentRepository(enhanced, env.get("MARKET_TABLE")).putAll(history.instruments());
            new CandleRepository(enhanced, env.get("MARKET_TABLE")).putAll(history.candles("BTCUSDT",
                    Instant.parse("2020-12-20T00:00:00Z"), Instant.parse("2022-01-01T00:00:00Z")));
            Environment.install(env, new MutableClock(Instant.parse("2022-01-02T00:00:00Z")));
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            RequestStreamHandler handler = (RequestStreamHandler) Class.forName(
                    "dev.tradewind.trading.TradingHandler").getDeclaredConstructor().newInstance();
            ObjectNode event = (ObjectNode) JSON.readTree(Files.readAllBytes(
                    context.root().resolve("events/trading-session/create-backtest.json")));
            event.put("body", "{\"symbol\":\"BTCUSDT\",\"from\":\"2021-01-01\",\"to\":\"2022-01-01\","
                    + "\"startingCash\":10000,\"feesBps\":10,\"slippageBps\":5,\"strategy\":{\"type\":\"rules\","
                    + STRATEGY.substring(1) + "}");
            byte[] bytes = JSON.writeValueAsBytes(event);
            ForecastHandlerBenchmark.requireStatus(handler, bytes, 201);
            int size = 0;
            for (int i = 0; i < warmup; i++) {
                size = ForecastHandlerBenchmark.invoke(handler, bytes).length;
            }
            double[] ms = new double[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                ForecastHandlerBenchmark.invoke(handler, bytes);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            return new double[] {Medians.of(ms), ms[(int) Math.ceil(calls * 0.9) - 1], size, calls, warmup};
        } finally {
            System.setOut(console);
        }
    }

    @Override
    public String run(BenchContext context) throws Exception {
        // C2 compiles the engine after some 30 to 50 runs of a year; before that a run costs up to ten times more.
        int warmup = Integer.getInteger("bench.warmup", 100);
        int runs = Integer.getInteger("bench.runs", 30);
        List<Candle> year = BundledHistory.load(context.root().resolve("data/market")).candles("BTCUSDT",
                Instant.parse("2020-12-31T00:00:00Z"), Instant.parse("2022-01-01T00:00:00Z"));
        int history = 24;
        Validation validation = new Validation();
        Rules rules = Rules.parse(JSON.readTree(STRATEGY), validation);
        validation.throwIfInvalid();
        BacktestEngine.Config config = new BacktestEngine.Config("01JH0000000000000000000000", "bench", Interval.H1,
                new BigDecimal("10000.00"), BigDecimal.TEN, BigDecimal.valueOf(5),
                Instant.parse("2022-01-01T00:00:00Z"));
        List<BacktestEngine.Market> markets = List.of(new BacktestEngine.Market("BTCUSDT", AssetClass.CRYPTO,
                MarketCalendar.of(AssetClass.CRYPTO), year, history));

        long t0 = System.nanoTime();
        BacktestEngine.Result first = BacktestEngine.run(config, rules, markets);
        double firstMs = (System.nanoTime() - t0) / 1e6;
        for (int i = 0; i < warmup; i++) {
            BacktestEngine.run(config, rules, markets);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            BacktestEngine.run(config, rules, markets);
            wall[i] = (System.nanoTime() - w0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        double medianWall = Medians.of(wall);
        double medianCpu = Medians.of(cpu);
        int steps = first.decisions();
        double perSecond = steps / (medianCpu / 1000);
        double[] request = requests(context, year);
        return String.format(Locale.ROOT, """
                | bars (decisions) | trades | first run | warm median | warm median CPU | bar-steps a second (CPU) | target |
                |---|---|---|---|---|---|---|
                | %d | %d | %.0f ms | %.1f ms | %.1f ms | %,.0f | ≥ 1,000,000: %s |

                One JVM, one thread, %d runs after %d warm-up runs; the bars are in memory (reading them from
                DynamoDB is not included). System load average %.1f on %d cores. What a step costs: the engine
                books every decision through the paper-trading `Account` in exact decimals (a mark, an equity
                point, and for each fill `FillRules` and `Ledger`), which is what makes it equal to a paper session
                to the cent; the indicators themselves are computed once per series, and each condition reads
                its series directly. Warm means compiled by C2: the deployed functions run C1 only
                (`JAVA_TOOL_OPTIONS` in template.yaml), where the same engine is about three times slower.

                **The request end to end** (`POST /v1/backtests`, the same year and strategy): the trading-session
                handler built by its Lambda constructor, in-process, over DynamoDB Local on loopback, %d requests
                after %d warm-up ones: p50 **%.0f ms**, p90 %.0f ms (target p50 ≤ 300 ms: %s). Each reads the
                instrument, the year's 8,760 bars (Query pages of 1,000) and the history before them, runs the
                engine, writes the result (gzipped, one PutItem) and answers about %d KB of JSON. DynamoDB Local
                is slower than DynamoDB; the engine's share is the CPU figure above.
                """, steps, first.trades().size(), firstMs, medianWall, medianCpu, perSecond,
                perSecond >= 1_000_000 ? "met" : "**missed**", runs, warmup,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors(), (int) request[3], (int) request[4], request[0], request[1],
                request[0] <= 300 ? "met" : "**missed**", (int) request[2] / 1024);
    }
}
