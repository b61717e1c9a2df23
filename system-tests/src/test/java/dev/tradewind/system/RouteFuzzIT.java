package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.dynamo.TableProvisioner;
import dev.tradewind.local.gateway.HttpApiGateway;
import dev.tradewind.local.gateway.LocalHttpServer;
import dev.tradewind.local.template.HttpRoute;
import dev.tradewind.local.template.Intrinsics;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.local.template.TableDefinition;
import dev.tradewind.system.RequestMutations.Expect;
import dev.tradewind.system.RequestMutations.Mutant;
import dev.tradewind.system.RequestMutations.Seed;
import dev.tradewind.testing.MutableClock;
import dev.tradewind.testing.Repository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Every route of template.yaml fed malformed requests: each sample event in events/ is a valid request (its seed),
 * and {@link RequestMutations} derives the malformed ones from it. A route without a sample event fails the test, so
 * a new route is fuzzed as soon as it exists. Every answer must be below 500, every 4xx in the documented error
 * shape (docs/api.md#errors), and a request that is refused must change nothing: every table but the market data
 * (which only ingestion writes) is read before and after each request and compared.
 *
 * <p>The functions run in this JVM from their zips ({@link InProcessFunctions}) behind the local runtime's own HTTP
 * server and gateway emulation, so requests cross real HTTP parsing, route matching and the Lambda authorizer, as
 * under {@code ./tradewind start}. A runtime process would add nothing the fuzzer looks at but a replay clock and
 * schedules that write while the fuzzer compares state, and would cost its start-up; in-process, the clock is fixed,
 * the answers are reproducible, and the tables are read directly.
 *
 * <p>Random values come from one seed, printed first; {@code -Dfuzz.seed=N} repeats a run.
 */
class RouteFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Friday 2022-01-07 23:30 UTC: the last seeded BTC hour has closed, so prices are fresh, forecasts have their
     * history, and the sample trades (up to 2022-01-05) are in the past.
     */
    private static final Instant NOW = Instant.parse("2022-01-07T23:30:00Z");
    private static final long SEED = Long.getLong("fuzz.seed", 13L);
    private static final String PLACEHOLDER_SESSION = "01JGXR0A5T6Y7Z8B9C0D1E2F3G";
    private static final String ACCOUNT_DELETION = "DELETE /v1/auth/me";
    private static final String LOGOUT = "POST /v1/auth/logout";
    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    /** Only ingestion writes market data; reading its thousands of candles twice per request would be most of the run. */
    private static final Set<String> UNCOMPARED_TABLES = Set.of("MarketDataTable");
    private static final Pattern DOCUMENTED_ROUTE = Pattern.compile("\\| (GET|POST|DELETE|PUT) \\| `([^`?]+)\\?([^`]*)`");
    private static final Pattern INTERNALS = Pattern.compile("Exception|java\\.|\\tat |<html", Pattern.CASE_INSENSITIVE);

    @TempDir
    static Path workDirectory;

    private static final MutableClock CLOCK = new MutableClock(NOW);
    private static SamTemplate template;
    private static DynamoDbLocalServer dynamoDb;
    private static InProcessFunctions functions;
    private static LocalHttpServer server;
    private static Fixture fixture;

    @BeforeAll
    static void start() throws Exception {
        template = SamTemplate.load(Repository.template());
        dynamoDb = DynamoDbLocalServer.start(Optional.empty(), 0);
        new TableProvisioner(dynamoDb.client(), false).ensure(template.tables());
        MarketSeed.seed(dynamoDb.client());
        // A hundred closed candles before NOW, which forecasts need.
        MarketSeed.seed(dynamoDb.client(), "BTCUSDT", "2021-12-28T00:00:00Z", "2022-01-03T00:00:00Z");
        MarketSeed.seed(dynamoDb.client(), "AAPL", "2021-07-01T00:00:00Z", "2021-12-20T00:00:00Z");
        // The portfolio sample's other two series over the same days.
        for (String symbol : List.of("ETHUSDT", "BNBUSDT")) {
            MarketSeed.seed(dynamoDb.client(), symbol, "2021-12-28T00:00:00Z", "2022-01-08T00:00:00Z");
        }
        functions = new InProcessFunctions(template, dynamoDb, CLOCK, workDirectory);
        List<HttpRoute> routes = template.functions().stream().flatMap(f -> f.routes().stream()).toList();
        HttpApiGateway gateway = new HttpApiGateway(template.httpApi().orElse(null), routes,
                (function, payload) -> functions.pool(function).invoke(payload));
        server = LocalHttpServer.start("127.0.0.1", 0);
        server.attach(gateway::handle, null);
        fixture = new Fixture();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (functions != null) {
            functions.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }

    @Test
    void everyRoute_malformedRequests_areRefusedInTheErrorShape_andChangeNothing() throws Exception {
        System.out.println("RouteFuzzIT: random seed " + SEED + " (repeat with -Dfuzz.seed=" + SEED + ")");
        Random random = new Random(SEED);
        List<String> problems = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, List<JsonNode>> events = sampleEvents();
        Map<String, Integer> sent = new LinkedHashMap<>();
        fixture.harvestCursors(events, problems);
        for (HttpRoute route : template.functions().stream().flatMap(f -> f.routes().stream()).toList()) {
            List<JsonNode> samples = events.getOrDefault(route.routeKey(), List.of());
            if (samples.isEmpty()) {
                problems.add(route.routeKey() + ": no sample event in events/, so nothing to fuzz it from");
                continue;
            }
            int count = 0;
            for (JsonNode sample : samples) {
                count += fuzz(route, sample, random, problems, failures);
            }
            sent.put(route.routeKey(), count);
        }
        int total = sent.values().stream().mapToInt(Integer::intValue).sum();
        sent.forEach((route, count) -> System.out.printf("RouteFuzzIT: %5d  %s%n", count, route));
        System.out.printf("RouteFuzzIT: %d requests to %d routes, %d failures%n", total, sent.size(),
                failures.size());
        failures.forEach(failure -> System.out.println("RouteFuzzIT FAILURE " + failure));
        assertEquals(List.of(), problems, "routes the fuzzer cannot cover");
        assertTrue(failures.isEmpty(), failures.size() + " of " + total + " requests failed (seed " + SEED
                + "), the first ones:\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    /** The seed itself (accepted), then its mutants; returns the number of requests sent. */
    private static int fuzz(HttpRoute route, JsonNode sample, Random random, List<String> problems,
                            List<String> failures) throws Exception {
        Seed seed = fixture.seed(route, sample, problems);
        if (seed == null) {
            return 0;
        }
        // An action on a resource (stop, cancel, logout) is checked after its mutants, which need it undone.
        boolean action = seed.method().equals("DELETE") || seed.method().equals("POST") && seed.body() == null;
        if (!action) {
            checkSeed(seed, failures);
            seed = fixture.seed(route, sample, problems);
        }
        List<Mutant> mutants = RequestMutations.of(seed, fixture, random, problems);
        // A GET must change nothing whatever it is answered, so its route's tables are compared once around all of
        // its mutants: reading every table after each of the ~900 GETs would double the run for no extra finding.
        boolean safe = seed.method().equals("GET");
        Set<String> tables = writableTables(route.functionLogicalId());
        Map<String, Map<String, String>> before = snapshot(tables);
        for (Mutant mutant : mutants) {
            Answer answer = send(mutant.method(), mutant.target(), mutant.headers(), mutant.body());
            List<String> wrong = judge(mutant, answer);
            if (!safe) {
                Map<String, Map<String, String>> after = snapshot(tables);
                boolean accepted = answer.status() / 100 == 2 && mutant.expect() == Expect.ANY
                        && !answer.refusedTheMutatedRow();
                // A refused sign-in counts against the lockout by design (docs/auth.md).
                boolean countedSignIn = seed.routeKey().equals("POST /v1/auth/login") && answer.status() == 401;
                // So do a sign-up refused for a taken email (docs/auth.md#registration-limit) and a wrong current
                // password (docs/auth.md#password-and-profile), against their counters and nothing else.
                boolean countedSignUp = seed.routeKey().equals("POST /v1/auth/register") && answer.status() == 409
                        && onlyCountersChanged(before, after, "REGISTER#IP#");
                boolean countedPasswordCheck = (seed.routeKey().equals("POST /v1/auth/password")
                        || seed.routeKey().equals(ACCOUNT_DELETION))
                        && answer.status() == 422 && onlyCountersChanged(before, after, "LOGINFAIL#");
                if (!accepted && !countedSignIn && !countedSignUp && !countedPasswordCheck && !before.equals(after)) {
                    wrong.add("changed state: " + difference(before, after));
                }
                before = after;
            }
            if (!wrong.isEmpty()) {
                failures.add(String.join("; ", wrong) + " | " + seed.routeKey() + " [" + mutant.label() + "] "
                        + describe(mutant) + " -> " + answer.status() + " " + abbreviate(answer.body(), 300));
            }
        }
        if (safe) {
            Map<String, Map<String, String>> after = snapshot(tables);
            if (!before.equals(after)) {
                failures.add("changed state: " + difference(before, after) + " | " + seed.routeKey()
                        + " [one of its " + mutants.size() + " mutants]");
            }
        }
        if (action) {
            // Seeded again: a mutant the route accepted may have done the action (deleted the account) already.
            checkSeed(fixture.seed(route, sample, problems), failures);
        }
        return mutants.size() + 1;
    }

    private static void checkSeed(Seed seed, List<String> failures) throws Exception {
        Answer answer = send(seed.method(), seed.target(), fixture.fresh(seed.headers()),
                seed.body() == null ? new byte[0] : seed.body().getBytes(StandardCharsets.UTF_8));
        if (answer.status() / 100 != 2) {
            failures.add("the sample itself was refused, so its mutants prove nothing | " + seed.routeKey() + " "
                    + seed.event() + " -> " + answer.status() + " " + abbreviate(answer.body(), 300));
        }
        fixture.learn(seed.routeKey(), answer);
    }

    /** What is wrong with an answer, empty when nothing. */
    private static List<String> judge(Mutant mutant, Answer answer) {
        List<String> wrong = new ArrayList<>();
        int status = answer.status();
        if (status >= 500 || status < 200) {
            wrong.add("status " + status);
        }
        boolean refused = status / 100 == 4 || answer.refusedTheMutatedRow();
        switch (mutant.expect()) {
            case REJECTED -> {
                if (!refused) {
                    wrong.add("accepted (expected 4xx)");
                }
            }
            case ANY -> {
                if (!refused && status / 100 != 2) {
                    wrong.add("expected 2xx or 4xx");
                }
            }
            case TOO_LARGE -> expectStatus(wrong, status, 413);
            case UNSUPPORTED_MEDIA_TYPE -> expectStatus(wrong, status, 415);
            case UNAUTHENTICATED -> expectStatus(wrong, status, 401);
            case NOT_FOUND -> expectStatus(wrong, status, 404);
            case INVALID_CURSOR -> {
                if (status != 400 || !"INVALID_CURSOR".equals(answer.errorCode())) {
                    wrong.add("expected 400 INVALID_CURSOR");
                }
            }
        }
        if (status / 100 == 4) {
            String shape = shapeProblem(answer, mutant.gatewayMayAnswer() || status == 401 || status == 403);
            if (shape != null) {
                wrong.add(shape);
            }
        }
        // The contract: every answer to one of its routes is one it allows, and a body it refuses is not accepted.
        if (CONTRACT.operation(mutant.method(), mutant.target()).isPresent()) {
            wrong.addAll(CONTRACT.checkAnswer(mutant.method(), mutant.target(), status, answer.contentType(),
                    answer.body()));
            String contentType = mutant.headers().entrySet().stream()
                    .filter(h -> h.getKey().equalsIgnoreCase("content-type")).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            List<String> specRefuses = CONTRACT.checkRequest(mutant.method(), mutant.target(), contentType,
                    mutant.body() == null ? "" : new String(mutant.body(), StandardCharsets.UTF_8));
            if (!specRefuses.isEmpty() && status / 100 == 2 && !answer.refusedTheMutatedRow()) {
                wrong.add("accepted a body docs/openapi.yaml refuses: " + specRefuses.getFirst());
            }
        }
        return wrong;
    }

    private static void expectStatus(List<String> wrong, int actual, int expected) {
        if (actual != expected) {
            wrong.add("expected " + expected);
        }
    }

    /**
     * {@code {"error":{"code","message","requestId"}}}, or API Gateway's own {@code {"message"}} where the gateway
     * refuses (the authorizer, a path no route matches, a request it cannot parse). Never internals.
     */
    private static String shapeProblem(Answer answer, boolean gatewayMayAnswer) {
        if (INTERNALS.matcher(answer.body()).find()) {
            return "error body shows internals";
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException e) {
            return "error body is not JSON";
        }
        if (body == null || !body.isObject()) {
            return "error body is not a JSON object";
        }
        JsonNode error = body.path("error");
        boolean documented = error.isObject() && Stream.of("code", "message", "requestId")
                .allMatch(name -> error.path(name).isTextual() && !error.path(name).asText().isBlank());
        boolean gateway = gatewayMayAnswer && body.size() == 1 && body.path("message").isTextual();
        return documented || gateway ? null : "error body not in the documented shape";
    }

    private static String describe(Mutant mutant) {
        StringBuilder out = new StringBuilder(mutant.method()).append(' ').append(abbreviate(mutant.target(), 160));
        mutant.headers().forEach((name, value) -> {
            if (!name.equals("authorization") || !value.equals("Bearer " + fixture.token())) {
                out.append(" ").append(name).append(": ").append(abbreviate(value, 60));
            }
        });
        if (mutant.body().length > 0) {
            out.append(" body(").append(mutant.body().length).append(" B): ")
                    .append(abbreviate(new String(mutant.body(), StandardCharsets.UTF_8), 160));
        }
        return out.toString();
    }

    private static String abbreviate(String text, int max) {
        String visible = text.replace("\u0000", "\\u0000").replace("\u0001", "\\u0001").replace("\u2028", "\\u2028")
                .replace("\n", "\\n");
        return visible.length() <= max ? visible : visible.substring(0, max) + "…(" + visible.length() + ")";
    }

    /**
     * The tables a request to {@code functionId} can change: those its policies let it write and those of the
     * functions it may invoke (none for a read-only function). On AWS, IAM refuses any other write, so comparing only
     * these finds all a full comparison would, without reading every table after each of some 2,000 requests (half
     * this test's time).
     */
    private static Set<String> writableTables(String functionId) {
        Set<String> tables = TemplateChecks.writableTables(template, functionId);
        for (Map<?, ?> policy : TemplateChecks.policies(template, functionId)) {
            if (policy.get("LambdaInvokePolicy") instanceof Map<?, ?> args) {
                tables.addAll(writableTables(Intrinsics.referencedLogicalId(args.get("FunctionName")).orElseThrow()));
            }
        }
        return tables;
    }

    /** Every item of the compared tables, by table and key, as text. */
    private static Map<String, Map<String, String>> snapshot(Set<String> compared) {
        Map<String, Map<String, String>> tables = new TreeMap<>();
        for (TableDefinition table : template.tables()) {
            if (UNCOMPARED_TABLES.contains(table.logicalId()) || !compared.contains(table.logicalId())) {
                continue;
            }
            Map<String, String> items = new TreeMap<>();
            Map<String, AttributeValue> start = null;
            do {
                ScanResponse page = dynamoDb.client().scan(ScanRequest.builder().tableName(table.tableName())
                        .exclusiveStartKey(start).build());
                for (Map<String, AttributeValue> item : page.items()) {
                    items.put(item.get("pk").s() + " / " + item.get("sk").s(), new TreeMap<>(item).toString());
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
            tables.put(table.logicalId(), items);
        }
        return tables;
    }

    private static boolean onlyCountersChanged(Map<String, Map<String, String>> before,
                                               Map<String, Map<String, String>> after, String keyPrefix) {
        for (String table : after.keySet()) {
            Map<String, String> old = before.getOrDefault(table, Map.of());
            Map<String, String> now = after.get(table);
            Set<String> keys = new LinkedHashSet<>(old.keySet());
            keys.addAll(now.keySet());
            for (String key : keys) {
                if (!Objects.equals(old.get(key), now.get(key)) && !key.startsWith(keyPrefix)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String difference(Map<String, Map<String, String>> before, Map<String, Map<String, String>> after) {
        List<String> changes = new ArrayList<>();
        for (String table : after.keySet()) {
            Map<String, String> old = before.getOrDefault(table, Map.of());
            Map<String, String> now = after.get(table);
            Set<String> keys = new LinkedHashSet<>(old.keySet());
            keys.addAll(now.keySet());
            for (String key : keys) {
                String was = old.get(key);
                String is = now.get(key);
                if (was == null) {
                    changes.add(table + " + " + key);
                } else if (is == null) {
                    changes.add(table + " - " + key);
                } else if (!was.equals(is)) {
                    changes.add(table + " ~ " + key);
                }
            }
        }
        return changes.size() <= 3 ? changes.toString() : changes.subList(0, 3) + " and " + (changes.size() - 3)
                + " more";
    }

    /** The HTTP sample events (payload 2.0 with a route key; not authorizer or schedule events), by route key. */
    private static Map<String, List<JsonNode>> sampleEvents() throws IOException {
        Map<String, List<JsonNode>> byRoute = new TreeMap<>();
        Path events = Repository.path("events");
        try (Stream<Path> files = Files.walk(events)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode event = JSON.readTree(file.toFile());
                if ("2.0".equals(event.path("version").asText()) && event.has("routeKey")
                        && event.path("requestContext").has("http") && !event.has("type")) {
                    ((ObjectNode) event).put("fuzzEventName", events.relativize(file).toString());
                    byRoute.computeIfAbsent(event.get("routeKey").asText(), key -> new ArrayList<>()).add(event);
                }
            }
        }
        return byRoute;
    }

    /** The query parameters docs/api.md lists for each route, e.g. {@code /v1/assets?query=&class=&limit=&cursor=}. */
    private static Map<String, Set<String>> documentedQueries() {
        Map<String, Set<String>> documented = new TreeMap<>();
        try {
            Matcher matcher = DOCUMENTED_ROUTE.matcher(Files.readString(Repository.path("docs/api.md")));
            while (matcher.find()) {
                Set<String> names = new LinkedHashSet<>();
                for (String pair : matcher.group(3).split("&")) {
                    names.add(pair.split("=")[0]);
                }
                documented.put(matcher.group(1) + " " + matcher.group(2), names);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documented;
    }

    record Answer(int status, String body, String contentType) {
        String errorCode() {
            try {
                return JSON.readTree(body).path("error").path("code").asText(null);
            } catch (IOException e) {
                return null;
            }
        }

        /**
         * An import answers 200 and lists each refused row (docs/trading.md#trade-import): the mutated row is the
         * first, and a refusal imports nothing.
         */
        boolean refusedTheMutatedRow() {
            if (status / 100 != 2 || !body.contains("\"rejected\"")) {
                return false;
            }
            JsonNode answer = json();
            boolean firstRowRejected = false;
            for (JsonNode row : answer.path("rejected")) {
                firstRowRejected |= row.path("row").asInt() == 1;
            }
            return firstRowRejected && answer.path("acceptedCount").asInt(-1) == 0;
        }

        boolean isJson() {
            return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /**
     * One request over a socket, written byte for byte: an HTTP client would refuse to send a malformed target or a
     * control character in a header, which are among the things fuzzed.
     */
    static Answer send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(server.port()).append("\r\nConnection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            request.writeBytes(body);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.1 ") || headerEnd < 0) {
                return new Answer(0, "unparseable response: " + response, null);
            }
            int status = Integer.parseInt(response.substring(9, 12));
            String responseHead = response.substring(0, headerEnd).toLowerCase(Locale.ROOT);
            String responseBody = response.substring(headerEnd + 4);
            if (responseHead.contains("transfer-encoding: chunked")) {
                responseBody = unchunk(responseBody);
            }
            String contentType = response.substring(0, headerEnd).lines()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .map(line -> line.substring("content-type:".length()).trim()).findFirst().orElse(null);
            return new Answer(status, responseBody, contentType);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }

    /**
     * Two traders with a bit of everything, made through the API: the caller (sessions, resting and filled orders,
     * journal entries, imported trades, behaviour reports) and another user whose ids the caller must not reach.
     */
    static final class Fixture implements RequestMutations.Context {

        private static final String BACKTEST = "{\"symbol\":\"BTCUSDT\",\"from\":\"2022-01-03\",\"startingCash\":10000,\"strategy\":{\"type\":"
                + "\"rules\",\"entry\":{\"all\":[{\"indicator\":\"rsi\",\"period\":5,\"op\":\"<\",\"value\":50}]}}}";

        private final AtomicInteger sequence = new AtomicInteger();
        private final Map<String, Set<String>> documented = documentedQueries();
        private final Map<String, String[]> ownCursors = new TreeMap<>();
        private final Map<String, Set<String>> bounds = new TreeMap<>();
        private final String email = "fuzz-caller@example.com";
        private final String userId;
        private final String otherUserId;
        private final String accessToken;
        private String refreshToken;
        private final String session;
        private final String sessionToStop;
        private final String journal;
        private final String order;
        private final String orderToCancel;
        private final String report;
        private final String backtest;
        private final Map<String, String> others = new LinkedHashMap<>();

        Fixture() throws Exception {
            JsonNode tokens = signUp(email);
            accessToken = tokens.get("accessToken").asText();
            refreshToken = tokens.get("refreshToken").asText();
            userId = call("GET", "/v1/auth/me", null, 200).get("userId").asText();
            session = created("/v1/sessions", "{\"name\":\"fuzzed\",\"startingCash\":100000}");
            sessionToStop = created("/v1/sessions", "{\"name\":\"to stop\",\"startingCash\":1000}");
            for (int i = 0; i < 2; i++) {
                created("/v1/sessions/" + session + "/orders",
                        "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.1\",\"type\":\"MARKET\"}");
                created("/v1/sessions/" + session + "/journal", "{\"note\":\"entry " + i + "\",\"rating\":3}");
            }
            String resting = "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.1\",\"type\":\"LIMIT\","
                    + "\"limitPrice\":\"30000\"}";
            order = created("/v1/sessions/" + session + "/orders", resting);
            orderToCancel = created("/v1/sessions/" + session + "/orders", resting);
            String csv = "time,symbol,side,quantity,price,fees\n2022-01-03T15:00:00Z,AAPL,BUY,10,180.50,1.00\n"
                    + "2022-01-04T15:00:00Z,AAPL,SELL,10,181.50,1.00\n";
            journal = call("POST", "/v1/trades/import", csv, 200, "content-type", "text/csv").get("sessionId")
                    .asText();
            String analyse = "{\"sessionId\":\"" + session + "\"}";
            call("POST", "/v1/behavior/analyze", analyse, 200, "content-type", "application/json");
            report = call("POST", "/v1/behavior/analyze", analyse, 200, "content-type", "application/json")
                    .get("id").asText();
            backtest = created("/v1/backtests", BACKTEST);

            JsonNode otherTokens = signUp("fuzz-other@example.com");
            String otherBearer = "Bearer " + otherTokens.get("accessToken").asText();
            otherUserId = JSON.readTree(send("GET", "/v1/auth/me", Map.of("authorization", otherBearer),
                    new byte[0]).body()).get("userId").asText();
            String otherSession = createdAs(otherBearer, "/v1/sessions", "{\"name\":\"not yours\","
                    + "\"startingCash\":50000}");
            others.put("sessionId", otherSession);
            others.put("orderId", createdAs(otherBearer, "/v1/sessions/" + otherSession + "/orders", resting));
            others.put("backtestId", createdAs(otherBearer, "/v1/backtests", BACKTEST));
            others.put("reportId", JSON.readTree(send("POST", "/v1/behavior/analyze", Map.of("authorization",
                    otherBearer, "content-type", "application/json"), ("{\"sessionId\":\"" + otherSession + "\"}")
                    .getBytes(StandardCharsets.UTF_8)).body()).get("id").asText());
        }

        private JsonNode signUpQuietly() {
            try {
                return signUp("fuzz-deleted-" + sequence.incrementAndGet() + "@example.com");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private JsonNode signUp(String address) throws IOException {
            Answer registered = send("POST", "/v1/auth/register", Map.of("content-type", "application/json"),
                    ("{\"email\":\"" + address + "\",\"password\":\"" + AuthClient.PASSWORD
                            + "\",\"displayName\":\"Fuzz\"}").getBytes(StandardCharsets.UTF_8));
            assertEquals(201, registered.status(), registered.body());
            Answer login = send("POST", "/v1/auth/login", Map.of("content-type", "application/json"),
                    ("{\"email\":\"" + address + "\",\"password\":\"" + AuthClient.PASSWORD + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
            assertEquals(200, login.status(), login.body());
            return login.json();
        }

        private String created(String path, String body) throws IOException {
            return createdAs("Bearer " + accessToken, path, body);
        }

        private String createdAs(String bearer, String path, String body) throws IOException {
            Answer answer = send("POST", path, Map.of("authorization", bearer, "content-type", "application/json",
                    "idempotency-key", freshIdempotencyKey()), body.getBytes(StandardCharsets.UTF_8));
            assertEquals(201, answer.status(), "POST " + path + " -> " + answer.body());
            return answer.json().get("id").asText();
        }

        private JsonNode call(String method, String path, String body, int expected, String... headers)
                throws IOException {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("authorization", "Bearer " + accessToken);
            for (int i = 0; i < headers.length; i += 2) {
                all.put(headers[i], headers[i + 1]);
            }
            Answer answer = send(method, path, all, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
            assertEquals(expected, answer.status(), method + " " + path + " -> " + answer.body());
            return answer.json();
        }

        /** The sample event as a valid request of this fixture's caller; null (and a problem) when it cannot be. */
        Seed seed(HttpRoute route, JsonNode event, List<String> problems) {
            String routeKey = route.routeKey();
            Map<String, String> path = new LinkedHashMap<>();
            for (var parameter : iterable(event.path("pathParameters"))) {
                String value = switch (parameter.getKey()) {
                    case "sessionId" -> routeKey.endsWith("/stop") ? sessionToStop : session;
                    case "orderId" -> routeKey.startsWith("DELETE") ? orderToCancel : order;
                    case "reportId" -> report;
                    case "backtestId" -> backtest;
                    case "symbol" -> parameter.getValue().asText();
                    default -> null;
                };
                if (value == null) {
                    problems.add(routeKey + ": RouteFuzzIT.Fixture has no value for path parameter "
                            + parameter.getKey());
                    return null;
                }
                path.put(parameter.getKey(), RequestMutations.encode(value));
            }
            List<String[]> query = new ArrayList<>();
            for (var parameter : iterable(event.path("queryStringParameters"))) {
                String value = parameter.getKey().equals("sessionId") ? session : parameter.getValue().asText();
                query.add(new String[] {parameter.getKey(), RequestMutations.encode(value)});
            }
            Map<String, String> headers = new LinkedHashMap<>();
            JsonNode eventHeaders = event.path("headers");
            for (String name : List.of("content-type", "idempotency-key")) {
                if (eventHeaders.has(name)) {
                    headers.put(name, eventHeaders.get(name).asText());
                }
            }
            if (routeKey.equals(ACCOUNT_DELETION) || routeKey.equals(LOGOUT)) {
                // Their samples delete the caller or end its session: each seed gets an account of its own, or every
                // later route would lose its caller (once the authorizer's 60 s cache of the token runs out).
                headers.put("authorization", "Bearer " + signUpQuietly().get("accessToken").asText());
            } else if (route.authorized()) {
                headers.put("authorization", "Bearer " + accessToken);
            }
            String body = null;
            if (event.hasNonNull("body")) {
                body = event.path("isBase64Encoded").asBoolean()
                        ? new String(Base64.getDecoder().decode(event.get("body").asText()), StandardCharsets.UTF_8)
                        : event.get("body").asText();
                body = body.replace(PLACEHOLDER_SESSION, session);
                if (headers.getOrDefault("content-type", "").contains("json")) {
                    body = withCredentials(routeKey, body);
                }
            }
            return new Seed(routeKey, event.get("fuzzEventName").asText(), route.method(), route.path(), path, query,
                    headers, body, route.authorized());
        }

        /** Credentials in a sample body become the caller's; a registration gets an address never used. */
        private String withCredentials(String routeKey, String body) {
            JsonNode node = RequestMutations.tree(body);
            if (node instanceof ObjectNode object) {
                if (object.has("email")) {
                    object.put("email", routeKey.endsWith("/register")
                            ? "fuzz-" + sequence.incrementAndGet() + "@example.com" : email);
                }
                if (object.has("password")) {
                    object.put("password", AuthClient.PASSWORD);
                }
                if (object.has("refreshToken")) {
                    object.put("refreshToken", refreshToken);
                }
                return RequestMutations.json(object);
            }
            return body;
        }

        /** What a seed's answer changes for the next requests: a refresh rotates the caller's refresh token. */
        void learn(String routeKey, Answer answer) {
            if (routeKey.equals("POST /v1/auth/refresh") && answer.status() == 200) {
                refreshToken = answer.json().get("refreshToken").asText();
            }
        }

        Map<String, String> fresh(Map<String, String> headers) {
            Map<String, String> out = new LinkedHashMap<>(headers);
            out.computeIfPresent("idempotency-key", (name, value) -> freshIdempotencyKey());
            return out;
        }

        /**
         * A first page of one item of every listing: its cursor is reused on the listing with other bounds and on
         * the other listings. A listing that answers no cursor for one item has too little data in the fixture.
         */
        void harvestCursors(Map<String, List<JsonNode>> events, List<String> problems) throws IOException {
            for (HttpRoute route : template.functions().stream().flatMap(f -> f.routes().stream()).toList()) {
                List<JsonNode> samples = events.getOrDefault(route.routeKey(), List.of());
                if (!route.method().equals("GET") || samples.isEmpty()) {
                    continue;
                }
                Seed seed = seed(route, samples.getFirst(), problems);
                if (seed == null) {
                    continue;
                }
                List<String[]> query = new ArrayList<>(seed.query());
                query.removeIf(pair -> pair[0].equals("limit"));
                query.add(new String[] {"limit", "1"});
                Answer first = send("GET", seed.target(seed.path(), query), seed.headers(), new byte[0]);
                // Listings answer JSON; a document (the API contract, YAML) has no pages.
                if (first.status() != 200 || !first.isJson() || !first.json().has("nextCursor")) {
                    continue;
                }
                if (first.json().get("nextCursor").isNull()) {
                    // Filters may leave a single item: the listing unfiltered (the session it lists is required).
                    query.removeIf(pair -> !pair[0].equals("limit") && !pair[0].equals("sessionId"));
                    first = send("GET", seed.target(seed.path(), query), seed.headers(), new byte[0]);
                }
                if (first.json().path("nextCursor").isTextual()) {
                    ownCursors.put(route.routeKey(), new String[] {first.json().get("nextCursor").asText(),
                            RequestMutations.join(query)});
                    Set<String> bound = new LinkedHashSet<>();
                    seed.query().forEach(pair -> bound.add(pair[0]));
                    bound.addAll(documented.getOrDefault(route.routeKey(), Set.of()));
                    bound.removeAll(Set.of("limit", "cursor"));
                    bounds.put(route.routeKey(), bound);
                } else {
                    problems.add(route.routeKey() + ": a listing without a next page for limit=1; the fixture needs"
                            + " more of its items");
                }
            }
        }

        @Override
        public String otherUsersId(String parameter) {
            return others.get(parameter);
        }

        @Override
        public String[] ownCursor(String routeKey) {
            return ownCursors.get(routeKey);
        }

        @Override
        public List<String> foreignCursors(String routeKey) {
            return ownCursors.entrySet().stream().filter(e -> !e.getKey().equals(routeKey))
                    .map(e -> e.getValue()[0]).toList();
        }

        @Override
        public Set<String> boundParameters(String routeKey) {
            return bounds.getOrDefault(routeKey, Set.of());
        }

        @Override
        public String alternative(String parameter, String current) {
            return switch (parameter) {
                case "from" -> "2021-11-10T00:00:00Z";
                case "to" -> "2021-11-11T00:00:00Z";
                // BTCUSDT, the listed symbol, has hourly candles only: no other valid interval.
                case "interval" -> current;
                case "order" -> "oldest".equals(current) ? "newest" : "oldest";
                case "class" -> "crypto".equals(current) ? "stock" : "crypto";
                case "query" -> "eth";
                case "sessionId" -> session.equals(current) ? journal : session;
                case "symbol" -> "BTCUSDT".equals(current) ? "ETHUSDT" : "BTCUSDT";
                default -> null;
            };
        }

        @Override
        public String callerId() {
            return userId;
        }

        @Override
        public String otherUserId() {
            return otherUserId;
        }

        @Override
        public String token() {
            return accessToken;
        }

        @Override
        public String freshIdempotencyKey() {
            return "fuzz-" + sequence.incrementAndGet();
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
