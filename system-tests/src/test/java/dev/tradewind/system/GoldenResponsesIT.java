package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.dynamo.TableProvisioner;
import dev.tradewind.local.lambda.FunctionPool;
import dev.tradewind.local.lambda.Invocation;
import dev.tradewind.local.template.FunctionDefinition;
import dev.tradewind.local.template.HttpRoute;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.MutableClock;
import dev.tradewind.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sample event in events/ answered exactly as recorded: a refactoring that changes any status, header or byte
 * of a body fails here. The functions are loaded from their zips as the local runtime loads them, on a clock fixed
 * inside the bundled history, against DynamoDB Local seeded with real candles, so the answers are reproducible.
 *
 * <p>The events run in one scenario (sign up, a paper session, an order, an analysis ...); the ids a step creates
 * replace the placeholder ids of later events. What a function draws at random — ULIDs, tokens, signing keys — is
 * replaced by a numbered placeholder in order of appearance before comparing, and so is a measured run time; nothing
 * else is (the API contract's body is recorded as a statement that it equals docs/openapi.yaml). Bodies are compared as JSON with keys in name order (see {@link #canonical}), every value byte for byte. To record new
 * answers on purpose, run with {@code -Dgolden.record=true} and review the diff of
 * {@code src/test/resources/golden/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldenResponsesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reads numbers as written (100000.00 stays 100000.00), so that the comparison sees the bytes sent. */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final Path GOLDEN = Repository.path("system-tests/src/test/resources/golden");
    private static final boolean RECORD = Boolean.getBoolean("golden.record");
    /** Tuesday 2022-01-04 15:00 UTC: BTC's 14:00 bar and AAPL's Monday bar are the latest closed ones. */
    private static final Instant NOW = Instant.parse("2022-01-04T15:00:00Z");
    private static final String PLACEHOLDER_SESSION = "01JGXR0A5T6Y7Z8B9C0D1E2F3G";

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Pattern REFRESH_TOKEN = Pattern.compile("(\"refreshToken\":\")([A-Za-z0-9_-]+)");
    private static final Pattern KEY_MATERIAL = Pattern.compile("(\"(?:kid|x|y)\":\")([A-Za-z0-9_.-]+)");
    private static final Pattern ULID = Pattern.compile("(?<![0-9A-Z])[0-9A-HJKMNP-TV-Z]{26}(?![0-9A-Z])");
    private static final Pattern DURATION = Pattern.compile("(\"durationMs\":)[0-9.]+");
    /** A refresh-token family, which the authorizer passes on as the caller's session (an export lists them). */
    private static final Pattern TOKEN_FAMILY =
            Pattern.compile("(\"(?:sessionId|familyId)\":\")([A-Za-z0-9_-]{22})(?=\")");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @TempDir
    static Path workDirectory;

    private static DynamoDbLocalServer dynamoDb;
    private static InProcessFunctions functions;
    private static final MutableClock CLOCK = new MutableClock(NOW);

    private final Map<String, String> placeholders = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<String, String> answers = new LinkedHashMap<>();
    private final List<String> contractProblems = new ArrayList<>();

    @BeforeAll
    static void start() {
        SamTemplate template = SamTemplate.load(Repository.template());
        dynamoDb = DynamoDbLocalServer.start(Optional.empty(), 0);
        new TableProvisioner(dynamoDb.client(), false).ensure(template.tables());
        seedMarket();
        functions = new InProcessFunctions(template, dynamoDb, CLOCK, workDirectory);
    }

    @AfterAll
    static void stop() {
        if (functions != null) {
            functions.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }

    /** Real candles up to NOW: enough history for forecasts, and prices for orders and analyses. */
    private static void seedMarket() {
        BundledHistory history = BundledHistory.load(Repository.path("data/market"));
        var enhanced = DynamoDbClients.enhanced(dynamoDb.client());
        new InstrumentRepository(enhanced, "MarketDataTable").putAll(history.instruments());
        CandleRepository candles = new CandleRepository(enhanced, "MarketDataTable");
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            candles.putAll(history.candles(symbol, Instant.parse("2021-11-01T00:00:00Z"), NOW));
        }
        candles.putAll(history.candles("AAPL", Instant.parse("2021-06-01T00:00:00Z"), NOW));
    }

    @Test
    @Order(1)
    void everySampleEvent_answersAsRecorded() throws IOException {
        String userId = authScenario();
        marketScenario();
        predictScenario();
        String sessionId = tradingScenario(userId);
        behaviourScenario(userId, sessionId);
        stopSession(userId, sessionId);
        laterOn(userId);
        realtimeScenario();
        replay("AuthFunction", "auth/delete-me.json", HttpEvent.load("auth/delete-me.json").user(userId));

        assertEquals(sampleEvents(), new TreeSet<>(answers.keySet()), "every file in events/ is replayed once");
        assertEquals(List.of(), contractProblems, "answers outside docs/openapi.yaml");
        if (RECORD) {
            return;
        }
        List<Executable> checks = new ArrayList<>();
        for (var answer : answers.entrySet()) {
            Path file = GOLDEN.resolve(answer.getKey() + ".txt");
            checks.add(() -> {
                assertTrue(Files.exists(file), "no golden answer for events/" + answer.getKey());
                assertEquals(Files.readString(file), answer.getValue(), "events/" + answer.getKey());
            });
        }
        assertAll(checks);
    }

    /**
     * Every route behind the authorizer refuses, in its function, a request that arrives without the authorizer's
     * caller (a route deployed without the authorizer, a direct invoke): 401 in the error model, whether or not its
     * answer is the caller's own data. Runs after the recorded scenario, whose clock and data it leaves alone.
     */
    @Test
    @Order(2)
    void everyAuthorizedRoute_withoutTheAuthorizersCaller_is401() throws IOException {
        Map<String, String> functionOfRoute = new TreeMap<>();
        for (FunctionDefinition function : SamTemplate.load(Repository.template()).functions()) {
            function.routes().stream().filter(HttpRoute::authorized)
                    .forEach(route -> functionOfRoute.put(route.routeKey(), function.logicalId()));
        }
        Map<String, String> refused = new TreeMap<>();
        Set<String> covered = new TreeSet<>();
        for (String eventName : sampleEvents().stream().filter(name -> name.endsWith(".json")).toList()) {
            JsonNode event = HttpEvent.Events.json(eventName);
            String function = functionOfRoute.get(event.path("routeKey").asText());
            if (function == null || !event.path("requestContext").has("http")) {
                continue;
            }
            covered.add(event.get("routeKey").asText());
            Invocation invocation = functions.pool(function).invoke(HttpEvent.load(eventName).anonymous().bytes());
            if (invocation.failed()) {
                refused.put(eventName, "failed: " + invocation.error().errorMessage());
                continue;
            }
            JsonNode response = JSON.readTree(invocation.payload());
            refused.put(eventName, response.path("statusCode").asInt() + " "
                    + JSON.readTree(response.path("body").asText("{}")).path("error").path("code").asText());
        }
        assertEquals(functionOfRoute.keySet(), covered, "every authorized route has a sample event");
        refused.forEach((eventName, answer) -> assertEquals("401 UNAUTHORIZED", answer, eventName));
    }

    private String authScenario() {
        replay("AuthFunction", "auth/health.json", HttpEvent.load("auth/health.json"));
        replay("AuthFunction", "auth/jwks.json", HttpEvent.load("auth/jwks.json"));
        replay("AuthFunction", "auth/openapi.json", HttpEvent.load("auth/openapi.json"));
        assertTrue(answers.get("auth/openapi.json").contains("<exactly the bytes of docs/openapi.yaml>"),
                "the auth function's zip serves another docs/openapi.yaml than this checkout's: rebuild it");
        JsonNode registered = body(replay("AuthFunction", "auth/register.json", HttpEvent.load("auth/register.json")));
        String userId = registered.get("userId").asText();
        JsonNode login = body(replay("AuthFunction", "auth/login.json", HttpEvent.load("auth/login.json")));
        String accessToken = login.get("accessToken").asText();
        replay("AuthFunction", "auth/me.json", HttpEvent.load("auth/me.json").user(userId));
        replay("AuthFunction", "auth/update-me.json", HttpEvent.load("auth/update-me.json").user(userId));
        JsonNode authorizer = HttpEvent.Events.json("auth/authorizer-request.json");
        ((ObjectNode) authorizer.get("headers")).put("authorization", "Bearer " + accessToken);
        ((ObjectNode) authorizer).putArray("identitySource").add("Bearer " + accessToken);
        record("auth/authorizer-request.json", invoke("AuthorizerFunction", json(authorizer)));
        JsonNode refreshed = body(replay("AuthFunction", "auth/refresh.json", HttpEvent.load("auth/refresh.json")
                .body("{\"refreshToken\":\"" + login.get("refreshToken").asText() + "\"}")));
        replay("AuthFunction", "auth/logout.json", HttpEvent.load("auth/logout.json").user(userId)
                .body("{\"refreshToken\":\"" + refreshed.get("refreshToken").asText() + "\"}"));
        replay("AuthFunction", "auth/change-password.json", HttpEvent.load("auth/change-password.json").user(userId));
        replay("AuthFunction", "auth/export-me.json", HttpEvent.load("auth/export-me.json").user(userId));
        return userId;
    }

    private void marketScenario() {
        for (String name : List.of("health", "list-assets", "get-asset", "list-candles", "indicators",
                "market-summary")) {
            replay("MarketDataFunction", "market-ingest/" + name + ".json",
                    HttpEvent.load("market-ingest/" + name + ".json"));
        }
        for (String name : List.of("crypto-1h", "stocks-1d", "crypto-1h-backfill")) {
            String event = "market-ingest/" + name + ".json";
            record(event, invoke("MarketIngestFunction", HttpEvent.Events.bytes(event)));
        }
    }

    private void predictScenario() {
        for (String name : List.of("health", "model", "forecast", "signals", "accuracy")) {
            replay("PredictFunction", "predict/" + name + ".json", HttpEvent.load("predict/" + name + ".json"));
        }
        // The trading function's direct invocation: the day's forecasts, bar by bar.
        record("predict/forecast-history.json",
                invoke("PredictFunction", HttpEvent.Events.bytes("predict/forecast-history.json")));
    }

    /**
     * Real time, last, so the steps before keep their times: the WebSocket authorizer with a new sign-in's token (the
     * password is the one change-password.json set);
     * the bus's CandlesClosed for the predict function (BTC's forecast is stored already, ETH's is computed); the
     * sample connection's routes, then the bus events once it is gone, which the fan-out finds no subscriber for (in
     * process there is no Management API to push to).
     */
    private void realtimeScenario() {
        String accessToken = body(invoke("AuthFunction", HttpEvent.load("auth/login.json")
                .body("{\"email\": \"ann.trader@example.com\", \"password\": \"a different long passphrase\"}")
                .bytes())).get("accessToken").asText();
        JsonNode webSocketAuthorizer = HttpEvent.Events.json("auth/websocket-authorizer-request.json");
        ((ObjectNode) webSocketAuthorizer.get("queryStringParameters")).put("token", accessToken);
        record("auth/websocket-authorizer-request.json", invoke("AuthorizerFunction", json(webSocketAuthorizer)));
        record("predict/candles-closed.json",
                invoke("PredictFunction", HttpEvent.Events.bytes("predict/candles-closed.json")));
        for (String name : List.of("connect", "subscribe", "unsubscribe", "ping", "default", "disconnect",
                "candles-closed", "forecasts-computed", "order-filled", "order-ended", "cooldown-started")) {
            String event = "realtime/" + name + ".json";
            boolean route = HttpEvent.Events.json(event).has("requestContext");
            record(event, invoke(route ? "RealtimeFunction" : "RealtimeFanOutFunction", HttpEvent.Events.bytes(event)));
        }
    }

    private String tradingScenario(String userId) {
        replay("TradingSessionFunction", "trading-session/health.json", HttpEvent.load("trading-session/health.json"));
        JsonNode session = body(replay("TradingSessionFunction", "trading-session/create-session.json",
                trading("create-session", userId, null)));
        String sessionId = session.get("id").asText();
        JsonNode order = body(replay("TradingSessionFunction", "trading-session/place-order.json",
                trading("place-order", userId, sessionId)));
        String orderId = order.path("id").asText(order.path("orderId").asText());
        for (String name : List.of("get-order", "cancel-order")) {
            replay("TradingSessionFunction", "trading-session/" + name + ".json",
                    trading(name, userId, sessionId).pathParameter("orderId", orderId));
        }
        for (String name : List.of("list-orders", "list-trades", "get-portfolio", "get-performance", "get-equity",
                "create-journal-entry", "list-journal", "import-trades-csv", "import-trades-json", "get-session",
                "list-sessions", "optimize-portfolio")) {
            replay("TradingSessionFunction", "trading-session/" + name + ".json", trading(name, userId, sessionId));
        }
        String backtestId = body(replay("TradingSessionFunction", "trading-session/create-backtest.json",
                trading("create-backtest", userId, null))).get("id").asText();
        replay("TradingSessionFunction", "trading-session/get-backtest.json",
                trading("get-backtest", userId, null).pathParameter("backtestId", backtestId));
        replay("TradingSessionFunction", "trading-session/list-backtests.json",
                trading("list-backtests", userId, null));
        replay("TradingSessionFunction", "trading-session/create-sweep.json", trading("create-sweep", userId, null));
        // The worker's sample names a backtest that is not there: it changes nothing and says so.
        record("trading-session/backtest-worker.json",
                invoke("BacktestWorkerFunction", HttpEvent.Events.bytes("trading-session/backtest-worker.json")));
        return sessionId;
    }

    private void behaviourScenario(String userId, String sessionId) {
        replay("AnalyzeBehaviorFunction", "analyze-behavior/health.json",
                HttpEvent.load("analyze-behavior/health.json"));
        JsonNode report = body(replay("AnalyzeBehaviorFunction", "analyze-behavior/analyze-session.json",
                behaviour("analyze-session", userId, sessionId)));
        for (String name : List.of("analyze-range", "list-reports")) {
            replay("AnalyzeBehaviorFunction", "analyze-behavior/" + name + ".json",
                    behaviour(name, userId, sessionId));
        }
        String reportId = report.path("id").asText(report.path("reportId").asText());
        replay("AnalyzeBehaviorFunction", "analyze-behavior/get-report.json",
                behaviour("get-report", userId, sessionId).pathParameter("reportId", reportId));
    }

    /**
     * The CSV beside the events is a broker's history, its last fill at 2022-01-04 19:00: imported into a journal
     * once all of it is past (an import refuses rows dated after now), then analysed.
     */
    private void brokerHistory(String userId) {
        String journal = body(invoke("TradingSessionFunction", trading("create-session", userId, null)
                .body("{\"name\":\"broker history\",\"type\":\"JOURNAL\",\"startingCash\":40000}").bytes()))
                .get("id").asText();
        String csv = new String(HttpEvent.Events.bytes("analyze-behavior/trades-revenge-disposition.csv"),
                StandardCharsets.UTF_8);
        invoke("TradingSessionFunction", trading("import-trades-csv", userId, null)
                .query("sessionId", journal).body(csv).bytes());
        replay("AnalyzeBehaviorFunction", "analyze-behavior/trades-revenge-disposition.csv",
                behaviour("analyze-session", userId, journal));
    }

    /**
     * Days later: the inline trades (until 2022-01-05) and the broker's history are all in the past, the forecasts'
     * horizons too.
     */
    private void laterOn(String userId) {
        CLOCK.set(Instant.parse("2022-01-08T00:00:00Z"));
        brokerHistory(userId);
        replay("AnalyzeBehaviorFunction", "analyze-behavior/analyze-inline.json",
                HttpEvent.load("analyze-behavior/analyze-inline.json").user(userId));
        record("predict/resolve-schedule.json",
                invoke("PredictResolveFunction", HttpEvent.Events.bytes("predict/resolve-schedule.json")));
    }

    private void stopSession(String userId, String sessionId) {
        replay("TradingSessionFunction", "trading-session/stop-session.json",
                trading("stop-session", userId, sessionId));
    }

    private static HttpEvent trading(String name, String userId, String sessionId) {
        return withSession(HttpEvent.load("trading-session/" + name + ".json").user(userId), sessionId);
    }

    private static HttpEvent behaviour(String name, String userId, String sessionId) {
        return withSession(HttpEvent.load("analyze-behavior/" + name + ".json").user(userId), sessionId);
    }

    /** The events name a placeholder session; the scenario's own session takes its place. */
    private static HttpEvent withSession(HttpEvent event, String sessionId) {
        if (sessionId == null) {
            return event;
        }
        JsonNode node;
        try {
            node = JSON.readTree(event.bytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (node.path("pathParameters").has("sessionId")) {
            event.pathParameter("sessionId", sessionId);
        }
        if (node.path("queryStringParameters").has("sessionId")) {
            event.query("sessionId", sessionId);
        }
        if (node.path("body").isTextual() && node.get("body").asText().contains(PLACEHOLDER_SESSION)) {
            event.body(node.get("body").asText().replace(PLACEHOLDER_SESSION, sessionId));
        }
        return event;
    }

    private String replay(String function, String eventName, HttpEvent event) {
        String payload = invoke(function, event.bytes());
        record(eventName, payload);
        checkContract(eventName, event, payload);
        return payload;
    }

    /** Every answer is one docs/openapi.yaml allows for its route and status. */
    private void checkContract(String eventName, HttpEvent event, String payload) {
        try {
            JsonNode request = JSON.readTree(event.bytes());
            JsonNode response = JSON.readTree(payload);
            if (!response.has("statusCode")) {
                return;
            }
            contractProblems.addAll(OpenApiContract.load().checkAnswer(
                    request.get("requestContext").get("http").get("method").asText(), request.get("rawPath").asText(),
                    response.get("statusCode").asInt(), response.path("headers").path("content-type").asText(null),
                    response.path("body").asText("")).stream().map(p -> eventName + ": " + p).toList());
        } catch (IOException e) {
            contractProblems.add(eventName + ": not JSON: " + e.getMessage());
        }
    }

    private static String invoke(String function, byte[] event) {
        // Every step a second later, so what the steps create sorts by time, not by the random part of its id.
        CLOCK.advance(Duration.ofSeconds(1));
        FunctionPool pool = functions.pool(function);
        assertNotNull(pool, function + " is not in template.yaml");
        Invocation invocation = pool.invoke(event);
        if (invocation.failed()) {
            // An authorizer refuses by failing with "Unauthorized"; any other failure is an answer to compare too.
            return "error: " + invocation.error().errorType() + ": " + invocation.error().errorMessage();
        }
        return new String(invocation.payload(), StandardCharsets.UTF_8);
    }

    private static JsonNode body(String payload) {
        try {
            JsonNode response = JSON.readTree(payload);
            return JSON.readTree(response.path("body").asText("{}"));
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + payload, e);
        }
    }

    private static byte[] json(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Status, headers in name order, then the body exactly as sent (an HTTP answer), or the raw payload. */
    private void record(String eventName, String payload) {
        String text;
        try {
            JsonNode response = JSON.readTree(payload);
            if (response.isObject() && response.has("statusCode")) {
                StringBuilder out = new StringBuilder("status: ").append(response.get("statusCode").asInt()).append('\n');
                Map<String, String> headers = new TreeMap<>();
                response.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
                headers.forEach((name, value) -> out.append(name).append(": ").append(value).append('\n'));
                String body = response.path("body").asText("");
                // The contract document is served as built; a copy of its 140 KB here would only drift.
                out.append('\n').append(body.equals(spec())
                        ? "<exactly the bytes of docs/openapi.yaml>" : canonical(body)).append('\n');
                text = out.toString();
            } else {
                text = canonical(payload) + "\n";
            }
        } catch (IOException e) {
            text = payload + "\n";
        }
        assertFalse(answers.containsKey(eventName), eventName + " replayed twice");
        answers.put(eventName, normalise(text));
        if (RECORD) {
            try {
                Path file = GOLDEN.resolve(eventName + ".txt");
                Files.createDirectories(file.getParent());
                Files.writeString(file, answers.get(eventName));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String specText;

    /** docs/openapi.yaml, read once. */
    private static String spec() throws IOException {
        if (specText == null) {
            specText = Files.readString(OpenApiContract.SPEC);
        }
        return specText;
    }

    /**
     * The JSON with every object's keys in name order, values exactly as written. Some answers are built from
     * {@code Map.of}, whose iteration order changes from one JVM to the next, so key order is no part of the contract.
     */
    private static String canonical(String json) {
        try {
            JsonNode node = EXACT.readTree(json);
            return node == null || node.isMissingNode() ? json : EXACT.writeValueAsString(sorted(node));
        } catch (IOException e) {
            return json;
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = EXACT.createObjectNode();
            TreeSet<String> names = new TreeSet<>();
            node.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> out.set(name, sorted(node.get(name))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = EXACT.createArrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }

    private String normalise(String text) {
        String out = replaceAll(JWT.matcher(text), m -> numbered("jwt", m.group()));
        out = replaceAll(REFRESH_TOKEN.matcher(out), m -> m.group(1) + numbered("refresh-token", m.group(2)));
        out = replaceAll(KEY_MATERIAL.matcher(out), m -> m.group(1) + numbered("key", m.group(2)));
        out = replaceAll(UUID.matcher(out), m -> numbered("uuid", m.group()));
        out = replaceAll(DURATION.matcher(out), m -> m.group(1) + "<measured>");
        out = replaceAll(TOKEN_FAMILY.matcher(out), m -> m.group(1) + numbered("token-family", m.group(2)));
        return replaceAll(ULID.matcher(out), m -> numbered("id", m.group()));
    }

    /** The same random value always gets the same placeholder, so references between answers stay visible. */
    private String numbered(String kind, String value) {
        return placeholders.computeIfAbsent(kind + ":" + value,
                key -> "<" + kind + "-" + counters.merge(kind, 1, Integer::sum) + ">");
    }

    private static String replaceAll(Matcher matcher, Function<Matcher, String> replacement) {
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static TreeSet<String> sampleEvents() throws IOException {
        Path events = Repository.path("events");
        try (Stream<Path> files = Files.walk(events)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> events.relativize(file).toString().replace('\\', '/'))
                    .collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
        }
    }
}
