package dev.tradewind.bench;

/** One measurement that `./tradewind bench` can run; its report becomes a section of benchmarks/RESULTS.md. */
public interface Benchmark {

    /** Short name used on the command line, e.g. {@code cold-start}. */
    String name();

    /** One line saying what is measured and against which target. */
    String description();

    /** Runs the measurement and returns its report in Markdown (a table and a few lines of interpretation). */
    String run(BenchContext context) throws Exception;
}
