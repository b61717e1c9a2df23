package dev.tradewind.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/** JMH: single-row inference of the committed models and feature computation, warm, per call. */
final class InferenceBenchmark implements Benchmark {

    @Override
    public String name() {
        return "inference";
    }

    @Override
    public String description() {
        return "Warm single-row inference of the committed models through the model layer's API, the three models "
                + "together (direction, volatility, ranges), and the feature vector of a 100-candle window (JMH sample "
                + "time; targets: inference p50 ≤ 50 µs, all three together p50 ≤ 50 µs)";
    }

    @Override
    public String run(BenchContext context) throws Exception {
        int forks = Integer.getInteger("bench.forks", 2);
        double loadAverage = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Options options = new OptionsBuilder()
                .include(InferenceJmh.class.getName() + "\\.")
                .param("interval", "1h", "1d")
                .forks(forks)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .jvmArgs("-Dbench.root=" + context.root(), "--enable-native-access=ALL-UNNAMED", "-Xmx512m")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Statistics> byName = new TreeMap<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            byName.put(method.substring(method.lastIndexOf('.') + 1) + " " + result.getParams().getParam("interval"),
                    result.getPrimaryResult().getStatistics());
        }
        StringBuilder report = new StringBuilder("""
                | what | model | samples | p50 | p90 | p99 | mean |
                |---|---|---|---|---|---|---|
                """);
        byName.forEach((name, s) -> {
            String[] parts = name.split(" ");
            report.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.1f µs | %.1f µs | %.1f µs | %.1f µs |%n",
                    switch (parts[0]) {
                        case "predictOneRow" -> "inference, one row";
                        case "allThreeModels" -> "direction + volatility + ranges, one row each";
                        case "volatilityFromCandles" -> "volatility + ranges from candles (features included)";
                        default -> "features, one window";
                    },
                    parts[1], s.getN(), s.getPercentile(50), s.getPercentile(90), s.getPercentile(99), s.getMean()));
        });
        return report.append(String.format(Locale.ROOT, """

                JMH 1.37, %d fork(s) × 5 × 2 s after 3 × 2 s of warm-up, sample mode; load average %.1f at the start.
                Inference is ForecastModel.predict(float[]) on real feature rows: one ONNX Runtime session per model,
                one intra-op thread, input tensor creation and output copy included. Features are FeatureSet.compute
                over 100 bundled candles (BigDecimal → double, RSI, MACD, Bollinger, ATR, volatility, SMA). All three
                is ForecastModel.predict(float[]) + VolatilityModel.forecast(double[]) + range(...) on real rows;
                volatility from candles is VolatilityModel.forecast(List<Candle>) + range(...) (169 candles at 1h,
                23 at 1d: gap check, per-bar estimators, HAR means). The p99 and mean include the machine's noise
                (other builds share its 2 cores).
                """, forks, loadAverage)).toString();
    }
}
