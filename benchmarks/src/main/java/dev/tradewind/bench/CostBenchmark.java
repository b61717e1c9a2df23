package dev.tradewind.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.auth.AuthHandler;
import dev.tradewind.auth.AuthorizerHandler;
import dev.tradewind.auth.domain.password.Argon2Cost;
import dev.tradewind.auth.service.AuthConfig;
import dev.tradewind.auth.service.AuthService;
import dev.tradewind.auth.service.AuthServices;
import dev.tradewind.auth.service.SnapSafeRandom;
import dev.tradewind.behavior.BehaviorHandler;
import dev.tradewind.behavior.service.BehaviorConfig;
import dev.tradewind.behavior.service.BehaviorServices;
import dev.tradewind.bench.ConsumedCapacityRecorder.Call;
import dev.tradewind.bench.ConsumedCapacityRecorder.WrittenItem;
import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.dynamo.TableProvisioner;
import dev.tradewind.local.template.FunctionDefinition;
import dev.tradewind.local.template.HttpApiDefinition;
import dev.tradewind.local.template.HttpRoute;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.local.template.TableDefinition;
import dev.tradewind.market.MarketDataHandler;
import dev.tradewind.market.service.MarketDataConfig;
import dev.tradewind.market.service.MarketDataService;
import dev.tradewind.market.service.MarketServices;
import dev.tradewind.predict.PredictHandler;
import dev.tradewind.predict.service.PredictConfig;
import dev.tradewind.predict.service.PredictServices;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.lambda.SyntheticContext;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.testing.MutableClock;
import dev.tradewind.trading.TradingHandler;
import dev.tradewind.trading.service.BacktestRunner;
import dev.tradewind.trading.service.ModelForecasts;
import dev.tradewind.trading.service.TradingConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Cost per request, measured: each route family's sample event from {@code events/} runs warm through its real
 * handler, in-process over DynamoDB Local, on a DynamoDB client built by {@code DynamoDbClients.create} with a
 * {@link ConsumedCapacityRecorder}. Per route: the mean billed duration (each handler call's wall time rounded up to
 * Lambda's billing millisecond), the template's MemorySize, the request units DynamoDB reported, and
 * {@link CostModel}'s $ per million requests; then issue 14's traffic mix, blended.
 *
 * <p>The state the routes need is made through the handlers themselves: a registered account (login, refresh,
 * authorizer), a session with market orders (portfolio, analysis), the market history the predict benchmarks
 * seed, with bars after the start so orders fill and uncached forecasts find a newer candle.
 */
final class CostBenchmark implements Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = PredictSeed.REPLAY_START;
    /** Placeholders in the sample events, replaced by what this run created. */
    private static final String EVENT_SESSION_ID = "01JGXR0A5T6Y7Z8B9C0D1E2F3G";
    private static final String EVENT_IDEMPOTENCY_KEY = "5f0c6a3e-2b7d-4c1e-9a8f-1d2e3f4a5b6c";
    private static final String EVENT_REFRESH_TOKEN = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final String EVENT_BEARER = "Bearer eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2ln";
    /** The sample session allows 20 orders an hour; one every 4 minutes stays under it. */
    private static final Duration ORDER_SPACING = Duration.ofMinutes(4);
    private static final double TARGET_BLENDED = 1.50;
    private static final double TARGET_ORDER_WRU = 6;
    private static final double TARGET_REPORT_WRU = 4;

    /** Issue 14's mix: shares of all API requests. */
    private static final Map<String, Double> MIX = mix();

    @Override
    public String name() {
        return "cost";
    }

    @Override
    public String description() {
        return "$ per million requests per route family and for issue 14's mix: warm billed duration at the"
                + " template's MemorySize, DynamoDB request units (reported, checked against DynamoDB's rules),"
                + " Lambda, HTTP API and authorizer fees"
                + " (target: ≤ $1.50 blended; ≤ 6 WRU per market order, ≤ 4 per stored report)";
    }

    /** One measured route family. */
    private record Route(String id, String label, FunctionDefinition function, boolean authorized,
                         double[] wallMillis, List<List<Call>> calls) {

        double billedMillis() {
            return CostModel.meanBilledMillis(wallMillis);
        }

        double readUnits() {
            return calls.stream().mapToDouble(c -> units(c, false)).average().orElse(0);
        }

        double writeUnits() {
            return calls.stream().mapToDouble(c -> units(c, true)).average().orElse(0);
        }

        String writeRange() {
            var stats = calls.stream().mapToDouble(c -> units(c, true)).summaryStatistics();
            return stats.getMin() == stats.getMax() ? fmt(stats.getMin()) : fmt(stats.getMin()) + "–"
                    + fmt(stats.getMax());
        }


        double callsPerRequest() {
            return calls.stream().mapToInt(List::size).average().orElse(0);
        }

        private static double units(List<Call> request, boolean write) {
            return request.stream().filter(c -> c.write() == write).mapToDouble(Call::units).sum();
        }
    }

    @Override
    public String run(BenchContext context) throws Exception {
        int warmup = Integer.getInteger("bench.warmup", 15);
        int calls = Integer.getInteger("bench.calls", 30);
        int requestsPerToken = Integer.getInteger("bench.requestsPerToken", 10);
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        SamTemplate template = SamTemplate.load(context.template());
        HttpApiDefinition.Authorizer authorizer = template.httpApi().orElseThrow().authorizers().values().stream()
                .findFirst().orElseThrow();
        Path events = context.root().resolve("events");
        Path dataDirectory = context.workDirectory().resolve("cost-data");
        deleteRecursively(dataDirectory);
        Files.createDirectories(dataDirectory);
        PrintStream console = System.out;
        List<Route> routes = new ArrayList<>();
        ConsumedCapacityRecorder recorder = new ConsumedCapacityRecorder(template.tables());
        MutableClock clock = new MutableClock(START.plusSeconds(30));
        try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(java.util.Optional.empty(), 0)) {
            // TTL off: the functions run on a 2022 clock, so what they store has expired by the wall clock, on which
            // DynamoDB Local's sweeper deletes it within about 10 s.
            new TableProvisioner(dynamo.client(), false).ensure(template.tables());
            PredictSeed.seed(dynamo, template, context.root());
            int forwardHours = (warmup + calls) * 2 + 24;
            seedForward(dynamo, template, context.root(), forwardHours);
            Functions functions = new Functions(template, dynamo, recorder, clock, context.root(), dataDirectory);
            // Function log lines go to stdout through the benchmark's SLF4J binding; formatted, then discarded.
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            Measurer measure = new Measurer(template, recorder, warmup, calls, routes, console);

            RequestStreamHandler auth = functions.auth();
            requireOk(auth, read(events, "auth/register.json"), recorder);
            byte[] login = read(events, "auth/login.json");
            // Tokens of the latest login: older sign-in sessions may be evicted by newer ones.
            JsonNode[] tokens = {null};
            measure.route("login", "auth login (Argon2id)", "AuthFunction", auth, i -> login,
                    response -> tokens[0] = body(response));
            String[] refreshToken = {tokens[0].path("refreshToken").asText()};
            String refreshEvent = new String(read(events, "auth/refresh.json"), StandardCharsets.UTF_8);
            measure.route("refresh", "auth refresh (token rotation)", "AuthFunction", auth,
                    i -> refreshEvent.replace(EVENT_REFRESH_TOKEN, refreshToken[0]).getBytes(StandardCharsets.UTF_8),
                    response -> refreshToken[0] = body(response).path("refreshToken").asText());
            String authorizerEvent = new String(read(events, "auth/authorizer-request.json"), StandardCharsets.UTF_8)
                    .replace(EVENT_BEARER, "Bearer " + tokens[0].path("accessToken").asText());
            Route authorizerRoute = measure.route("authorizer", "authorizer (one uncached verification)",
                    authorizer.functionLogicalId(), functions.authorizer(),
                    i -> authorizerEvent.getBytes(StandardCharsets.UTF_8), null);

            RequestStreamHandler market = functions.marketData();
            byte[] candles = read(events, "market-ingest/list-candles.json");
            measure.route("candles", "market candles (24 × 1h)", "MarketDataFunction", market, i -> candles, null);

            RequestStreamHandler predict = functions.predict();
            byte[] forecast = read(events, "predict/forecast.json");
            measure.route("forecast-cached", "forecast, cached (stored for the latest candle)", "PredictFunction",
                    predict, i -> forecast, null);
            byte[] signals = read(events, "predict/signals.json");
            measure.route("signals", "signals (8 instruments, cached)", "PredictFunction", predict, i -> signals,
                    null);

            RequestStreamHandler trading = functions.trading();
            String sessionId = body(requireOk(trading, read(events, "trading-session/create-session.json"),
                    recorder)).path("id").asText();
            String orderEvent = new String(read(events, "trading-session/place-order.json"), StandardCharsets.UTF_8)
                    .replace(EVENT_SESSION_ID, sessionId);
            Route orders = measure.route("order", "place market order (alternating buy/sell)",
                    "TradingSessionFunction", trading, i -> {
                        clock.advance(ORDER_SPACING);
                        String event = orderEvent.replace(EVENT_IDEMPOTENCY_KEY,
                                UUID.nameUUIDFromBytes(("order-" + i).getBytes(StandardCharsets.UTF_8)).toString());
                        return (i % 2 == 0 ? event : event.replace("\\\"BUY\\\"", "\\\"SELL\\\""))
                                .getBytes(StandardCharsets.UTF_8);
                    }, null);
            int fills = warmup + calls;
            byte[] portfolio = sessionEvent(events, "trading-session/get-portfolio.json", sessionId);
            measure.route("portfolio", "portfolio (" + fills / 2 + " round trips)", "TradingSessionFunction",
                    trading, i -> portfolio, null);

            RequestStreamHandler behavior = functions.behavior();
            byte[] analyze = sessionEvent(events, "analyze-behavior/analyze-session.json", sessionId);
            String analyzeEvent = new String(analyze, StandardCharsets.UTF_8);
            // Another sensitivity than the newest report's each time, so every request stores a new report.
            String[] sensitivities = {"low", "high", "medium"};
            Route reports = measure.route("analysis", "behaviour analysis of the session (" + fills + " fills)",
                    "AnalyzeBehaviorFunction", behavior, i -> {
                        clock.advance(Duration.ofSeconds(1)); // report ids (ULIDs) then order as written
                        return analyzeEvent.replace("\\\"medium\\\"",
                                "\\\"" + sensitivities[i % 3] + "\\\"").getBytes(StandardCharsets.UTF_8);
                    }, null);
            measure.route("analysis-again", "the same analysis again (unchanged history: the stored report)",
                    "AnalyzeBehaviorFunction", behavior, i -> analyze, null);

            measure.route("forecast-uncached", "forecast, uncached (a newer candle before each)", "PredictFunction",
                    predict, i -> {
                        clock.advance(Duration.ofHours(1));
                        return forecast;
                    }, null);
            System.setOut(console);
            return report(template, routes, authorizerRoute, authorizer, requestsPerToken, orders, reports, warmup,
                    calls, loadAverage);
        } finally {
            System.setOut(console);
        }
    }

    /** Runs one route's event warm, recording wall time and DynamoDB calls of the measured requests. */
    private static final class Measurer {
        private final SamTemplate template;
        private final ConsumedCapacityRecorder recorder;
        private final int warmup;
        private final int calls;
        private final List<Route> routes;
        private final PrintStream console;

        Measurer(SamTemplate template, ConsumedCapacityRecorder recorder, int warmup, int calls, List<Route> routes,
                 PrintStream console) {
            this.template = template;
            this.recorder = recorder;
            this.warmup = warmup;
            this.calls = calls;
            this.routes = routes;
            this.console = console;
        }

        Route route(String id, String label, String functionId, RequestStreamHandler handler,
                    IntFunction<byte[]> event, java.util.function.Consumer<byte[]> afterEach) throws Exception {
            FunctionDefinition function = template.findFunction(functionId).orElseThrow();
            double[] wall = new double[calls];
            List<List<Call>> recorded = new ArrayList<>();
            String routeKey = null;
            for (int i = 0; i < warmup + calls; i++) {
                byte[] request = event.apply(i);
                if (routeKey == null) {
                    routeKey = JSON.readTree(request).path("routeKey").asText();
                }
                recorder.drain();
                long started = System.nanoTime();
                byte[] response = invoke(handler, request);
                double millis = (System.nanoTime() - started) / 1e6;
                List<Call> made = recorder.drain();
                requireSuccess(id, response);
                if (afterEach != null) {
                    afterEach.accept(response);
                }
                if (i >= warmup) {
                    wall[i - warmup] = millis;
                    recorded.add(made);
                }
            }
            String key = routeKey;
            boolean authorized = function.routes().stream().filter(r -> r.routeKey().equals(key))
                    .findFirst().map(HttpRoute::authorized).orElse(false);
            Route route = new Route(id, label, function, authorized, wall, recorded);
            routes.add(route);
            console.printf(Locale.ROOT, "  %-18s median %.1f ms, %s RRU, %s WRU%n", id, Medians.of(wall),
                    fmt(route.readUnits()), fmt(route.writeUnits()));

            return route;
        }
    }

    /** The handlers, each on its own DynamoDB client with the recorder, built from the function's environment. */
    private record Functions(SamTemplate template, DynamoDbLocalServer dynamo, ConsumedCapacityRecorder recorder,
                             Clock clock, Path root, Path dataDirectory) {

        Environment environment(String functionId) {
            Map<String, String> variables = new HashMap<>(template.findFunction(functionId).orElseThrow()
                    .environment());
            variables.put("AWS_REGION", "us-east-1");
            variables.put(DynamoDbClients.ENDPOINT_VARIABLE, dynamo.endpoint().toString());
            // Auth and the authorizer share the development key ring under the data directory.
            variables.put("TRADEWIND_LOCAL_DATA_DIR", dataDirectory.toString());
            variables.put("MODEL_DIRECTORY", root.resolve("models").toString());
            variables.put("POWERTOOLS_LOG_LEVEL", "INFO");
            return new Environment(variables, clock);
        }

        DynamoDbClient client(Environment env) {
            return DynamoDbClients.create(env, List.of(recorder));
        }

        RequestStreamHandler auth() throws Exception {
            Environment env = environment("AuthFunction");
            AuthConfig config = AuthConfig.from(env);
            SnapSafeRandom random = new SnapSafeRandom();
            AuthService service = AuthServices.create(config, client(env), AuthServices.signingKeys(config, env, random),
                    clock, new Ulid(clock), random, Argon2Cost.OWASP);
            return construct(AuthHandler.class, new Class<?>[] {AuthService.class, Clock.class}, service, clock);
        }

        RequestStreamHandler authorizer() throws Exception {
            Environment env = environment("AuthorizerFunction");
            return construct(AuthorizerHandler.class, new Class<?>[] {Environment.class, DynamoDbClient.class}, env,
                    client(env));
        }

        RequestStreamHandler marketData() throws Exception {
            Environment env = environment("MarketDataFunction");
            MarketDataService service = MarketServices.createMarketData(MarketDataConfig.from(env),
                    DynamoDbClients.enhanced(client(env)), clock);
            return construct(MarketDataHandler.class, new Class<?>[] {MarketDataService.class, Clock.class}, service,
                    clock);
        }

        RequestStreamHandler predict() throws Exception {
            Environment env = environment("PredictFunction");
            DynamoDbClient client = client(env);
            PredictServices services = PredictServices.create(PredictConfig.from(env), () -> client, clock,
                    new Ulid(clock), EventPublisher.none());
            return construct(PredictHandler.class, new Class<?>[] {PredictServices.class}, services);
        }

        RequestStreamHandler trading() throws Exception {
            Environment env = environment("TradingSessionFunction");
            // No forecast function, no worker and no bus: the measured routes need none of them.
            return construct(TradingHandler.class, new Class<?>[] {TradingConfig.class, DynamoDbClient.class,
                Clock.class, Clock.class, IdGenerator.class, ModelForecasts.class, BacktestRunner.class,
                EventPublisher.class}, TradingConfig.from(env), client(env), clock, env.wallClock(), new Ulid(clock),
                ModelForecasts.NONE, BacktestRunner.NONE, EventPublisher.none());
        }

        RequestStreamHandler behavior() throws Exception {
            Environment env = environment("AnalyzeBehaviorFunction");
            BehaviorServices services = BehaviorServices.create(BehaviorConfig.from(env),
                    DynamoDbClients.enhanced(client(env)), clock, new Ulid(clock), EventPublisher.none());
            return construct(BehaviorHandler.class, new Class<?>[] {BehaviorServices.class, Clock.class}, services,
                    clock);
        }

        /**
         * The handlers' constructors that take their client or services are package-private (the tests' seam);
         * the benchmark uses them so the handler runs on the recording client.
         */
        private static RequestStreamHandler construct(Class<?> handler, Class<?>[] parameters, Object... arguments)
                throws Exception {
            Constructor<?> constructor = handler.getDeclaredConstructor(parameters);
            constructor.setAccessible(true);
            return (RequestStreamHandler) constructor.newInstance(arguments);
        }
    }

    private static String report(SamTemplate template, List<Route> routes, Route authorizerRoute,
                                 HttpApiDefinition.Authorizer authorizer, int requestsPerToken, Route orders,
                                 Route reports, int warmup, int calls, double loadAverage) {
        int authorizerMemory = authorizerRoute.function().memorySize();
        double authorizerShare = CostModel.authorizerSharePerMillion(authorizerRoute.billedMillis(), authorizerMemory,
                authorizerRoute.readUnits(), requestsPerToken);
        Map<String, CostModel.Breakdown> costs = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder("""
                | route (sample event) | function, MemorySize | billed ms (each request rounded up, mean) | DynamoDB calls | RRU | WRU (range) | Lambda $/M | authorizer $/M | HTTP API $/M | DynamoDB $/M | **total $/M** |
                |---|---|---|---|---|---|---|---|---|---|---|
                """);
        for (Route route : routes) {
            if (route == authorizerRoute) {
                continue;
            }
            CostModel.Breakdown cost = CostModel.perMillion(route.billedMillis(), route.function().memorySize(),
                    route.readUnits(), route.writeUnits(), route.authorized() ? authorizerShare : 0);
            costs.put(route.id(), cost);
            out.append(String.format(Locale.ROOT, "| %s | %s, %d MB | %.1f | %.1f | %s | %s (%s) | %.2f | %.2f | %.2f | %.2f | **%.2f** |%n",
                    route.label(), route.function().logicalId(), route.function().memorySize(), route.billedMillis(),
                    route.callsPerRequest(), fmt(route.readUnits()), fmt(route.writeUnits()), route.writeRange(),
                    cost.lambdaCompute() + cost.lambdaRequests(), cost.authorizer(), cost.httpApi(), cost.dynamoDb(),
                    cost.total()));
        }
        out.append(String.format(Locale.ROOT,
                "| %s | %s, %d MB | %.1f | %.1f | %s | 0 | %.2f per invocation-million | — | — | %.2f per invocation-million | — |%n%n",
                authorizerRoute.label(), authorizerRoute.function().logicalId(), authorizerMemory,
                authorizerRoute.billedMillis(), authorizerRoute.callsPerRequest(), fmt(authorizerRoute.readUnits()),
                CostModel.lambdaComputePerMillion(authorizerRoute.billedMillis(), authorizerMemory)
                        + CostModel.LAMBDA_PER_MILLION_REQUESTS,
                authorizerRoute.readUnits() * CostModel.DYNAMODB_PER_MILLION_RRU));

        CostModel.Breakdown blended = CostModel.blend(MIX, costs);
        out.append("Mix (issue 14), blended:\n\n| share | route | total $/M | contributes $/M |\n|---|---|---|---|\n");
        for (Map.Entry<String, Double> share : MIX.entrySet()) {
            Route route = routes.stream().filter(r -> r.id().equals(share.getKey())).findFirst().orElseThrow();
            double total = costs.get(share.getKey()).total();
            out.append(String.format(Locale.ROOT, "| %.1f %% | %s | %.2f | %.3f |%n", share.getValue() * 100,
                    route.label(), total, total * share.getValue()));
        }
        double total = blended.total();
        out.append(String.format(Locale.ROOT, """
                | **100 %%** | **blended** | **%.2f** | lambda %.3f (%.0f %%) · HTTP API %.3f (%.0f %%) · DynamoDB %.3f (%.0f %%) |

                **Blended: $%.2f per million requests** against the target of ≤ $%.2f: %s.

                """, total, blended.lambda(), 100 * blended.lambda() / total, blended.httpApi(),
                100 * blended.httpApi() / total, blended.dynamoDb(), 100 * blended.dynamoDb() / total, total,
                TARGET_BLENDED, total <= TARGET_BLENDED ? "met" : "missed; " + dominant(blended, costs)));

        out.append(String.format(Locale.ROOT, """
                Write units per request, counted as the table of DynamoDB calls below says:

                | what | WRU per request (mean, range) | target | items the last measured request wrote (call table: key type, action, size by DynamoDB's rules) |
                |---|---|---|---|
                | market order | %s (%s) | ≤ %s | %s |
                | stored behaviour report | %s (%s) | ≤ %s | %s |

                """, fmt(orders.writeUnits()), orders.writeRange(), fmt(TARGET_ORDER_WRU), items(template, orders),
                fmt(reports.writeUnits()), reports.writeRange(), fmt(TARGET_REPORT_WRU), items(template, reports)));

        out.append(verification(template, routes));
        out.append(String.format(Locale.ROOT, """
                Prices: us-east-1 list prices as of %s as issue 14 quotes them: Lambda arm64 $%s per GB-s and $%.2f
                per million requests, HTTP API $%.2f per million, DynamoDB on-demand $%.3f per million WRU and $%.3f
                per million RRU. Lambda $/M is compute (billed ms × MemorySize from template.yaml) plus the request
                fee. The authorizer's share assumes a client makes %d requests per token in the HTTP API's %d s
                authorizer cache (`ReauthorizeEvery`): one authorizer invocation per %d private requests (at 1
                request per window it would add $%.2f/M, at 100 $%.3f/M); login and refresh are public routes
                and pay none. Request units per request are the sum over its DynamoDB calls as the table above
                says, the mean of %d warm requests after %d warm-up requests.

                Durations are wall time of the handler call, in-process on this machine (%d cores, %s, load average
                %.1f at the start), not Lambda's arm64: a Lambda function gets CPU in proportion to its MemorySize
                (1,769 MB is one vCPU), so CPU-bound routes (login's Argon2id) would bill differently there, and
                this JVM runs C2 for all functions where the template stops at C1 except auth. DynamoDB Local answers
                on loopback and is slower than DynamoDB, which inflates the DynamoDB-heavy routes' durations; its
                tables have TTL off, as the functions run on the replay's clock (2022). The order route spaces
                orders %d minutes apart on the clock (the sample session allows 20 an hour); the uncached forecast
                moves the clock one hour before each request.
                """, CostModel.PRICES_AS_OF,
                new java.math.BigDecimal(Double.toString(CostModel.LAMBDA_ARM64_PER_GB_SECOND)).toPlainString(),
                CostModel.LAMBDA_PER_MILLION_REQUESTS, CostModel.HTTP_API_PER_MILLION_REQUESTS,
                CostModel.DYNAMODB_PER_MILLION_WRU, CostModel.DYNAMODB_PER_MILLION_RRU, requestsPerToken,
                authorizer.reauthorizeEverySeconds(), requestsPerToken,
                CostModel.authorizerSharePerMillion(authorizerRoute.billedMillis(), authorizerMemory,
                        authorizerRoute.readUnits(), 1),
                CostModel.authorizerSharePerMillion(authorizerRoute.billedMillis(), authorizerMemory,
                        authorizerRoute.readUnits(), 100),
                calls, warmup,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), loadAverage,
                ORDER_SPACING.toMinutes()));
        return out.toString();
    }

    /**
     * Every kind of DynamoDB call the measured requests made: what DynamoDB Local reported and what this benchmark
     * counts, and why they differ where they do.
     */
    private static String verification(SamTemplate template, List<Route> routes) {
        Map<String, String> logicalIds = template.tables().stream()
                .collect(Collectors.toMap(TableDefinition::tableName, TableDefinition::logicalId));
        Map<String, List<Call>> byKind = new TreeMap<>();
        for (Route route : routes) {
            for (Call call : route.calls().stream().flatMap(List::stream).toList()) {
                String tables = Arrays.stream(call.tables().split("\\+")).map(t -> logicalIds.getOrDefault(t, t))
                        .collect(Collectors.joining(", "));
                String kind = route.id() + " | " + call.operation() + " " + tables + (call.write() ? " (write)" : "")
                        + (call.failure() == null ? "" : ", failed: " + call.failure());
                byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(call);
            }
        }
        StringBuilder out = new StringBuilder("""
                DynamoDB calls per route, DynamoDB Local's `ConsumedCapacity` (`ReturnConsumedCapacity=INDEXES`: the
                total, as `TOTAL` returns it, with the part spent on secondary indexes) against the units counted:

                | route | call | calls | reported (mean) | of it on indexes | counted (mean) | counted as |
                |---|---|---|---|---|---|---|
                """);
        for (Map.Entry<String, List<Call>> kind : byKind.entrySet()) {
            List<Call> calls = kind.getValue();
            Call first = calls.getFirst();
            double reported = calls.stream().mapToDouble(c -> c.reportedUnits() == null ? 0 : c.reportedUnits())
                    .average().orElse(0);
            double index = calls.stream().mapToDouble(Call::indexUnits).average().orElse(0);
            double counted = calls.stream().mapToDouble(Call::units).average().orElse(0);
            boolean missing = calls.stream().anyMatch(c -> c.reportedUnits() == null);
            String how;
            if (first.failure() != null) {
                how = "no figure on a failure: DynamoDB's minimum";
            } else if (first.write() && first.computedUnits() != null) {
                how = "item sizes (table + index entries)" + (calls.stream().anyMatch(Call::differsFromReported)
                        ? ": **differs from reported**" : ", = reported");
            } else if (calls.stream().anyMatch(Call::differsFromReported)) {
                how = missing ? "no figure reported" : "reported, raised to the read minimum";
            } else {
                how = "reported";
            }
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", kind.getKey(), calls.size(),
                    fmt(reported), fmt(index), fmt(counted), how));
        }
        return out.append("""

                Where DynamoDB Local's figure is not DynamoDB's rules, the rules count: a write whose items are all in
                the request (puts) is counted from the items' sizes, 1 WRU per 1 KB started per item and per index
                entry (an index entry is in a sparse index only when the item has the index's keys), doubled in a
                transaction; DynamoDB Local's total for the order's six-put transaction is below that (it reports
                fewer table units than six items at 2 WRU each). An index entry written by a transaction is counted
                at the transactional rate, which DynamoDB's documentation does not spell out: at the standard rate an
                order would count 1 WRU less. Reads count at least 1 RRU (strongly consistent) or 0.5 (eventually)
                per call, as DynamoDB charges a read that finds nothing; DynamoDB Local reports 0 for an empty query.
                Updates and deletes count as reported (their size is the stored item's).

                """).toString();
    }

    /** Which component and which routes dominate the blended figure. */
    private static String dominant(CostModel.Breakdown blended, Map<String, CostModel.Breakdown> costs) {
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("DynamoDB", blended.dynamoDb());
        parts.put("the HTTP API fee", blended.httpApi());
        parts.put("Lambda (compute, request fee, authorizer)", blended.lambda());
        String largest = parts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        String routes = MIX.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) ->
                        -e.getValue() * costs.get(e.getKey()).total()))
                .limit(3)
                .map(e -> String.format(Locale.ROOT, "%s $%.2f", e.getKey(), e.getValue() * costs.get(e.getKey())
                        .total()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s is the largest part; the largest contributions are %s of the blended"
                + " $/M (the HTTP API fee and Lambda's request fee alone are $%.2f)", largest, routes,
                CostModel.HTTP_API_PER_MILLION_REQUESTS + CostModel.LAMBDA_PER_MILLION_REQUESTS);
    }

    /** The items a route's last measured request wrote, by table (logical id), key type and action. */
    private static String items(SamTemplate template, Route route) {
        Map<String, String> logicalIds = template.tables().stream()
                .collect(Collectors.toMap(TableDefinition::tableName, TableDefinition::logicalId));
        List<Call> last = route.calls().getLast();
        Map<String, Long> counts = new TreeMap<>(last.stream().filter(Call::write)
                .flatMap(c -> c.written().stream().map(item -> c.operation() + " " + describe(item, logicalIds)))
                .collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        return counts.entrySet().stream().map(e -> e.getKey() + (e.getValue() > 1 ? " × " + e.getValue() : ""))
                .collect(Collectors.joining("; "));
    }

    private static String describe(WrittenItem item, Map<String, String> logicalIds) {
        return logicalIds.getOrDefault(item.table(), item.table()) + ": " + item.keyType() + " " + item.action()
                + (item.bytes() == null ? "" : " " + item.bytes() + " B")
                + item.indexEntryBytes().stream().map(b -> " + index entry " + b + " B").collect(Collectors.joining());
    }

    private static Map<String, Double> mix() {
        Map<String, Double> mix = new LinkedHashMap<>();
        mix.put("forecast-cached", 0.25);
        mix.put("candles", 0.25);
        mix.put("portfolio", 0.20);
        mix.put("signals", 0.10);
        mix.put("order", 0.10);
        mix.put("login", 0.025);
        mix.put("refresh", 0.025);
        mix.put("analysis", 0.05);
        return mix;
    }

    /** Bars after the replay start for every instrument, so orders fill and forecasts find newer candles. */
    private static void seedForward(DynamoDbLocalServer dynamo, SamTemplate template, Path root, int hours) {
        BundledHistory history = BundledHistory.load(root.resolve("data/market"));
        String table = template.tables().stream().filter(t -> t.logicalId().equals("MarketDataTable")).findFirst()
                .map(TableDefinition::tableName).orElseThrow();
        CandleRepository candles = new CandleRepository(DynamoDbClients.enhanced(dynamo.client()), table);
        Instant end = START.plus(Duration.ofHours(hours));
        for (Instrument instrument : history.instruments()) {
            List<Candle> forward = history.candles(instrument.symbol()).stream()
                    .filter(c -> !c.openTime().isBefore(START) && c.openTime().isBefore(end)).toList();
            candles.putAll(forward);
        }
    }

    private static byte[] sessionEvent(Path events, String name, String sessionId) throws Exception {
        return new String(read(events, name), StandardCharsets.UTF_8).replace(EVENT_SESSION_ID, sessionId)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(Path events, String name) throws Exception {
        return Files.readAllBytes(events.resolve(name));
    }

    private static byte[] invoke(RequestStreamHandler handler, byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        handler.handleRequest(new ByteArrayInputStream(event), out, new SyntheticContext("bench-cost", "bench",
                1024, Duration.ofSeconds(30), message -> { }));
        return out.toByteArray();
    }

    private static byte[] requireOk(RequestStreamHandler handler, byte[] event, ConsumedCapacityRecorder recorder)
            throws Exception {
        byte[] response = invoke(handler, event);
        recorder.drain();
        requireSuccess("setup", response);
        return response;
    }

    /** An HTTP route must answer 2xx; the authorizer answers without a status code, and must authorize. */
    private static void requireSuccess(String route, byte[] response) throws Exception {
        JsonNode json = JSON.readTree(response);
        int status = json.path("statusCode").asInt(0);
        boolean ok = json.has("statusCode") ? status >= 200 && status < 300 : json.path("isAuthorized").asBoolean();
        if (!ok) {
            throw new IllegalStateException(route + ": unexpected answer " + new String(response,
                    StandardCharsets.UTF_8));
        }
    }

    private static JsonNode body(byte[] response) {
        try {
            return JSON.readTree(JSON.readTree(response).path("body").asText());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String fmt(double units) {
        return units == Math.rint(units) ? String.format(Locale.ROOT, "%.0f", units)
                : String.format(Locale.ROOT, "%.2f", units).replaceAll("0$", "");
    }

    private static void deleteRecursively(Path directory) throws Exception {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
