package dev.tradewind.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a benchmark runs: the repository root and a scratch directory that is emptied before the run. */
public record BenchContext(Path root, Path workDirectory) {

    static BenchContext create(Path root) throws IOException {
        Path work = root.resolve("benchmarks/target/work");
        Files.createDirectories(work);
        return new BenchContext(root, work);
    }

    public Path template() {
        return root.resolve("template.yaml");
    }

    /** A port that was free a moment ago: for a server a benchmark starts, or one it needs nothing to listen on. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
