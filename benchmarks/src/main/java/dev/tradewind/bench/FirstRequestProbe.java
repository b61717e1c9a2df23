package dev.tradewind.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.lambda.SyntheticContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs inside a fresh JVM on a function's Lambda class path and simulates what a SnapStart restore serves: builds
 * the handler (Lambda's init, which registers the function's priming), runs every registered {@code beforeCheckpoint}
 * and {@code afterRestore} hook as the runtime does around a snapshot, then serves one event
 * {@value #REQUESTS} times and prints the first and the last request's wall and CPU time, the heap in use after
 * priming (after a GC: what the snapshot holds) and the classes loaded, on one line.
 */
public final class FirstRequestProbe {

    static final int REQUESTS = 10;
    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

    private FirstRequestProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor()
                .newInstance();
        // The CRaC global context refuses to be called outside a checkpoint; these are the hooks it would run.
        for (Priming priming : Priming.registered()) {
            priming.beforeCheckpoint(null);
        }
        for (Priming priming : Priming.registered()) {
            priming.afterRestore(null);
        }
        System.gc();
        double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        double[] wall = new double[REQUESTS];
        double[] cpu = new double[REQUESTS];
        String[] outcome = new String[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long cpuBefore = processCpuNanos();
            long started = System.nanoTime();
            outcome[i] = invoke(handler, event);
            wall[i] = (System.nanoTime() - started) / 1e6;
            cpu[i] = (processCpuNanos() - cpuBefore) / 1e6;
        }
        int last = REQUESTS - 1;
        System.out.printf(Locale.ROOT, "FIRSTREQ %.2f %.2f %.2f %.2f %.1f %d %s %s%n", wall[0], cpu[0], wall[last],
                cpu[last], heapMb, classes, outcome[0], outcome[last]);
        System.out.flush();
        System.exit(0);
    }

    /** CPU time of the whole process (the JIT's threads included: Lambda bills them too). */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static String invoke(RequestStreamHandler handler, byte[] event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, new SyntheticContext("first-request-probe",
                    "probe", 1024, Duration.ofSeconds(30), System.err::print));
            Matcher status = STATUS.matcher(out.toString(StandardCharsets.UTF_8));
            return status.find() ? status.group(1) : "ok";
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
