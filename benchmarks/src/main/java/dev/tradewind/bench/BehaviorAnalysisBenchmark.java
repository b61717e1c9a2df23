package dev.tradewind.bench;

import dev.tradewind.behavior.domain.AnalysisOptions;
import dev.tradewind.behavior.domain.BehaviorAnalysis;
import dev.tradewind.behavior.domain.BehaviorAnalyzer;
import dev.tradewind.behavior.domain.EquityMark;
import dev.tradewind.behavior.domain.Fill;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.InMemoryMarketContext;
import dev.tradewind.behavior.domain.JournalNote;
import dev.tradewind.behavior.domain.Sensitivity;
import dev.tradewind.behavior.domain.TradeHistory;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.Side;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The behaviour-analysis engine on 10,000 fills (5,000 round trips) at real Binance hourly prices, warm: a
 * deterministic trader who sometimes sizes up after losses, journals every fifth trade and runs under risk limits,
 * analysed with the bundled history as market context (so FOMO and paper gains are priced). Target: ≤ 200 ms a run.
 * Also the worst cases known for the tilt, disposition and emotion detectors. Reports wall-clock and the thread's
 * CPU time, since other builds often share the machine.
 */
final class BehaviorAnalysisBenchmark implements Benchmark {

    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "BNBUSDT"};

    @Override
    public String name() {
        return "behavior-analysis";
    }

    @Override
    public String description() {
        return "Behaviour analysis of 10,000 fills with market context, warm, in-process (target: ≤ 200 ms)";
    }

    @Override
    public String run(BenchContext context) throws Exception {
        int warmup = Integer.getInteger("bench.warmup", 40);
        int runs = Integer.getInteger("bench.runs", 40);
        int fills = Integer.getInteger("bench.fills", 10_000);
        BundledHistory history = BundledHistory.load(context.root().resolve("data/market"));
        BehaviorAnalyzer analyzer = new BehaviorAnalyzer(InMemoryMarketContext.of(history));
        Measured trader = measure(analyzer, trader(history, fills / 2), warmup, runs);
        // Their runs take seconds where the trader's take milliseconds: fewer of them.
        Measured tilted = measure(analyzer, tiltedWithinSeconds(fills / 2), warmup / 8, runs / 4);
        Measured holding = measure(analyzer, sellingDailyWhileHolding(fills / 2), warmup / 8, runs / 4);
        Measured journaling = measure(analyzer, journalingOneBusyDay(fills / 2), warmup / 8, runs / 4);
        BehaviorAnalysis last = trader.last();
        byte[] json = null;
        double jsonMs = Double.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            json = Json.writeBytes(last);
            jsonMs = Math.min(jsonMs, (System.nanoTime() - t0) / 1e6);
        }
        return String.format(Locale.ROOT, """
                | trader | fills | round trips | first run | warm median | warm p90 | warm min | warm median CPU | runs | to JSON (%d kB), warm |
                |---|---|---|---|---|---|---|---|---|---|
                %s | %.1f ms |
                %s | — |
                %s | — |
                %s | — |

                Wall-clock times; "CPU" is the analysing thread's own CPU time, which other processes barely
                disturb. System load average during the run: %.1f on %d cores (other builds share this machine,
                and the wall-clock figures grow with it; the minimum is the least disturbed run).

                Findings on the synthetic trader (medium sensitivity): %s; risk score %d. One JVM, the bundled
                history as market context in memory: analysis only (loading trades and candles from DynamoDB is
                not included). The first run includes class loading and JIT warm-up; every run analyses the
                same %d fills. The other three are the worst cases known, each the most fills an analysis takes
                sent inline: the tilted trader loses on every round trip, a second apart, sizes doubling, so every
                loss's window overlaps thousands of the others (findings: %s); the holder buys 5,000 stocks, then
                sells one unit a day for 5,000 days, each sale day counting every other stock as a paper position
                (disposition); the journaler trades 4,990 round trips in one day and writes 2,000 journal entries
                about it, each naming all 11 emotions.
                """, json.length / 1024, trader.row("synthetic"), jsonMs,
                tilted.row("tilted: losses a second apart"), holding.row("holder: 5,000 stocks, a sale a day"),
                journaling.row("journaler: 2,000 entries on one busy day"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors(), detected(last), last.riskScore().score(),
                last.summary().fills(), detected(tilted.last()));
    }

    private record Measured(BehaviorAnalysis first, double firstMs, double[] wall, double[] cpu, int warmup,
                            BehaviorAnalysis last) {

        String row(String trader) {
            return String.format(Locale.ROOT, "| %s | %d | %d | %.0f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms "
                            + "| %d after %d warm-up", trader, first.summary().fills(), first.summary().closedTrades(),
                    firstMs, Medians.of(wall), percentile(wall, 0.9), wall[0], Medians.of(cpu),
                    wall.length, warmup);
        }
    }

    private static Measured measure(BehaviorAnalyzer analyzer, TradeHistory trades, int warmup, int runs) {
        AnalysisOptions options = AnalysisOptions.of(Sensitivity.MEDIUM);
        Instant asOf = Instant.parse("2022-06-13T00:00:00Z");
        long started = System.nanoTime();
        BehaviorAnalysis first = analyzer.analyze(trades, options, asOf);
        double firstMs = (System.nanoTime() - started) / 1e6;
        for (int i = 0; i < warmup; i++) {
            analyzer.analyze(trades, options, asOf);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        BehaviorAnalysis last = null;
        for (int i = 0; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            last = analyzer.analyze(trades, options, asOf);
            wall[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new Measured(first, firstMs, wall, cpu, warmup, last);
    }

    private static String detected(BehaviorAnalysis analysis) {
        String detected = analysis.findings().stream().filter(Finding::detected)
                .map(f -> f.pattern().name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        return detected.isEmpty() ? "none" : detected;
    }

    /**
     * Round trips of one second, a second apart, each bought at 100 and sold at 90, sizes doubling up to 512 and
     * starting again: the losses' tilt windows all overlap, so one episode absorbs thousands of windows.
     */
    static TradeHistory tiltedWithinSeconds(int roundTrips) {
        Instant start = Instant.parse("2021-06-01T13:30:00Z");
        BigDecimal in = new BigDecimal("100");
        BigDecimal out = new BigDecimal("90");
        List<Fill> fills = new ArrayList<>(roundTrips * 2);
        for (int k = 0; k < roundTrips; k++) {
            BigDecimal quantity = BigDecimal.valueOf(1L << (k % 10));
            Instant entry = start.plusSeconds(2L * k);
            fills.add(Fill.of("b" + k, entry, "AAPL", Side.BUY, quantity, in, BigDecimal.ZERO));
            fills.add(Fill.of("s" + k, entry.plusSeconds(1), "AAPL", Side.SELL, quantity, out, BigDecimal.ZERO));
        }
        return new TradeHistory(fills, List.of(new EquityMark(start, new BigDecimal("1000000"))), List.of(), null,
                List.of());
    }

    /** 5,000 stocks bought, then one unit of one of 20 of them sold on each of 5,000 days, half at a gain. */
    static TradeHistory sellingDailyWhileHolding(int stocks) {
        Instant start = Instant.parse("2008-01-02T15:00:00Z");
        List<Fill> fills = new ArrayList<>(stocks * 2);
        for (int k = 0; k < stocks; k++) {
            fills.add(Fill.of("b" + k, start.plusSeconds(k), "S" + k, Side.BUY, new BigDecimal("10000"),
                    new BigDecimal("100"), BigDecimal.ZERO));
        }
        for (int day = 1; day <= stocks; day++) {
            fills.add(Fill.of("s" + day, start.plus(Duration.ofDays(day)), "S" + (day % 20), Side.SELL,
                    BigDecimal.ONE, new BigDecimal(day % 2 == 0 ? "110" : "90"), BigDecimal.ZERO));
        }
        return new TradeHistory(fills, List.of(), List.of(), null, List.of());
    }

    /** Round trips every 8 seconds through one day, and 2,000 journal entries about that day naming every emotion. */
    static TradeHistory journalingOneBusyDay(int roundTrips) {
        Instant day = Instant.parse("2021-06-01T00:00:00Z");
        List<Fill> fills = new ArrayList<>(roundTrips * 2);
        for (int k = 0; k < roundTrips; k++) {
            Instant entry = day.plusSeconds(8L * k);
            fills.add(Fill.of("b" + k, entry, "AAPL", Side.BUY, BigDecimal.ONE, new BigDecimal("100"),
                    BigDecimal.ZERO));
            fills.add(Fill.of("s" + k, entry.plusSeconds(4), "AAPL", Side.SELL, BigDecimal.ONE,
                    new BigDecimal(k % 2 == 0 ? "110" : "90"), BigDecimal.ZERO));
        }
        List<String> everyEmotion = List.of("calm", "confident", "disciplined", "bored", "anxious", "fearful",
                "greedy", "frustrated", "impatient", "euphoric", "regretful");
        List<JournalNote> journal = new ArrayList<>();
        for (int j = 0; j < 2_000; j++) {
            journal.add(new JournalNote("j" + j, day.plus(Duration.ofHours(12)).plusSeconds(j), null, everyEmotion,
                    List.of(), null, null));
        }
        return new TradeHistory(fills, List.of(), journal, null, List.of());
    }

    /**
     * A deterministic trader: round trips of 1–12 hours in three crypto pairs through 2021, entering at a bar's
     * close and leaving at a later bar's close (positions in one pair may overlap); after a loss, a third of the
     * time the next trade is double size.
     */
    static TradeHistory trader(BundledHistory history, int roundTrips) {
        Random random = new Random(20_240_304L);
        List<List<Candle>> series = new ArrayList<>();
        for (String symbol : SYMBOLS) {
            series.add(history.candles(symbol).stream()
                    .filter(c -> !c.openTime().isBefore(Instant.parse("2020-09-01T00:00:00Z"))).toList());
        }
        int bars = series.stream().mapToInt(List::size).min().orElseThrow();
        List<Fill> fills = new ArrayList<>(roundTrips * 2);
        List<JournalNote> journal = new ArrayList<>();
        double step = (bars - 40.0) / roundTrips;
        boolean lastLost = false;
        int id = 0;
        for (int k = 0; k < roundTrips; k++) {
            int s = random.nextInt(SYMBOLS.length);
            List<Candle> candles = series.get(s);
            int entry = 30 + (int) (k * step);
            boolean chase = lastLost && random.nextInt(3) == 0;
            int exit = Math.min(candles.size() - 1, entry + 1 + random.nextInt(12));
            Candle in = candles.get(entry);
            Candle out = candles.get(exit);
            BigDecimal notional = BigDecimal.valueOf(chase ? 2_000 : 1_000 + random.nextInt(200));
            BigDecimal quantity = notional.divide(in.close(), 6, RoundingMode.HALF_EVEN);
            Instant inTime = in.openTime().plus(Duration.ofHours(1)).plus(Duration.ofMinutes(random.nextInt(50)));
            Instant outTime = out.openTime().plus(Duration.ofHours(1)).plus(Duration.ofMinutes(random.nextInt(50)));
            if (!outTime.isAfter(inTime)) {
                outTime = inTime.plus(Duration.ofMinutes(30));
            }
            BigDecimal fee = notional.multiply(new BigDecimal("0.001")).setScale(4, RoundingMode.HALF_EVEN);
            String entryId = String.format("t%05d", id++);
            String exitId = String.format("t%05d", id++);
            fills.add(Fill.of(entryId, inTime, SYMBOLS[s], Side.BUY, quantity, in.close(), fee));
            fills.add(Fill.of(exitId, outTime, SYMBOLS[s], Side.SELL, quantity, out.close(), fee));
            lastLost = out.close().compareTo(in.close()) < 0;
            if (k % 5 == 0) {
                journal.add(new JournalNote("j" + k, outTime, exitId,
                        List.of(lastLost ? (random.nextBoolean() ? "frustrated" : "fearful") : "calm"),
                        List.of("breakout"), 1 + random.nextInt(5), null));
            }
        }
        return new TradeHistory(fills, List.of(new EquityMark(Instant.parse("2020-09-01T00:00:00Z"),
                new BigDecimal("100000"))), journal, new RiskLimits(new BigDecimal("5"), new BigDecimal("3"), 6),
                List.of());
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
