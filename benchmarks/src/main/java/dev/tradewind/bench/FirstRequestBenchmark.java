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
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a SnapStart restore serves, per route family with a sample event: a fresh JVM on the function's zip and
 * layers builds the handler, runs the priming hooks (beforeCheckpoint, afterRestore), then serves the sample event
 * ten times; the first request is compared with the tenth (target: first ≤ 2× the tenth).
 */
final class FirstRequestBenchmark implements Benchmark {

    /**
     * Sample events of invocations that are not HTTP API routes: those of the WebSocket API and the realtime fan-out's
     * bus events (pushed to {@link FirstRequestSeed#SUBSCRIBERS} subscribed connections through a
     * {@link ManagementApiStandIn}) included. Left out: the ingest schedules (they fetch from the venues).
     */
    private static final String FAN_OUT = "RealtimeFanOutFunction";
    private static final Map<String, String> INVOCATIONS = Map.ofEntries(
            Map.entry("auth/authorizer-request.json", "AuthorizerFunction"),
            Map.entry("predict/resolve-schedule.json", "PredictResolveFunction"),
            Map.entry("predict/forecast-history.json", "PredictFunction"),
            Map.entry("trading-session/backtest-worker.json", "BacktestWorkerFunction"),
            Map.entry("realtime/connect.json", "RealtimeFunction"),
            Map.entry("realtime/subscribe.json", "RealtimeFunction"),
            Map.entry("realtime/unsubscribe.json", "RealtimeFunction"),
            Map.entry("realtime/ping.json", "RealtimeFunction"),
            Map.entry("realtime/default.json", "RealtimeFunction"),
            Map.entry("realtime/disconnect.json", "RealtimeFunction"),
            Map.entry("realtime/candles-closed.json", FAN_OUT),
            Map.entry("realtime/forecasts-computed.json", FAN_OUT),
            Map.entry("realtime/order-filled.json", FAN_OUT),
            Map.entry("realtime/order-ended.json", FAN_OUT),
            Map.entry("realtime/cooldown-started.json", FAN_OUT));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Predict routes that serve stored forecasts; the others' predictions are emptied before each run. */
    private static final Set<String> STORED_FORECASTS = Set.of("predict/forecast.json", "predict/signals.json");
    /**
     * Per run: 1st wall, 1st CPU, 10th wall, 10th CPU, heap MB, classes, time in SDK calls 1st and 10th, SDK calls 1st
     * and 10th, live heap MB, collections during the 1st and the 10th.
     */
    private static final int SAMPLE_FIELDS = 13;

    @Override
    public String name() {
        return "first-request";
    }

    @Override
    public String description() {
        return "Fresh JVM → handler → SnapStart priming hooks → first request vs the 10th, per route family"
                + " (target: first ≤ 2× the 10th)";
    }

