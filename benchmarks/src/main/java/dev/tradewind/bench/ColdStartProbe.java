package dev.tradewind.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
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
 * Runs inside a fresh JVM on a function's Lambda class path: constructs the handler (Lambda's init phase) and
 * invokes it twice with one event. It prints a {@value #FIRST_RESPONSE} line the moment the first invocation returns
 * (where the parent stops its clock), then, after the second, its timings on one line. Depends on the JDK, the Lambda
 * runtime API and the shared layer only, which every function has.
 */
public final class ColdStartProbe {

    static final String FIRST_RESPONSE = "FIRST";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        double jvmToMain = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        long started = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long initialised = System.nanoTime();
        String outcome = invoke(handler, event);
        long first = System.nanoTime();
        double cpuMs = processCpuNanos() / 1e6;
        System.out.println(FIRST_RESPONSE);
        System.out.flush();
        long secondStarted = System.nanoTime();
        invoke(handler, event);
        long second = System.nanoTime();
        System.out.printf(Locale.ROOT, "PROBE %.1f %.1f %.1f %.1f %s %.1f%n", jvmToMain, (initialised - started) / 1e6,
                (first - initialised) / 1e6, (second - secondStarted) / 1e6, outcome, cpuMs);
        System.out.flush();
        System.exit(0);
    }

    /** CPU time of the whole process so far (every thread, the JVM's own included): what a busy machine inflates least. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

    /** "ok" and, for an HTTP handler, the status it answered ("ok:200"). */
    private static String invoke(RequestStreamHandler handler, byte[] event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, new SyntheticContext("cold-start-probe", "probe", 1024, Duration.ofSeconds(30),
                    System.err::print));
            Matcher status = STATUS.matcher(out.toString(StandardCharsets.UTF_8));
            return status.find() ? "ok:" + status.group(1) : "ok";
        } catch (Exception e) {
            // The authorizer answers a bad token by failing with "Unauthorized": still a complete response.
            return "error:" + e.getClass().getSimpleName();
        }
    }
}
