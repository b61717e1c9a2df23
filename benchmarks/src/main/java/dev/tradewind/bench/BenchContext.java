package dev.tradewind.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a benchmark runs: the repository root and a scratch directory that is emptied before the run. */
public record BenchContext(Path root, Path workDirectory) {

    static BenchContext create(Path root) throws java.io.IOException {
        Path work = root.resolve("benchmarks/target/work");
        Files.createDirectories(work);
        return new BenchContext(root, work);
    }

    public Path template() {
        return root.resolve("template.yaml");
    }
}