    @Override
    public String run(BenchContext context) throws Exception {
        int runs = Integer.getInteger("bench.runs", 5);
        List<String> only = Optional.ofNullable(System.getProperty("bench.events"))
                .map(list -> Arrays.asList(list.split(","))).orElse(List.of());
        SamTemplate template = SamTemplate.load(context.template());
        Path probeClasses = probeWithSdkCallClock(context.workDirectory().resolve("first-request-probe"));
        double loadAverage = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder report = new StringBuilder("""
                | route (sample event) | runs | answers (every request of every run) | 1st request | 10th request | 1st ÷ 10th | lowest–highest run | in AWS SDK calls 1st / 10th | outside them 1st ÷ 10th | CPU of Java threads 1st | CPU of Java threads 10th | runs with a GC during the 1st / 10th | heap after priming / live | classes loaded |
                |---|---|---|---|---|---|---|---|---|---|---|---|---|---|
                """);
        List<String> missed = new ArrayList<>();
        List<String> missedOutsideSdkCalls = new ArrayList<>();
        List<String> overInEveryRun = new ArrayList<>();
        List<String> collectedDuringFirst = new ArrayList<>();
        int withinInEveryRun = 0;
        int routes = 0;
        try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(Optional.empty(), 0);
             ManagementApiStandIn managementApi = new ManagementApiStandIn()) {
            // TTL off, as the local runtime has it on the replay clock: a forecast of the bundled bars (2022) expires
            // 400 days after its candle, and DynamoDB Local's sweeper, on the wall clock, would delete the stored
            // forecast the first request is to read before it gets there (the route then computes it: more calls).
            new TableProvisioner(dynamo.client(), false).ensure(template.tables());
            PredictSeed.seed(dynamo, template, context.root());
            FunctionEnvironments environments = FunctionEnvironments.create(Optional.empty(), dynamo.endpoint(),
                    Optional.empty());
            Map<String, Map<String, String>> seedEnvironments = new LinkedHashMap<>();
            for (FunctionDefinition function : template.functions()) {
                if (!FirstRequestSeed.FUNCTIONS.contains(function.logicalId())) {
                    continue;
                }
                seedEnvironments.put(function.logicalId(), withConnectionCap(function, environments.forFunction(
                        function, FunctionArtifacts.unpack(function, context.workDirectory().resolve("functions")))));
            }
            FirstRequestSeed seed = new FirstRequestSeed(context.root().resolve("events"), seedEnvironments);
            Path substitutions = context.workDirectory().resolve("first-request-substitutions.tsv");
            for (Map.Entry<String, FunctionDefinition> entry : events(template, context.root().resolve("events"))
                    .entrySet()) {
                if (!only.isEmpty() && !only.contains(entry.getKey())) {
                    continue;
                }
                FunctionDefinition function = entry.getValue();
                FunctionArtifacts artifacts = FunctionArtifacts.unpack(function,
                        context.workDirectory().resolve("functions"));
                Map<String, String> env = withConnectionCap(function, environments.forFunction(function, artifacts));
                if (function.logicalId().equals(FAN_OUT)) {
                    env.put("WEBSOCKET_ENDPOINT", managementApi.endpoint());
                }
                String classPath = ColdStartBenchmark.classPath(artifacts, probeClasses);
                List<double[]> samples = new ArrayList<>();
                Map<String, Integer> answers = new LinkedHashMap<>();
                for (int i = 0; i < runs; i++) {
                    FirstRequestProbe.writeSubstitutions(substitutions,
                            seed.substitutions(entry.getKey(), FirstRequestProbe.REQUESTS));
                    Instant start = seed.now();
                    if (entry.getKey().startsWith("predict/")) {
                        PredictSeed.clearPredictions(dynamo, template);
                        if (STORED_FORECASTS.contains(entry.getKey())) {
                            // A candle's forecasts are computed once, when its CandlesClosed event arrives: a request
                            // after a restore reads them from the table (the tenth, from the instance's memory). One
                            // unmeasured JVM stores them first.
                            probe(function, env, classPath, context.root().resolve("events/" + entry.getKey()),
                                    substitutions, start, context.workDirectory().resolve("first-request-probe.log"));
                        }
                    }
                    long started = System.nanoTime();
                    String[] line = probe(function, env, classPath, context.root().resolve("events/" + entry.getKey()),
                            substitutions, start, context.workDirectory().resolve("first-request-probe.log"));
                    seed.continueAfter(start, Duration.ofNanos(System.nanoTime() - started));
                    seed.closeRunConnections();
                    addAnswers(answers, line[7]);
                    double[] sample = new double[SAMPLE_FIELDS];
                    for (int field = 0; field < SAMPLE_FIELDS; field++) {
                        // The answers (field 7) are not a number.
                        sample[field] = Double.parseDouble(line[field < 6 ? field + 1 : field + 2]);
                    }
                    samples.add(sample);
                }
                double first = Medians.ofColumn(samples, 0);
                double tenth = Medians.ofColumn(samples, 2);
                FirstRequestRatios ratios = FirstRequestRatios.of(samples.stream().mapToDouble(s -> s[0] / s[2])
                        .toArray());
                double outsideSdkCalls = Medians.of(samples.stream().mapToDouble(s -> (s[0] - s[6]) / (s[2] - s[7]))
                        .toArray());
                routes++;
                long runsCollectingFirst = samples.stream().filter(s -> s[11] > 0).count();
                long runsCollectingTenth = samples.stream().filter(s -> s[12] > 0).count();
                if (runsCollectingFirst > 0) {
                    collectedDuringFirst.add(entry.getKey() + " (" + runsCollectingFirst + ")");
                }
                if (ratios.missed()) {
                    missed.add(entry.getKey());
                }
                if (outsideSdkCalls > FirstRequestRatios.TARGET) {
                    missedOutsideSdkCalls.add(entry.getKey());
                }
                switch (ratios.verdict()) {
                    case OVER_IN_EVERY_RUN -> overInEveryRun.add(entry.getKey());
                    case WITHIN_IN_EVERY_RUN -> withinInEveryRun++;
                    case MIXED -> { }
                }
                report.append(String.format(Locale.ROOT,
                        "| %s (%s) | %d | %s | %.1f ms | %.1f ms | %.2f× | %.2f–%.2f× "
                                + "| %.1f / %.1f ms (%.0f / %.0f calls) | %.2f× | %.1f ms | %.1f ms | %d / %d "
                                + "| %.0f / %.0f MB | %.0f |%n",
                        function.logicalId(), entry.getKey(), runs, answersText(answers), first, tenth, ratios.median(),
                        ratios.lowest(), ratios.highest(), Medians.ofColumn(samples, 6), Medians.ofColumn(samples, 7),
                        Medians.ofColumn(samples, 8), Medians.ofColumn(samples, 9), outsideSdkCalls,
                        Medians.ofColumn(samples, 1), Medians.ofColumn(samples, 3), runsCollectingFirst,
                        runsCollectingTenth, Medians.ofColumn(samples, 4), Medians.ofColumn(samples, 10),
                        Medians.ofColumn(samples, 5)));
            }
        }
        return report.append(String.format(Locale.ROOT, """

                Medians over fresh JVMs (the ratio is the median of each run's own ratio); load average %.1f at the
                start. Each run: the function's zip and layers, the template's JAVA_TOOL_OPTIONS, SerialGC, a heap
                sized to its memory, DynamoDB Local with TTL off and the bundled market history (predict seeded as in
                cold-start, its predictions emptied before each run; for the forecast and signals, the latest candle's
                forecasts then stored by one unmeasured JVM, as its CandlesClosed event has them computed once per
                candle, so the first request reads them from the table, the tenth from the instance's memory; in the
                runs up to 17:28 UTC on 2026-12-07 TTL was on, and DynamoDB Local's sweeper deleted those forecasts,
                which expire in 2023, before some first requests read them) and, made through the real handlers before
                the runs, the
                sample account, a paper session with %d BTCUSDT round trips, a journal entry and its behaviour
                report; the sample ids are replaced by these, and each request of a route that changes state gets
                its own (fresh email, Idempotency-Key with alternating buy/sell, an open order to cancel, a session
                to stop, a sign-in session to end, a refresh token, an analysis at another sensitivity than the
                newest report's, so it stores a report, import rows of a minute of their own before the replay's
                start, so they are new and in order; a live access token of its own for the authorizer), so every
                request is a real success path but realtime's `$default`, an unknown action answered 400 by design:
                the answers column counts every request of every run. The realtime fan-out's bus events reach %d
                open connections of the sample account, subscribed to the sample's channels, through a stand-in of the WebSocket API's Management
                API on a loopback port that answers every push 200 (its answers: the messages delivered);
                the realtime function's cap on one user's open connections is %d here (10 deployed), as the sample
                account holds those and one run's connections, closed after the run. Trading runs on the replay's
                clock (2022-01-03), the others on the system's. The handler is built, the function's registered
                priming hooks (beforeCheckpoint, afterRestore) run as Lambda runs them around a snapshot, then the
                event is served ten times from the heap the hooks left: Lambda documents no collection between the
                hooks and its snapshot, and until 2026-12-07 this probe ran one there, which slowed the first request
                (docs/benchmarks.md).
                "CPU of Java threads" is the CPU time the JVM's live Java threads used during the request, each read
                on its own nanosecond clock: the request's thread and any the function runs, not the JIT compiler's
                or the GC's threads (the process's CPU time, which has them, counts 10 ms ticks here). Heap after
                priming is what the hooks left, garbage included, as a snapshot holds it; live is after a GC once
                the tenth request returned. A collection during a request (priming leaves its garbage in the young
                generation) is in its time, as it would be on Lambda; the GC column says in how many runs one fell in
                the first or the tenth. "In AWS SDK calls" is the wall time with at least one
                SDK call in flight (marshalling, signing, the round trip to DynamoDB Local or another function,
                unmarshalling; concurrent calls counted once), timed by a global SDK interceptor on the probe's class
                path; "outside them" is the median of each run's (request − SDK calls) ratio, the part a restore
                leaves to the function's own code. Routes over 2× by the median, %d of %d: %s.
                Over 2× in every run, %d: %s. Within 2× in every run: %d; the rest had runs on both sides.
                Outside SDK calls over 2× by the median, %d: %s.
                A collection during the first request, in how many runs: %s.
                """, loadAverage, FirstRequestSeed.ROUND_TRIPS, FirstRequestSeed.SUBSCRIBERS,
                FirstRequestSeed.CONNECTIONS_PER_USER, missed.size(), routes,
                missed.isEmpty() ? "none" : String.join(", ", missed), overInEveryRun.size(),
                overInEveryRun.isEmpty() ? "none" : String.join(", ", overInEveryRun), withinInEveryRun,
                missedOutsideSdkCalls.size(),
                missedOutsideSdkCalls.isEmpty() ? "none" : String.join(", ", missedOutsideSdkCalls),
                collectedDuringFirst.isEmpty() ? "none" : String.join(", ", collectedDuringFirst)))
                .toString();
    }

    /** The realtime function's environment with {@link FirstRequestSeed#CONNECTIONS_PER_USER}; others unchanged. */
    private static Map<String, String> withConnectionCap(FunctionDefinition function, Map<String, String> env) {
        if (function.logicalId().equals("RealtimeFunction")) {
            env.put("CONNECTIONS_PER_USER", Integer.toString(FirstRequestSeed.CONNECTIONS_PER_USER));
        }
        return env;
    }

    /**
     * The probe's class directory, with {@link SdkCallClock} registered as a global SDK interceptor there only: the
     * probe JVMs time their SDK calls, the benchmarks' own JVM does not.
     */
    private static Path probeWithSdkCallClock(Path directory) throws Exception {
        ColdStartBenchmark.extractProbe(directory, FirstRequestProbe.class);
        ColdStartBenchmark.extractProbe(directory, SdkCallClock.class);
        ColdStartBenchmark.extractProbe(directory, SdkCallClock.Busy.class);
        Path registration = directory.resolve(SdkCallClock.REGISTRATION);
        Files.createDirectories(registration.getParent());
        Files.writeString(registration, SdkCallClock.class.getName() + "\n");
        return directory;
    }

    /** Every sample event with the function that serves it: by route key, or as {@link #INVOCATIONS} names it. */
    private static Map<String, FunctionDefinition> events(SamTemplate template, Path events) throws Exception {
        Map<String, FunctionDefinition> byEvent = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(events)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String name = events.relativize(file).toString().replace('\\', '/');
                if (INVOCATIONS.containsKey(name)) {
                    template.findFunction(INVOCATIONS.get(name)).ifPresent(f -> byEvent.put(name, f));
                    continue;
                }
                JsonNode routeKey = JSON.readTree(file.toFile()).get("routeKey");
                if (routeKey == null) {
                    continue;
                }
                for (FunctionDefinition function : template.functions()) {
                    if (function.routes().stream().map(HttpRoute::routeKey).anyMatch(routeKey.asText()::equals)) {
                        byEvent.put(name, function);
                    }
                }
            }
        }
        return byEvent;
    }

    /** Adds one run's answers, as the probe prints them ({@code 200x9,500x1}), to the route's count. */
    static void addAnswers(Map<String, Integer> answers, String probeAnswers) {
        for (String answer : probeAnswers.split(",")) {
            int times = answer.lastIndexOf('x');
            answers.merge(answer.substring(0, times), Integer.parseInt(answer.substring(times + 1)), Integer::sum);
        }
    }

    /** The answers of a route's requests, counted over its runs: {@code 200 ×50} or {@code 200 ×49, 500 ×1}. */
    static String answersText(Map<String, Integer> answers) {
        List<String> parts = new ArrayList<>();
        answers.forEach((answer, count) -> parts.add(answer + " ×" + count));
        return String.join(", ", parts);
    }

    /**
     * The probe's fields: FIRSTREQ, 1st wall, 1st CPU, 10th wall, 10th CPU, heap MB, classes, every request's answer
     * counted, time in SDK calls 1st and 10th, SDK calls 1st and 10th, live heap MB, collections during the 1st and the
     * 10th.
     */
    private static String[] probe(FunctionDefinition function, Map<String, String> env, String classPath, Path event,
                                  Path substitutions, Instant clockStart, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(ColdStartBenchmark.javaExecutable(), "-XX:+UseSerialGC",
                "-Xmx" + (int) (function.memorySize() * 0.85) + "m",
                "-cp", classPath));
        String extra = System.getProperty("bench.probeOpts", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(Arrays.asList(extra.split("\\s+")));
        }
        command.addAll(List.of(FirstRequestProbe.class.getName(), function.handlerClass(), event.toString(),
                substitutions.toString()));
        if (function.logicalId().equals(FirstRequestSeed.REPLAY_FUNCTION)) {
            command.add(3, "-D" + FirstRequestProbe.CLOCK_START + "=" + clockStart);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            while ((line = out.readLine()) != null && !line.startsWith("FIRSTREQ ")) {
                // Function log lines precede the probe's result.
            }
        }
        process.waitFor();
        if (line == null) {
            List<String> errors = Files.readAllLines(log);
            throw new IllegalStateException(function.logicalId() + " " + event + ": the probe printed no result; "
                    + String.join("\n", errors.subList(Math.max(0, errors.size() - 30), errors.size())));
        }
        return line.split(" ");
    }
}
