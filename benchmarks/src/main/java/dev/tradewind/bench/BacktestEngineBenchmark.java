package dev.tradewind.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.trading.domain.backtest.BacktestEngine;
import dev.tradewind.trading.domain.backtest.Rules;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The backtest engine (the paper-trading engine run bar by bar) on one year of real BTCUSDT hourly bars from the
 * bundled history, warm, one thread: bar-steps per second against issue 16's target of ≥ 1 million.
 */
final class BacktestEngineBenchmark implements Benchmark {

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
                + " (target: ≥ 1 million bar-steps a second)";
    }

    @Override
    public String run(BenchContext context) throws Exception {
        int warmup = Integer.getInteger("bench.warmup", 20);
        int runs = Integer.getInteger("bench.runs", 30);
        List<Candle> year = BundledHistory.load(context.root().resolve("data/market")).candles("BTCUSDT",
                Instant.parse("2020-12-31T00:00:00Z"), Instant.parse("2022-01-01T00:00:00Z"));
        int history = 24;
        Validation validation = new Validation();
        Rules rules = Rules.parse(new ObjectMapper().readTree(STRATEGY), validation);
        validation.throwIfInvalid();
        BacktestEngine.Config config = new BacktestEngine.Config("01JH0000000000000000000000", "bench", "BTCUSDT",
                AssetClass.CRYPTO, Interval.H1, MarketCalendar.of(AssetClass.CRYPTO), new BigDecimal("10000.00"),
                BigDecimal.TEN, BigDecimal.valueOf(5), Instant.parse("2022-01-01T00:00:00Z"));

        long t0 = System.nanoTime();
        BacktestEngine.Result first = BacktestEngine.run(config, rules, year, history);
        double firstMs = (System.nanoTime() - t0) / 1e6;
        for (int i = 0; i < warmup; i++) {
            BacktestEngine.run(config, rules, year, history);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            BacktestEngine.run(config, rules, year, history);
            wall[i] = (System.nanoTime() - w0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        double medianWall = wall[runs / 2];
        double medianCpu = cpu[runs / 2];
        int steps = first.decisions();
        double perSecond = steps / (medianCpu / 1000);
        return String.format(Locale.ROOT, """
                | bars (decisions) | trades | first run | warm median | warm median CPU | bar-steps a second (CPU) | target |
                |---|---|---|---|---|---|---|
                | %d | %d | %.0f ms | %.1f ms | %.1f ms | %,.0f | ≥ 1,000,000: %s |

                One JVM, one thread, %d runs after %d warm-up runs; the bars are in memory (reading them from
                DynamoDB is not included). System load average %.1f on %d cores. What a step costs: the engine
                books every decision through the paper-trading `Account` in exact decimals (a mark, an equity
                point, and for each fill `FillRules` and `Ledger`), which is what makes it equal to a paper session
                to the cent; the indicators themselves are computed once per series.
                """, steps, first.trades().size(), firstMs, medianWall, medianCpu, perSecond,
                perSecond >= 1_000_000 ? "met" : "**missed**", runs, warmup,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }
}
