package dev.tradewind.local;

import dev.tradewind.local.clock.ReplayClock;
import dev.tradewind.local.clock.ReplayClockStore;
import dev.tradewind.local.dynamo.DynamoDbEngine;
import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.dynamo.ExternalDynamoDb;
import dev.tradewind.local.dynamo.TableProvisioner;
import dev.tradewind.local.events.LocalEventBridge;
import dev.tradewind.local.events.PutEventsApi;
import dev.tradewind.local.gateway.GatewayRequest;
import dev.tradewind.local.gateway.GatewayResponse;
import dev.tradewind.local.gateway.HttpApiGateway;
import dev.tradewind.local.gateway.LocalHttpServer;
import dev.tradewind.local.gateway.StaticSite;
import dev.tradewind.local.lambda.AsyncInvoker;
import dev.tradewind.local.lambda.FunctionArtifacts;
import dev.tradewind.local.lambda.FunctionPool;
import dev.tradewind.local.lambda.Invocation;
import dev.tradewind.local.lambda.LambdaInvokeApi;
import dev.tradewind.local.schedule.Scheduler;
import dev.tradewind.local.template.EventRuleDefinition;
import dev.tradewind.local.template.FunctionDefinition;
import dev.tradewind.local.template.HttpRoute;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.local.template.ScheduleDefinition;
import dev.tradewind.local.template.TemplateException;
import dev.tradewind.local.template.WebSocketApiDefinition;
import dev.tradewind.local.websocket.ManagementApi;
import dev.tradewind.local.websocket.WebSocketApi;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Runs template.yaml on this machine: {@code start-api} serves the HTTP API on localhost and runs the schedules;
 * {@code invoke} runs one function on one event, like {@code sam local invoke}. See docs/local-runtime.md.
 */
public final class LocalRuntime implements AutoCloseable {

    private static final String USAGE = """
            Usage: tradewind-local <command> [options]

            Commands:
              start-api                        serve the template's HTTP API and run its schedules
              invoke FUNCTION --event FILE     run one function on one event and print its response

            Options:
              --template FILE          SAM template (default template.yaml)
              --port N                 HTTP port for start-api (default 3000; 0 takes a free one, named in the banner)
              --host ADDR              address to listen on (default 127.0.0.1)
              --data-dir DIR           where DynamoDB Local and the replay clock persist (default .tradewind)
              --in-memory              throwaway database, nothing persisted
              --dynamodb-endpoint URL  use this DynamoDB-compatible endpoint (LocalStack, another emulator) instead
                                       of DynamoDB Local; the template's tables are created there when missing
              --clock replay|wall      market replay clock or the real clock (default replay)
              --replay-start INSTANT   where the replay starts (default: where it stopped, else 2022-01-03T00:00:00Z)
              --replay-speed N         replay speed relative to wall time, above 0 and at most 1000000 (default
                                       720: an hour every 5 s)
              --env-vars FILE          per-function environment overrides, sam format, applied on top of
                                       local/env.json beside the template (which applies alone without it)
              --parameter-overrides K=V[,K=V]   template parameter values, pairs separated by commas or spaces; a
                                       comma not followed by K= is the value's (AllowedOrigins=https://a,https://b)
              --no-schedules           do not run the template's schedules
              --max-instances N        concurrent instances per function (default 4)
              --admin                  serve the /_local/ admin routes (to loopback callers only) even when
                                       --host listens beyond loopback
            """;

    private static final String STARTING = "runtime";

    private final RuntimeOptions options;
    private final PrintStream log;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final SamTemplate template;
    private final Clock clock;
    private final ReplayClock replayClock;
    private final Map<String, FunctionPool> pools = new LinkedHashMap<>();
    private final DynamoDbEngine dynamoDb;
    private LocalHttpServer httpServer;
    private Scheduler scheduler;

