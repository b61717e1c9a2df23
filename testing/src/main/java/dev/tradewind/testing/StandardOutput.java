package dev.tradewind.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What code writes to stdout while it runs: log lines and Embedded Metric Format metrics. */
public final class StandardOutput {

    /** The work of a test, which may throw. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private StandardOutput() {
    }

    public static synchronized String capture(Work work) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
