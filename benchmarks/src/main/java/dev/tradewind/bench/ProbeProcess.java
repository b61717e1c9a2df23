package dev.tradewind.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a probe main class of this module in a fresh JVM on the benchmark's own class path with the template's JIT
 * settings (C1 only, SerialGC), and returns the numbers of its {@code PROBE} line.
 */
final class ProbeProcess {

    private ProbeProcess() {
    }

    static double[] run(Class<?> probe, List<String> args, Map<String, String> environment) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), probe.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            while ((line = out.readLine()) != null && !line.startsWith("PROBE")) {
                // skip log lines
            }
        }
        process.waitFor();
        if (line == null || !line.startsWith("PROBE ")) {
            throw new IllegalStateException(probe.getSimpleName() + " failed: " + line);
        }
        String[] fields = line.split(" ");
        double[] values = new double[fields.length - 1];
        for (int i = 1; i < fields.length; i++) {
            values[i - 1] = Double.parseDouble(fields[i]);
        }
        return values;
    }
}