    /**
     * @param runtimeEndpoint where this runtime serves HTTP (and the AWS APIs it emulates), when it does
     * @param loaded          the functions to unpack and load: all for start-api, the invoked one for invoke
     */
    private LocalRuntime(RuntimeOptions options, PrintStream log, boolean holdClock, Optional<URI> runtimeEndpoint,
                         Predicate<FunctionDefinition> loaded) {
        this.options = options;
        this.log = log;
        try {
            this.template = SamTemplate.load(options.template(), options.parameterOverrides());
            options.dataDirectory().ifPresent(dir -> resources.add(DataDirectoryLock.acquire(dir)));
            // DynamoDB Local takes seconds to start and the functions seconds to unpack: both at once.
            FutureTask<DynamoDbEngine> starting = new FutureTask<>(() -> dynamoDb(options));
            Thread.ofPlatform().daemon().name("dynamodb-start").start(starting);
            resources.add(() -> closeOnceStarted(starting));
            Path workDirectory = options.dataDirectory().map(dir -> dir.resolve("functions"))
                    .orElseGet(this::temporaryWorkDirectory);
            Map<FunctionDefinition, FunctionArtifacts> unpacked = new LinkedHashMap<>();
            for (FunctionDefinition function : template.functions()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new RuntimeFailure("stopped while starting");
                }
                if (starting.isDone()) {
                    started(starting); // a database that failed to start fails the start-up now, not after unpacking
                }
                if (loaded.test(function)) {
                    try {
                        unpacked.put(function, FunctionArtifacts.unpack(function, workDirectory));
                    } catch (IllegalStateException e) {
                        throw new RuntimeFailure(e.getMessage());
                    }
                }
            }
            this.dynamoDb = started(starting);
            // On the replay clock, TTLs are written in the wall clock's past: DynamoDB Local must not act on them.
            new TableProvisioner(dynamoDb.client(), options.clockMode() == RuntimeOptions.ClockMode.WALL)
                    .ensure(template.tables());
            // start-api holds it until market data has caught up with it (CatchUp); invoke runs it from the start.
            this.replayClock = options.clockMode() == RuntimeOptions.ClockMode.REPLAY
                    ? replayClock(options, holdClock) : null;
            this.clock = replayClock != null ? replayClock : Clock.systemUTC();
            FunctionEnvironments created = FunctionEnvironments.create(options.envVarsFiles(), dynamoDb.endpoint(),
                    options.dataDirectory(), options.dynamoDbEndpoint().isPresent() ? System.getenv() : Map.of());
            FunctionEnvironments environments = runtimeEndpoint
                    .map(base -> created.withRuntimeEndpoints(base, template.webSocketApi().isPresent()))
                    .orElse(created);
            for (Map.Entry<FunctionDefinition, FunctionArtifacts> entry : unpacked.entrySet()) {
                FunctionDefinition function = entry.getKey();
                Clock functionClock = function.usesWallClock() ? Clock.systemUTC() : clock;
                FunctionPool pool = new FunctionPool(function, entry.getValue(),
                        environments.forFunction(function, entry.getValue()), functionClock, options.maxInstances(),
                        log, invocation -> log.println(invocation.reportLine()));
                pools.put(function.logicalId(), pool);
                resources.add(pool);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The database {@code starting} started, once it has; its failure as this start-up's. */
    private static DynamoDbEngine started(FutureTask<DynamoDbEngine> starting) {
        try {
            return starting.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("stopped while starting");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
    }

    /** Waits for a start-up this runtime began, so that a database it started is not left running. */
    private static void closeOnceStarted(FutureTask<DynamoDbEngine> starting) throws Exception {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    starting.get().close();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0 || args.length == 0 || !args[0].equals("start-api")) {
            System.exit(status);
        }
    }

    /** Runs the command line; returns the exit status. {@code start-api} returns only when stopped. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            List<String> rest = List.of(args).subList(1, args.length);
            return switch (args[0]) {
                case "start-api" -> startApi(rest, out);
                case "invoke" -> invoke(rest, out, err);
                default -> throw new CliException("unknown command '" + args[0] + "'");
            };
        } catch (CliException e) {
            err.println("tradewind-local: " + e.getMessage() + " (see tradewind-local --help)");
            return 2;
        } catch (RuntimeFailure | TemplateException e) {
            err.println("tradewind-local: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("tradewind-local: " + describe(e));
            return 1;
        }
    }

    private static int startApi(List<String> args, PrintStream out) {
        Deque<String> positional = new ArrayDeque<>();
        RuntimeOptions options = RuntimeOptions.parse(args, positional, new LinkedHashMap<>(), List.of());
        if (!positional.isEmpty()) {
            throw new CliException("start-api takes no arguments, got '" + positional.peek() + "'");
        }
        AtomicReference<LocalRuntime> runtime = new AtomicReference<>();
        CountDownLatch startEnded = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        stopOnSignal(Thread.currentThread(), startEnded, () -> {
            Optional.ofNullable(runtime.get()).ifPresent(LocalRuntime::close);
            stopped.countDown();
        });
        try {
            runtime.set(start(options, out));
        } finally {
            startEnded.countDown();
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * On Ctrl-C or SIGTERM, interrupts {@code worker} and waits (30 s at most) for {@code ended}, then runs
     * {@code then}: the JVM would otherwise exit while the worker is still unpacking functions, and a temporary work
     * directory ({@code --in-memory}) would stay behind with up to ~240 MB in it. An interrupted start-up or
     * invocation stops at its next step and closes what it opened.
     */
    private static Thread stopOnSignal(Thread worker, CountDownLatch ended, Runnable then) {
        Thread hook = new Thread(() -> {
            worker.interrupt();
            try {
                ended.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            then.run();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static int invoke(List<String> args, PrintStream out, PrintStream err) {
        Deque<String> positional = new ArrayDeque<>();
        Map<String, String> extra = new LinkedHashMap<>();
        RuntimeOptions options = RuntimeOptions.parse(args, positional, extra, List.of("--event", "-e"));
        if (positional.size() != 1) {
            throw new CliException("invoke takes one function logical id, e.g. invoke AuthFunction --event FILE");
        }
        String functionId = positional.poll();
        String eventFile = extra.containsKey("--event") ? extra.get("--event") : extra.get("-e");
        if (eventFile == null) {
            throw new CliException("invoke needs --event FILE");
        }
        byte[] event = readEvent(Path.of(eventFile));
        SamTemplate template = SamTemplate.load(options.template(), options.parameterOverrides());
        if (template.findFunction(functionId).isEmpty()) {
            throw new RuntimeFailure("function " + functionId + " is not in " + options.template() + "; functions: "
                    + String.join(", ", template.functions().stream().map(FunctionDefinition::logicalId).toList()));
        }
        // Function logs go to stderr so stdout carries only the response, as with sam local invoke.
        PrintStream originalOut = System.out;
        System.setOut(err);
        Invocation invocation;
        CountDownLatch ended = new CountDownLatch(1);
        Thread stopHook = stopOnSignal(Thread.currentThread(), ended, () -> { });
        try (LocalRuntime runtime = new LocalRuntime(options, err, false, Optional.empty(),
                function -> function.logicalId().equals(functionId))) {
            invocation = runtime.invoke(functionId, event);
        } finally {
            System.setOut(originalOut);
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waited for this invocation to end
            }
        }
        if (invocation.failed()) {
            out.println("{\"errorType\":" + quote(invocation.error().errorType()) + ",\"errorMessage\":"
                    + quote(invocation.error().errorMessage()) + "}");
            return 1;
        }
        out.println(new String(invocation.payload(), StandardCharsets.UTF_8));
        return 0;
    }

    private static byte[] readEvent(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException("event file " + file + " not found");
        } catch (IOException e) {
            throw new CliException("cannot read event file " + file + ": " + e.getMessage());
        }
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new CliException("event file " + file + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return bytes;
    }

    /**
     * Listens first (a port in use fails at once), then starts everything, serves, and catches market data up with
     * the held replay clock in the background; the caller closes it.
     */
    static LocalRuntime start(RuntimeOptions options, PrintStream log) {
        long started = System.nanoTime();
        Readiness readiness = new Readiness();
        readiness.pending(STARTING, "starting DynamoDB Local and unpacking the functions");
        AdminRoutes admin = new AdminRoutes(readiness);
        LocalHttpServer http = listen(options, options.adminServed() ? admin::handle : null);
        LocalRuntime runtime;
        try {
            String host = options.host().equals("0.0.0.0") || options.host().equals("::") ? "127.0.0.1"
                    : options.host().contains(":") ? "[" + options.host() + "]" : options.host();
            runtime = new LocalRuntime(options, log, true, Optional.of(URI.create("http://" + host + ":"
                    + http.port())), function -> true);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        runtime.httpServer = http;
        try {
            runtime.serve(admin, readiness, started);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    /** @param admin in place before the first connection, so /_local/ready says NOT_READY rather than a bare 503 */
    private static LocalHttpServer listen(RuntimeOptions options, Function<GatewayRequest, GatewayResponse> admin) {
        try {
            return LocalHttpServer.start(options.host(), options.port(), admin);
        } catch (BindException e) {
            throw new RuntimeFailure("port " + options.port() + " on " + options.host()
                    + " is already in use; stop what is using it or pass --port N");
        } catch (IOException e) {
            throw new RuntimeFailure("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage());
        }
    }

    private void serve(AdminRoutes admin, Readiness readiness, long started) {
        // Closed after what is added below: connections close (and run $disconnect) while the functions still run.
        resources.add(httpServer);
        List<HttpRoute> routes = template.functions().stream().flatMap(f -> f.routes().stream()).toList();
        HttpApiGateway gateway = new HttpApiGateway(template.httpApi().orElse(null), routes, this::invoke);
        List<EventRuleDefinition> rules = template.functions().stream().flatMap(f -> f.eventRules().stream())
                .toList();
        LocalEventBridge eventBridge = new LocalEventBridge(template.eventBuses(), rules, this::invoke, log);
        resources.add(eventBridge);
        PutEventsApi eventsApi = new PutEventsApi(eventBridge, clock);
        Optional<WebSocketApiDefinition> webSocketDefinition = template.webSocketApi();
        Optional<WebSocketApi> webSocketApi = webSocketDefinition.map(api -> new WebSocketApi(api, this::invoke, log));
        webSocketApi.ifPresent(resources::add);
        Optional<ManagementApi> managementApi = webSocketApi.map(ManagementApi::new);
        CatchUp catchUp = new CatchUp(readiness);
        List<ScheduleDefinition> schedules = options.schedulesEnabled()
                ? template.functions().stream().flatMap(f -> f.schedules().stream()).toList() : List.of();
        scheduler = new Scheduler(schedules, clock,
                replayClock != null ? replayClock::wallDuration : duration -> duration,
                (schedule, input) -> {
                    if (catchUp.record(schedule, invoke(schedule.functionLogicalId(), input))) {
                        log.println(readyLine(clock.instant(), started));
                    }
                }, log);
        resources.add(scheduler);
        if (replayClock != null && options.dataDirectory().isPresent()) {
            persistReplayClock(new ReplayClockStore(options.dataDirectory().get()));
        }
        admin.attach(replayClock, () -> scheduler, eventBridge);
        StaticSite site = new StaticSite();
        AsyncInvoker asyncInvocations = new AsyncInvoker("invoke-event", this::invoke, AsyncInvoker.WALL_BACKOFF);
        resources.add(asyncInvocations);
        LambdaInvokeApi lambdaApi = new LambdaInvokeApi(template.functions().stream().collect(Collectors.toMap(
                FunctionDefinition::logicalId, FunctionDefinition::eventInvokeConfig)), this::invoke,
                asyncInvocations, log);
        httpServer.attach(request -> lambdaApi.serve(request).or(() -> eventsApi.serve(request))
                        .or(() -> managementApi.flatMap(api -> api.serve(request))).or(() -> site.serve(request))
                        .orElseGet(() -> gateway.handle(request)),
                options.adminServed() ? admin::handle : null);
        webSocketApi.ifPresent(httpServer::attachWebSocket);
        printBanner(routes, schedules, webSocketDefinition, rules);
        readiness.done(STARTING);
        log.println("API listening on http://" + options.host() + ":" + httpServer.port() + "  (Ctrl+C to stop); "
                + (schedules.isEmpty() ? "checking the functions" : "catching market data up with the clock")
                + " before it is ready (GET /_local/ready)");
        Thread.ofPlatform().daemon().name("catch-up").start(() -> {
            try {
                catchUp.checkHealth(CatchUp.healthRoutes(routes), gateway::handle);
                catchUp.runSchedules(scheduler.schedules(), scheduler::runAndWait);
            } catch (RuntimeException e) {
                readiness.pending("catch-up", "failed: " + describe(e));
            }
            Instant caughtUpTo = clock.instant();
            if (replayClock != null) {
                replayClock.release();
            }
            scheduler.start();
            if (readiness.catchUpFinished()) {
                log.println(readyLine(caughtUpTo, started));
            } else {
                log.println("Not ready to trade: " + readiness.pending() + "; the clock runs and the schedules keep"
                        + " trying (GET /_local/ready)");
            }
        });
    }

    /** The one line that says the runtime can be used: the README's "Try it" works from here on. */
    private String readyLine(Instant caughtUpTo, long started) {
        String data = !options.schedulesEnabled() ? "schedules off, so no market data is ingested"
                : "market data caught up with the " + (replayClock != null ? "replay clock at " + caughtUpTo
                        + ", which runs from now" : "wall clock");
        return String.format(java.util.Locale.ROOT, "Ready to trade on http://%s:%d: %s; functions healthy,"
                + " models loaded (%.0f s after start)", options.host(), httpServer.port(), data,
                (System.nanoTime() - started) / 1e9);
    }

    private void persistReplayClock(ReplayClockStore store) {
        ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("replay-clock-store").factory());
        saver.scheduleAtFixedRate(() -> store.save(replayClock.instant()), 5, 5, TimeUnit.SECONDS);
        resources.add(() -> {
            saver.shutdownNow();
            store.save(replayClock.instant());
        });
    }

    Invocation invoke(String functionId, byte[] payload) {
        FunctionPool pool = pools.get(functionId);
        if (pool == null) {
            throw new RuntimeFailure("function " + functionId + " is not in the template");
        }
        return pool.invoke(payload);
    }

    public int port() {
        return httpServer.port();
    }

    public Optional<ReplayClock> replayClock() {
        return Optional.ofNullable(replayClock);
    }

    public FunctionPool pool(String functionId) {
        return pools.get(functionId);
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    /** DynamoDB Local in this JVM (persisted under the data directory), or the endpoint the user named. */
    private static DynamoDbEngine dynamoDb(RuntimeOptions options) {
        if (options.dynamoDbEndpoint().isPresent()) {
            try {
                return ExternalDynamoDb.connect(options.dynamoDbEndpoint().get());
            } catch (IllegalStateException e) {
                throw new RuntimeFailure(e.getMessage());
            }
        }
        return DynamoDbLocalServer.start(options.dataDirectory().map(dir -> dir.resolve("dynamodb")), 0);
    }

    private static ReplayClock replayClock(RuntimeOptions options, boolean held) {
        Instant start = options.replayStart()
                .or(() -> options.dataDirectory().flatMap(dir -> new ReplayClockStore(dir).load()))
                .orElse(RuntimeOptions.DEFAULT_REPLAY_START);
        return held ? ReplayClock.held(start, options.replaySpeed()) : new ReplayClock(start, options.replaySpeed());
    }

    private void printBanner(List<HttpRoute> routes, List<ScheduleDefinition> schedules,
                             Optional<WebSocketApiDefinition> webSocketApi, List<EventRuleDefinition> rules) {
        log.println("Tradewind local runtime");
        log.println("  template   " + template.file());
        log.println("  dynamodb   " + dynamoDb.endpoint() + (dynamoDb instanceof ExternalDynamoDb
                ? " (external; the template's tables are created there when missing)"
                : options.dataDirectory().map(dir -> " (DynamoDB Local, persisted in " + dir.resolve("dynamodb") + ")")
                        .orElse(" (DynamoDB Local, in memory)")));
        if (replayClock != null) {
            log.printf("  clock      market replay from %s at %s, held until market data has caught up%n",
                    replayClock.instant(), replayClock.pace());
        } else {
            log.println("  clock      wall clock");
        }
        log.printf("  routes     %d from the template (docs/api.md); admin routes %s%n", routes.size(),
                options.adminServed() ? "/_local/... for loopback callers" : "off (--host beyond loopback without --admin)");
        String origin = "http://" + options.host() + ":" + httpServer.port();
        log.println("  dashboard  " + origin + "/   (API page: " + origin + "/api-docs/)");
        String ws = origin.replaceFirst("^http", "ws") + LocalHttpServer.WEBSOCKET_PATH;
        webSocketApi.ifPresent(api -> log.printf("  websocket  %s (stage %s of %s; %d routes; Management API %s%s)%n",
                ws, api.stage(), api.logicalId(), api.routes().size(), origin, ManagementApi.PATH));
        log.println("  events     PutEvents at " + origin + PutEventsApi.PATH + "; buses: default"
                + template.eventBuses().stream().map(bus -> ", " + bus.name()).collect(Collectors.joining()));
        for (EventRuleDefinition rule : rules) {
            log.printf("  rule       %s on %s%s -> %s%n", rule.name(), rule.busName(), rule.enabled() ? "" : " (disabled)",
                    rule.functionLogicalId());
        }
        for (ScheduleDefinition schedule : schedules) {
            log.printf("  schedule   %s %s -> %s%n", schedule.name(), schedule.expression(), schedule.functionLogicalId());
        }
    }

    /**
     * Where the functions are unpacked without a data directory: deleted, tree and all, when the runtime stops (after
     * the function pools, which hold its jars open). deleteOnExit would remove only an empty directory, so every run
     * left its ~240 MB of unpacked functions behind.
     */
    private Path temporaryWorkDirectory() {
        try {
            Path directory = Files.createTempDirectory("tradewind-local-");
            resources.add(() -> FunctionArtifacts.deleteRecursively(directory));
            return directory;
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create a temporary directory: " + e.getMessage());
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : root.toString();
        return message.lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() {
        // A stop signal may have interrupted this thread (stopOnSignal): the resources must still close cleanly.
        boolean interrupted = Thread.interrupted();
        if (httpServer != null && !resources.contains(httpServer)) {
            resources.add(httpServer);
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.println("tradewind-local: while stopping: " + describe(e));
            }
        }
        resources.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
