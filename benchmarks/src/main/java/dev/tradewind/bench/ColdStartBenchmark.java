package dev.tradewind.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.local.FunctionEnvironments;
import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.dynamo.TableProvisioner;
import dev.tradewind.local.lambda.FunctionArtifacts;
import dev.tradewind.local.template.FunctionDefinition;
import dev.tradewind.local.template.HttpRoute;
import dev.tradewind.local.template.SamTemplate;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Cold start per function: a fresh JVM started the way Lambda starts one (the template's JAVA_TOOL_OPTIONS,
 * SerialGC, a heap sized to the function's memory), on the function's own class path, until its first response.
 * No SnapStart here: this is the cost SnapStart hides, and what a function pays without it.
 */
final class ColdStartBenchmark implements Benchmark {

    /** Functions whose sample event is not found by route: schedules and the authorizer. */
    private static final Map<String, String> EVENTS = Map.of(
            "AuthorizerFunction", "auth/authorizer-request.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "cold-start";
    }

    @Override
    public String description() {
        return "Fresh JVM → handler initialised → first response, per function, from its zip and layers"
                + " (target for predict: under 1.5 s on this machine)";
    }

    @Override
    public String run(BenchContext context) throws Exception {
        int runs = Integer.getInteger("bench.runs", 5);
        List<String> only = Optional.ofNullable(System.getProperty("bench.functions"))
                .map(list -> Arrays.asList(list.split(","))).orElse(List.of());
        SamTemplate template = SamTemplate.load(context.template());
        Path probeClasses = extractProbe(context.workDirectory().resolve("probe"));
        StringBuilder report = new StringBuilder("""
                | function | runs | JVM start → main | init (load + construct) | first invocation | total to first response | second invocation |
                |---|---|---|---|---|---|---|
                """);
        try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(Optional.empty(), 0)) {
            new TableProvisioner(dynamo.client()).ensure(template.tables());
            FunctionEnvironments environments = FunctionEnvironments.create(Optional.empty(), dynamo.endpoint(),
                    Optional.empty());
            for (FunctionDefinition function : template.functions()) {
                if (!only.isEmpty() && !only.contains(function.logicalId())) {
                    continue;
                }
                Optional<Path> event = eventFor(function, context.root().resolve("events"));
                if (event.isEmpty()) {
                    report.append("| ").append(function.logicalId()).append(" | no sample event | | | | | |\n");
                    continue;
                }
                FunctionArtifacts artifacts = FunctionArtifacts.unpack(function, context.workDirectory().resolve("functions"));
                List<double[]> samples = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    samples.add(probe(function, artifacts, environments.forFunction(function, artifacts),
                            probeClasses, event.get()));
                }
                report.append(String.format(Locale.ROOT, "| %s | %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.1f ms |%n",
                        function.logicalId(), runs, median(samples, 0), median(samples, 1), median(samples, 2),
                        median(samples, 4), median(samples, 3)));
            }
        }
        return report.append("""

                Medians. "Total" is measured from process start to the probe's line, so it includes JVM start-up and
                all class loading; Lambda adds its own sandbox start and, with SnapStart, replaces init by a restore.
                """).toString();
    }

    /** Returns {jvmToMain, init, first, second, total} in milliseconds. */
    private static double[] probe(FunctionDefinition function, FunctionArtifacts artifacts, Map<String, String> env,
                                  Path probeClasses, Path event) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-XX:+UseSerialGC",
                "-Xmx" + (int) (function.memorySize() * 0.85) + "m", "-cp", classPath(artifacts, probeClasses),
                ColdStartProbe.class.getName(), function.handlerClass(), event.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            while ((line = out.readLine()) != null && !line.startsWith("PROBE ")) {
                // Function log lines precede the probe's result.
            }
        }
        double total = (System.nanoTime() - started) / 1e6;
        process.waitFor();
        if (line == null) {
            throw new IllegalStateException(function.logicalId() + ": the probe printed no result");
        }
        String[] f = line.split(" ");
        return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
            Double.parseDouble(f[4]), total};
    }

    private static String classPath(FunctionArtifacts artifacts, Path probeClasses) {
        List<String> entries = new ArrayList<>();
        for (var url : artifacts.classPath()) {
            entries.add(Path.of(java.net.URI.create(url.toString())).toString());
        }
        entries.add(probeClasses.toString());
        return String.join(File.pathSeparator, entries);
    }

    /** The probe's own classes, alone, so nothing of the benchmark's class path leaks into the function's. */
    private static Path extractProbe(Path directory) throws Exception {
        Path packageDir = directory.resolve(ColdStartProbe.class.getPackageName().replace('.', '/'));
        Files.createDirectories(packageDir);
        for (String name : List.of("ColdStartProbe", "ColdStartProbe$ProbeContext", "ColdStartProbe$ProbeContext$1")) {
            try (InputStream in = ColdStartProbe.class.getResourceAsStream(name + ".class")) {
                Files.copy(in, packageDir.resolve(name + ".class"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return directory;
    }

    /** A sample event for one of the function's routes, preferring its health route. */
    static Optional<Path> eventFor(FunctionDefinition function, Path events) throws Exception {
        if (EVENTS.containsKey(function.logicalId())) {
            return Optional.of(events.resolve(EVENTS.get(function.logicalId())));
        }
        List<String> routeKeys = function.routes().stream().map(HttpRoute::routeKey).toList();
        Path best = null;
        try (Stream<Path> files = Files.walk(events)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode routeKey = JSON.readTree(file.toFile()).get("routeKey");
                if (routeKey != null && routeKeys.contains(routeKey.asText())) {
                    if (routeKey.asText().contains("/health/")) {
                        return Optional.of(file);
                    }
                    best = best == null ? file : best;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static double median(List<double[]> samples, int column) {
        double[] values = samples.stream().mapToDouble(s -> s[column]).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
