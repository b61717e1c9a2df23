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
import dev.tradewind.shared.dynamo.DynamoDbClients;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

    /**
     * Functions whose sample event is not found by HTTP API route: schedules, the authorizer, the backtest worker, the
     * WebSocket API's function (a client's first message is its {@code $connect}) and the realtime fan-out (a
     * CandlesClosed event: the cold-start table has no subscribers, so it pushes nothing).
     */
    private static final Map<String, String> EVENTS = Map.of(
            "AuthorizerFunction", "auth/authorizer-request.json",
            "PredictResolveFunction", "predict/resolve-schedule.json",
            "BacktestWorkerFunction", "trading-session/backtest-worker.json",
            "RealtimeFunction", "realtime/connect.json",
            "RealtimeFanOutFunction", "realtime/candles-closed.json");

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
        double loadAverage = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder report = new StringBuilder("""
                | function | runs | JVM start → main | init (load + construct) | first invocation | total to first response | CPU to first response | second invocation |
                |---|---|---|---|---|---|---|---|
                """);
        try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(Optional.empty(), 0)) {
            new TableProvisioner(dynamo.client()).ensure(template.tables());
            FunctionEnvironments environments = FunctionEnvironments.create(Optional.empty(), dynamo.endpoint(),
                    Optional.empty());
            boolean seeded = false;
            for (FunctionDefinition function : template.functions()) {
                if (!only.isEmpty() && !only.contains(function.logicalId())) {
                    continue;
                }
                Optional<Path> event = eventFor(function, context.root().resolve("events"));
                if (event.isEmpty()) {
                    report.append("| ").append(function.logicalId()).append(" | no sample event | | | | | | |\n");
                    continue;
                }
                FunctionArtifacts artifacts = FunctionArtifacts.unpack(function, context.workDirectory().resolve("functions"));
                Map<String, String> env = environments.forFunction(function, artifacts);
                String classPath = classPath(artifacts, probeClasses);
                report.append(row(function.logicalId(), probes(runs, function, env, classPath, event.get())));
                if (SSM_KEYS.contains(function.logicalId())) {
                    report.append(ssmKeyRows(runs, function, env, classPath, event.get()));
                }
                if (CLASS_DATA_ARCHIVE.contains(function.logicalId())) {
                    report.append(archiveRows(runs, function, env, artifacts, event.get(),
                            context.workDirectory().resolve("class-data")));
                }
                if (function.logicalId().equals(PREDICT)) {
                    if (!seeded) {
                        PredictSeed.seed(dynamo, template, context.root());
                        seeded = true;
                    }
                    Path forecast = context.root().resolve("events/predict/forecast.json");
                    FunctionArtifacts stock = FunctionArtifacts.unpack(function,
                            context.workDirectory().resolve("functions-stock-onnxruntime"));
                    deleteRecursively(stock.optDirectory().resolve("lib"));
                    Map<String, String> stockEnv = environments.forFunction(function, stock);
                    String stockClassPath = stockOnnxRuntimeClassPath(stock, probeClasses);
                    // Alternated run by run, so drift on a shared machine hits both alike.
                    List<double[]> layer = new ArrayList<>();
                    List<double[]> extracting = new ArrayList<>();
                    for (int i = 0; i < runs; i++) {
                        PredictSeed.clearPredictions(dynamo, template);
                        layer.add(probe(function, env, classPath, forecast, true, List.of()));
                        PredictSeed.clearPredictions(dynamo, template);
                        extracting.add(probe(function, stockEnv, stockClassPath, forecast, true, List.of()));
                    }
                    report.append(row(PREDICT + ", forecast, natives pre-extracted in the layer", layer));
                    report.append(row(PREDICT + ", forecast, stock ONNX Runtime jar extracting its natives to /tmp",
                            extracting));
                    report.append(String.format(Locale.ROOT,
                            "| %s, forecast, least disturbed run (natives pre-extracted / extracted) | | | | | "
                                    + "%.0f ms / %.0f ms | %.0f ms / %.0f ms | |%n",
                            PREDICT, min(layer, 4), min(extracting, 4), min(layer, 5), min(extracting, 5)));
                }
            }
        }
        return report.append(String.format(Locale.ROOT, """

                Medians; load average %.1f at the start. "Total" is measured by this JVM from starting the process
                to the line the probe prints as the first invocation returns (not after the second, which is timed
                on its own), so it includes JVM start-up and all class loading; "CPU" is the process's CPU time (all
                threads) at the first response, which a busy machine inflates far less than wall time; Lambda adds its own sandbox start and, with
                SnapStart, replaces init by a restore. Each run is a fresh JVM with the template's JAVA_TOOL_OPTIONS (C1 only),
                SerialGC and a heap sized to the function's memory. The predict function's init loads both models
                (on a second thread, beside the DynamoDB client); its forecast rows answer a real, uncached forecast
                for BTCUSDT (instrument, latest closed candle, 100-candle window, features, inference, conditional
                write) from DynamoDB Local seeded with bundled candles, the predictions table emptied before each run,
                and fail unless it answers 200. The stock-jar row swaps the layer's stripped ONNX Runtime classes for
                the full jar and removes /opt/lib, so ONNX Runtime extracts its libraries to /tmp as it does by default.
                The AppCDS rows (trading-session, auth) alternate a plain run with one that maps a dynamic archive of the
                classes the same first response loaded (written by one training run with -XX:ArchiveClassesAtExit, used
                with -Xshare:on so an unusable archive fails the run instead of being ignored). The archive matches
                only the JVM build that wrote it: these rows measure what one would add, not something shipped.
                Auth's key rows alternate the plain run (DYNAMODB_ENDPOINT set, so it opens the local development key
                file) with one without DYNAMODB_ENDPOINT, where it sets up its keys' source as deployed (SSM, its
                client built at the first key fetch); AWS_ENDPOINT_URL then points every AWS client at a closed
                loopback port, so no call could leave the machine, and its health route, which signs nothing, makes
                none.
                """, loadAverage)).toString();
    }

    private static final String PREDICT = "PredictFunction";

    /** Deployed, these read their keys from SSM, and their sample event (health) fetches none. */
    private static final List<String> SSM_KEYS = List.of("AuthFunction");

    /**
     * The same first response with the keys' source chosen as locally and as deployed, alternated run by run. Without
     * DYNAMODB_ENDPOINT the function sets up what it would in AWS (its SSM key source, a DynamoDB client for the AWS
     * endpoint); AWS_ENDPOINT_URL sends every AWS client to a loopback port nothing listens on, so a call, were one
     * made, would be refused here instead of reaching AWS.
     */
    private static String ssmKeyRows(int runs, FunctionDefinition function, Map<String, String> env, String classPath,
                                     Path event) throws Exception {
        Map<String, String> deployed = new HashMap<>(env);
        deployed.remove(DynamoDbClients.ENDPOINT_VARIABLE);
        // Nothing listens on it: a call, were one made, is refused.
        deployed.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + BenchContext.freePort());
        List<double[]> local = new ArrayList<>();
        List<double[]> ssm = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            local.add(probe(function, env, classPath, event, true, List.of()));
            ssm.add(probe(function, deployed, classPath, event, true, List.of()));
        }
        return row(function.logicalId() + ", local key file (alternated with the next row)", local)
                + row(function.logicalId() + ", keys from SSM as deployed (no call made)", ssm);
    }

    /** The functions with an init target (issue 14): also measured with an AppCDS archive of their own classes. */
    private static final List<String> CLASS_DATA_ARCHIVE = List.of("TradingSessionFunction", "AuthFunction");

    /**
     * The same first response with and without a dynamic AppCDS archive of the function's classes, alternated run by
     * run. CDS archives classes from jars only (a non-empty directory on the class path makes the dump fail), so the
     * zip's classes, which Lambda and the plain rows load from the task directory, and the probe go in jars here;
     * {@code -Xshare:on} makes the JVM fail rather than silently run without the archive, so the archived row is proof
     * the archive was used.
     */
    private static String archiveRows(int runs, FunctionDefinition function, Map<String, String> env,
                                      FunctionArtifacts artifacts, Path event, Path directory) throws Exception {
        Files.createDirectories(directory);
        String classPath = jarClassPath(artifacts, directory);
        Path archive = directory.resolve(function.logicalId() + ".jsa");
        Files.deleteIfExists(archive);
        probe(function, env, classPath, event, false, List.of("-XX:ArchiveClassesAtExit=" + archive));
        if (!Files.exists(archive)) {
            throw new IllegalStateException(function.logicalId() + ": no class-data archive was written");
        }
        List<String> useArchive = List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on");
        List<double[]> plain = new ArrayList<>();
        List<double[]> archived = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            plain.add(probe(function, env, classPath, event, false, List.of()));
            archived.add(probe(function, env, classPath, event, false, useArchive));
        }
        return row(function.logicalId() + ", no archive (alternated with the next row)", plain)
                + row(function.logicalId() + ", AppCDS archive of its classes (" + Files.size(archive) / (1 << 20)
                        + " MB, -Xshare:on)", archived);
    }

    /** The function's class path with its task directory's own files and the probe's class each in a jar. */
    private static String jarClassPath(FunctionArtifacts artifacts, Path directory) throws Exception {
        Path task = artifacts.taskDirectory();
        Path functionJar = directory.resolve("function.jar");
        Path probeJar = directory.resolve("probe.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(functionJar));
             Stream<Path> files = Files.walk(task)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(task.resolve("lib"))).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(task.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(probeJar));
             InputStream in = ColdStartProbe.class.getResourceAsStream(ColdStartProbe.class.getSimpleName() + ".class")) {
            out.putNextEntry(new java.util.jar.JarEntry(ColdStartProbe.class.getName().replace('.', '/') + ".class"));
            in.transferTo(out);
            out.closeEntry();
        }
        List<String> entries = new ArrayList<>(List.of(functionJar.toString()));
        for (var url : artifacts.classPath()) {
            Path entry = Path.of(java.net.URI.create(url.toString()));
            if (!entry.equals(task)) {
                entries.add(entry.toString());
            }
        }
        entries.add(probeJar.toString());
        return String.join(File.pathSeparator, entries);
    }

    private static String row(String name, List<double[]> samples) {
        return String.format(Locale.ROOT, "| %s | %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.1f ms |%n",
                name, samples.size(), Medians.ofColumn(samples, 0), Medians.ofColumn(samples, 1),
                Medians.ofColumn(samples, 2), Medians.ofColumn(samples, 4), Medians.ofColumn(samples, 5),
                Medians.ofColumn(samples, 3));
    }

    private static List<double[]> probes(int runs, FunctionDefinition function, Map<String, String> env,
                                         String classPath, Path event) throws Exception {
        List<double[]> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            samples.add(probe(function, env, classPath, event, false, List.of()));
        }
        return samples;
    }

    private static double min(List<double[]> samples, int column) {
        return samples.stream().mapToDouble(s -> s[column]).min().orElse(Double.NaN);
    }

    /** The function's class path with the full ONNX Runtime jar (natives inside) instead of the layer's classes. */
    private static String stockOnnxRuntimeClassPath(FunctionArtifacts artifacts, Path probeClasses) throws Exception {
        List<String> entries = new ArrayList<>();
        for (var url : artifacts.classPath()) {
            Path entry = Path.of(java.net.URI.create(url.toString()));
            if (!entry.getFileName().toString().startsWith("onnxruntime-")) {
                entries.add(entry.toString());
            }
        }
        entries.add(ModelColdLoadBenchmark.ortJar().toString());
        entries.add(probeClasses.toString());
        return String.join(File.pathSeparator, entries);
    }

    private static void deleteRecursively(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Returns {jvmToMain, init, first, second, total, process CPU to the first response} in milliseconds. */
    static double[] probe(FunctionDefinition function, Map<String, String> env, String classPath, Path event,
                          boolean require200, List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-XX:+UseSerialGC",
                "-Xmx" + (int) (function.memorySize() * 0.85) + "m"));
        command.addAll(jvmOptions);
        // e.g. -Dbench.probeOpts=-XX:StartFlightRecording=filename=/tmp/cold.jfr to profile a cold start
        String extra = System.getProperty("bench.probeOpts", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(Arrays.asList(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", classPath, ColdStartProbe.class.getName(), function.handlerClass(),
                event.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        String line;
        double total = Double.NaN;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            // Function log lines precede the probe's lines; the clock stops at the first response, not the second.
            while ((line = out.readLine()) != null && !line.startsWith("PROBE ")) {
                if (line.equals(ColdStartProbe.FIRST_RESPONSE)) {
                    total = (System.nanoTime() - started) / 1e6;
                }
            }
        }
        process.waitFor();
        if (line == null || Double.isNaN(total)) {
            throw new IllegalStateException(function.logicalId() + ": the probe printed no result");
        }
        String[] f = line.split(" ");
        if (require200 && !f[5].equals("ok:200")) {
            throw new IllegalStateException(function.logicalId() + ": the first response was " + f[5]);
        }
        return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
            Double.parseDouble(f[4]), total, Double.parseDouble(f[6])};
    }

    static String classPath(FunctionArtifacts artifacts, Path probeClasses) {
        List<String> entries = new ArrayList<>();
        for (var url : artifacts.classPath()) {
            entries.add(Path.of(java.net.URI.create(url.toString())).toString());
        }
        entries.add(probeClasses.toString());
        return String.join(File.pathSeparator, entries);
    }

    /** The probe's own class, alone, so nothing of the benchmark's class path leaks into the function's. */
    private static Path extractProbe(Path directory) throws Exception {
        return extractProbe(directory, ColdStartProbe.class);
    }

    static Path extractProbe(Path directory, Class<?> probe) throws Exception {
        Path packageDir = directory.resolve(probe.getPackageName().replace('.', '/'));
        Files.createDirectories(packageDir);
        String classFile = probe.getName().substring(probe.getPackageName().length() + 1) + ".class";
        try (InputStream in = probe.getResourceAsStream(classFile)) {
            Files.copy(in, packageDir.resolve(classFile),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
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

    static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
