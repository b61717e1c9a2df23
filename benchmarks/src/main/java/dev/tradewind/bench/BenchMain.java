package dev.tradewind.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs benchmarks by name ({@code ./tradewind bench cold-start}) or all of them, and writes each report into
 * benchmarks/RESULTS.md.
 */
public final class BenchMain {

    private static final List<Benchmark> BENCHMARKS = List.of(
            new ColdStartBenchmark(),
            new FirstRequestBenchmark(),
            new BehaviorAnalysisBenchmark(),
            new InferenceBenchmark(),
            new ModelColdLoadBenchmark(),
            new IngestScaleBenchmark(),
            new ForecastHandlerBenchmark(),
            new CostBenchmark(),
            new TracingCostBenchmark(),
            new JwtLibraryBenchmark(),
            new BacktestEngineBenchmark(),
            new FanOutBenchmark());

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        // The in-process benchmarks log as the local runtime does (slf4j-simple, warnings only, stderr), not as the
        // functions' own JSON lines on stdout, which would bury the report; the probes' JVMs use the layer's logging.
        System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        if (args.length == 0 || args[0].equals("list") || args[0].equals("--help")) {
            System.out.println("Usage: ./tradewind bench all | NAME...\n\nBenchmarks:");
            BENCHMARKS.forEach(b -> System.out.printf("  %-20s %s%n", b.name(), b.description()));
            return;
        }
        List<Benchmark> selected = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("all")) {
                selected.addAll(BENCHMARKS);
                continue;
            }
            selected.add(BENCHMARKS.stream().filter(b -> b.name().equals(arg)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("no benchmark named " + arg + "; see ./tradewind bench list")));
        }
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("template.yaml"))) {
            throw new IllegalStateException("run from the repository root");
        }
        ResultsFile results = new ResultsFile(root.resolve("benchmarks/RESULTS.md"));
        for (Benchmark benchmark : selected) {
            System.out.println("== " + benchmark.name() + ": " + benchmark.description());
            String report = benchmark.run(BenchContext.create(root));
            System.out.println(report);
            results.write(benchmark, report);
        }
        System.exit(0);
    }
}
