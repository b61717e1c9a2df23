package dev.tradewind.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.lambda.SyntheticContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs inside a fresh JVM on a function's Lambda class path and simulates what a SnapStart restore serves: builds
 * the handler (Lambda's init, which registers the function's priming), runs every registered {@code beforeCheckpoint}
 * and {@code afterRestore} hook as the runtime does around a snapshot, then serves one event {@value #REQUESTS}
 * times (each request with its own substitutions of the sample ids, from the file {@link FirstRequestSeed} wrote, on
 * a clock starting at the instant in {@value #CLOCK_START}) and prints, on one line, the first and the last
 * request's wall time and CPU time of the Java threads ({@link #javaThreadsCpuNanosSince}), the heap in use after
 * priming as the snapshot would hold it (garbage included: Lambda documents no collection between the hooks and the
 * snapshot), the classes loaded, the two requests' time in AWS SDK calls with the number of calls
 * ({@link SdkCallClock}), the live heap (after a GC once the last request returned) and the collections that ran
 * during each of the two requests.
 */
public final class FirstRequestProbe {

    static final int REQUESTS = 10;
    /** System property: the simulated time the function's clock starts at (ISO instant), as the local runtime's replay. */
    static final String CLOCK_START = "first-request.clockStart";
    /**
     * System property: {@code true} collects the heap between the hooks and the first request, as this probe did
     * until 2026-12-07 (to measure the live heap there); Lambda documents no collection between them, so a restored
     * instance serves its first request from the heap the hooks left.
     */
    static final String GC_BEFORE_FIRST = "first-request.gcBeforeFirst";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");
    /** A realtime fan-out's answer: how many messages its pushes delivered. */
    private static final Pattern DELIVERED = Pattern.compile("\"delivered\"\\s*:\\s*(\\d+)");

    private FirstRequestProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        List<Map<String, String>> substitutions = args.length > 2 ? readSubstitutions(Path.of(args[2])) : List.of();
        String clockStart = System.getProperty(CLOCK_START);
        if (clockStart != null) {
            Instant start = Instant.parse(clockStart);
            Environment.install(System.getenv(), Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), start)));
        }
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor()
                .newInstance();
        // The CRaC global context refuses to be called outside a checkpoint; these are the hooks it would run.
        for (Priming priming : Priming.registered()) {
            priming.beforeCheckpoint(null);
        }
        for (Priming priming : Priming.registered()) {
            priming.afterRestore(null);
        }
        if (Boolean.getBoolean(GC_BEFORE_FIRST)) {
            System.gc();
        }
        double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        // The probe's own bookkeeping, once before the first request: its first call of the management beans loads
        // classes and builds the collectors' beans (some 3 ms of CPU), which the first request's CPU would count.
        javaThreadsCpuNanosSince(javaThreadCpuTimes());
        collections();
        double[] wall = new double[REQUESTS];
        double[] cpu = new double[REQUESTS];
        double[] inSdkCalls = new double[REQUESTS];
        int[] sdkCalls = new int[REQUESTS];
        long[] collections = new long[REQUESTS];
        String[] outcome = new String[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            byte[] request = i < substitutions.size() ? substitute(event, substitutions.get(i)) : event;
            // The context and the output buffer are the runtime's, not the function's: made before the clock starts,
            // and the answer read after it stops, so the probe's own first use of them is not counted.
            SyntheticContext context = new SyntheticContext("first-request-probe", "probe", 1024,
                    Duration.ofSeconds(30), System.err::print);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long busyBefore = SdkCallClock.busyNanos();
            int callsBefore = SdkCallClock.calls();
            long collectionsBefore = collections();
            Map<Long, Long> cpuBefore = javaThreadCpuTimes();
            long started = System.nanoTime();
            String thrown = invoke(handler, request, out, context);
            wall[i] = (System.nanoTime() - started) / 1e6;
            cpu[i] = javaThreadsCpuNanosSince(cpuBefore) / 1e6;
            inSdkCalls[i] = (SdkCallClock.busyNanos() - busyBefore) / 1e6;
            sdkCalls[i] = SdkCallClock.calls() - callsBefore;
            collections[i] = collections() - collectionsBefore;
            outcome[i] = thrown != null ? thrown : status(out);
        }
        int last = REQUESTS - 1;
        System.gc();
        double liveHeapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        System.out.printf(Locale.ROOT, "FIRSTREQ %.2f %.2f %.2f %.2f %.1f %d %s %.2f %.2f %d %d %.1f %d %d%n",
                wall[0], cpu[0], wall[last], cpu[last], heapMb, classes, answers(outcome), inSdkCalls[0],
                inSdkCalls[last], sdkCalls[0], sdkCalls[last], liveHeapMb, collections[0], collections[last]);
        System.out.flush();
        System.exit(0);
    }

    /** Each line: one request's substitutions, tab-separated sample text and replacement pairs. */
    static void writeSubstitutions(Path file, List<Map<String, String>> perRequest) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Map<String, String> request : perRequest) {
            List<String> fields = new ArrayList<>();
            request.forEach((from, to) -> {
                fields.add(from);
                fields.add(to);
            });
            lines.add(String.join("\t", fields));
        }
        Files.write(file, lines);
    }

    private static List<Map<String, String>> readSubstitutions(Path file) throws IOException {
        List<Map<String, String>> perRequest = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            Map<String, String> request = new LinkedHashMap<>();
            String[] fields = line.isEmpty() ? new String[0] : line.split("\t");
            for (int i = 0; i + 1 < fields.length; i += 2) {
                request.put(fields[i], fields[i + 1]);
            }
            perRequest.add(request);
        }
        return perRequest;
    }

    /** The event with each sample text replaced, as its bytes. */
    static byte[] substitute(byte[] event, Map<String, String> substitutions) {
        String text = new String(event, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> substitution : substitutions.entrySet()) {
            text = text.replace(substitution.getKey(), substitution.getValue());
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Each live Java thread's CPU time, on its own nanosecond clock. The process's CPU time (which would add the JIT
     * compiler's and the GC's threads, not listed as Java threads) counts 10 ms ticks on Linux: too coarse for a
     * request of a few milliseconds. The probe runs on the function's class path alone, so not {@link CpuMeter}.
     */
    static Map<Long, Long> javaThreadCpuTimes() {
        Map<Long, Long> times = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long cpu = THREADS.getThreadCpuTime(id);
            if (cpu >= 0) {
                times.put(id, cpu);
            }
        }
        return times;
    }

    /**
     * The CPU the Java threads alive now used since {@code before}: the request's thread and any the function runs (one
     * started since counts from zero); a thread that ended in between is left out.
     */
    static long javaThreadsCpuNanosSince(Map<Long, Long> before) {
        long used = 0;
        for (Map.Entry<Long, Long> thread : javaThreadCpuTimes().entrySet()) {
            used += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return used;
    }

    /** The collections every collector of the JVM has run so far. */
    private static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionCount());
        }
        return total;
    }

    /** Every request's answer, counted: {@code 200x9,500x1}, in the order each first appeared. */
    static String answers(String[] outcomes) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String outcome : outcomes) {
            counts.merge(outcome, 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((outcome, count) -> parts.add(outcome + "x" + count));
        return String.join(",", parts);
    }

    /** Serves the event; the exception's simple name if the handler threw, else null. */
    private static String invoke(RequestStreamHandler handler, byte[] event, ByteArrayOutputStream out,
                                 SyntheticContext context) {
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
            return null;
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    /** The HTTP status, "delivered=N" for a fan-out, else "ok": one word, as the result line is split on spaces. */
    private static String status(ByteArrayOutputStream out) {
        String answer = out.toString(StandardCharsets.UTF_8);
        Matcher status = STATUS.matcher(answer);
        if (status.find()) {
            return status.group(1);
        }
        Matcher delivered = DELIVERED.matcher(answer);
        return delivered.find() ? "delivered=" + delivered.group(1) : "ok";
    }
}
