package dev.tradewind.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.guardrails.CooldownRepository;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.trading.TradingReader;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.MutableClock;
import dev.tradewind.testing.Repository;
import dev.tradewind.trading.service.BacktestRunner;
import dev.tradewind.trading.service.ModelForecasts;
import dev.tradewind.trading.service.TradingConfig;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The trading-session handler against DynamoDB Local with the template's tables and real bundled market history,
 * on a clock the test moves, and a wall clock (for infrastructure deadlines) that it moves on its own. Requests start
 * from the sample events in events/trading-session/.
 */
final class TradingApi {

    static final BundledHistory HISTORY = BundledHistory.load(Repository.path("data/market"));
    static final Instant DEFAULT_START = Instant.parse("2022-01-04T15:00:00Z");
    /** Far from any market start: the real time of the tests' requests. */
    static final Instant WALL_START = Instant.parse("2030-06-01T09:00:00Z");

    private static boolean seeded;

    final MutableClock clock;
    final MutableClock wallClock = new MutableClock(WALL_START);
    final Environment env;
    final TradingHandler handler;
    final DynamoDbEnhancedClient enhanced;

    TradingApi() {
        this(DEFAULT_START);
    }

    /** {@code copies} of one request sent at the same moment, as a client's retries racing; answers in order. */
    static List<HttpResult> atOnce(int copies, Callable<HttpResult> request) throws Exception {
        return atOnce(java.util.Collections.nCopies(copies, request));
    }

    /** The requests sent at the same moment, as several clients racing; answers in order. */
    static List<HttpResult> atOnce(List<Callable<HttpResult>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResult>> sent = new ArrayList<>();
            for (Callable<HttpResult> request : requests) {
                sent.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<HttpResult> answers = new ArrayList<>();
            for (Future<HttpResult> answer : sent) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    TradingApi(Instant start) {
        this(start, Map.of());
    }

    /** @param extra variables on top of the template's (e.g. longer DynamoDB timeouts for a load test) */
    TradingApi(Instant start, Map<String, String> extra) {
        this(start, extra, List.of());
    }

    /** @param interceptors added to the handler's DynamoDB client only (e.g. {@code DynamoFaults}) */
    TradingApi(Instant start, Map<String, String> extra, List<ExecutionInterceptor> interceptors) {
        this(start, extra, interceptors, null, null);
    }

    /** @param forecasts the model forecasts model-signal backtests read, in place of the predict function */
    TradingApi(Instant start, ModelForecasts forecasts) {
        this(start, Map.of(), List.of(), forecasts, null);
    }

    /** @param runner starts the backtests too large to answer at once, in place of the worker function */
    TradingApi(Instant start, Map<String, String> extra, BacktestRunner runner) {
        this(start, extra, List.of(), null, runner);
    }

    /** @param events receives the function's events in place of the bus */
    TradingApi(Instant start, EventPublisher events) {
        this(start, Map.of(), List.of(), null, null, events);
    }

    private TradingApi(Instant start, Map<String, String> extra, List<ExecutionInterceptor> interceptors,
                       ModelForecasts forecasts, BacktestRunner runner) {
        this(start, extra, interceptors, forecasts, runner, null);
    }

    private TradingApi(Instant start, Map<String, String> extra, List<ExecutionInterceptor> interceptors,
                       ModelForecasts forecasts, BacktestRunner runner, EventPublisher events) {
        clock = new MutableClock(start);
        Map<String, String> variables = new java.util.HashMap<>(LocalDynamoDb.environment("TradingSessionFunction"));
        variables.putAll(extra);
        env = new Environment(variables, clock, wallClock);
        enhanced = DynamoDbClients.enhanced(DynamoDbClients.create(env));
        seedMarket(enhanced, env.require("MARKET_TABLE"));
        LocalDynamoDb.truncate(env.require("TRADING_TABLE"));
        LocalDynamoDb.truncate(env.require("BEHAVIOR_TABLE"));
        handler = interceptors.isEmpty() && forecasts == null && runner == null && events == null
                ? new TradingHandler(env)
                : new TradingHandler(TradingConfig.from(env), DynamoDbClients.create(env, interceptors), clock,
                        wallClock, new Ulid(clock), forecasts == null ? ModelForecasts.NONE : forecasts,
                        runner == null ? BacktestRunner.NONE : runner, events == null ? EventPublisher.none() : events);
    }

    /**
     * On the handler's client: runs a task once, just before its next query of a session's items whose sort keys
     * start with a prefix, as another request committing between two reads of this one.
     */
    static final class BeforeQuery implements ExecutionInterceptor {
        private final AtomicReference<String> prefix = new AtomicReference<>();
        private final AtomicReference<Runnable> task = new AtomicReference<>();

        void once(String sortKeyPrefix, Runnable run) {
            task.set(run);
            prefix.set(sortKeyPrefix);
        }

        boolean ran() {
            return task.get() == null;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String wanted = prefix.get();
            if (wanted != null && context.request() instanceof QueryRequest query && query.expressionAttributeValues()
                    .values().stream().map(AttributeValue::s).anyMatch(v -> v != null && v.startsWith(wanted))) {
                prefix.set(null);
                task.getAndSet(null).run();
            }
        }
    }

    /** Real candles around the test dates: BTCUSDT and ETHUSDT hourly, AAPL daily; every bundled instrument. */
    private static synchronized void seedMarket(DynamoDbEnhancedClient client, String table) {
        if (seeded) {
            return;
        }
        new InstrumentRepository(client, table).putAll(HISTORY.instruments());
        CandleRepository candles = new CandleRepository(client, table);
        candles.putAll(window("BTCUSDT", "2021-12-28T00:00:00Z", "2022-01-20T00:00:00Z"));
        candles.putAll(window("ETHUSDT", "2022-01-03T00:00:00Z", "2022-01-08T00:00:00Z"));
        candles.putAll(window("AAPL", "2021-12-01T00:00:00Z", "2022-02-28T00:00:00Z"));
        seeded = true;
    }

    static List<Candle> window(String symbol, String from, String to) {
        return HISTORY.candles(symbol, Instant.parse(from), Instant.parse(to));
    }

    static Candle candle(String symbol, String openTime) {
        Instant open = Instant.parse(openTime);
        return HISTORY.candles(symbol).stream().filter(c -> c.openTime().equals(open)).findFirst().orElseThrow();
    }

    TradingReader reader() {
        return new TradingReader(enhanced, env.require("TRADING_TABLE"));
    }

    CooldownRepository cooldowns() {
        return new CooldownRepository(enhanced, env.require("BEHAVIOR_TABLE"), clock);
    }

    InstrumentRepository instruments() {
        return new InstrumentRepository(enhanced, env.require("MARKET_TABLE"));
    }

    HttpResult invoke(HttpEvent event) {
        return HttpResult.invoke(handler, event.bytes());
    }

    static HttpEvent event(String name, String user) {
        return HttpEvent.load("trading-session/" + name + ".json").user(user);
    }

    static String paperSession(String startingCash, String extra) {
        return "{\"name\":\"test\",\"startingCash\":" + startingCash + ",\"feesBps\":10,\"slippageBps\":5"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    HttpResult createSession(String user, String body) {
        return invoke(event("create-session", user).body(body));
    }

    HttpResult createSession(String user, String key, String body) {
        return invoke(event("create-session", user).header("idempotency-key", key).body(body));
    }

    /** A paper session with 100,000 USD, 10 bps fees and 5 bps slippage. */
    String session(String user) {
        return session(user, paperSession("100000", ""));
    }

    String session(String user, String body) {
        HttpResult result = createSession(user, body);
        assertEquals(201, result.status(), result.toString());
        return result.body().get("id").asText();
    }

    HttpResult order(String user, String sessionId, String key, String body) {
        HttpEvent event = event("place-order", user).pathParameter("sessionId", sessionId).body(body);
        event = key == null ? event.header("idempotency-key", "") : event.header("idempotency-key", key);
        return invoke(event);
    }

    HttpResult order(String user, String sessionId, String body) {
        return order(user, sessionId, UUID.randomUUID().toString(), body);
    }

    static String market(String symbol, String side, String quantity) {
        return "{\"symbol\":\"" + symbol + "\",\"side\":\"" + side + "\",\"quantity\":\"" + quantity + "\"}";
    }

    static String limit(String symbol, String side, String quantity, String price) {
        return "{\"symbol\":\"" + symbol + "\",\"side\":\"" + side + "\",\"quantity\":\"" + quantity
                + "\",\"type\":\"LIMIT\",\"limitPrice\":\"" + price + "\"}";
    }

    /** Places an order that must be accepted; returns the order. */
    JsonNode placed(String user, String sessionId, String body) {
        HttpResult result = order(user, sessionId, body);
        assertEquals(201, result.status(), result.toString());
        return result.body();
    }

    /** Places an order that must be accepted through another instance of the handler, without this one's client. */
    void placedBeside(String user, String sessionId, String body) {
        HttpResult result = HttpResult.invoke(new TradingHandler(env), event("place-order", user)
                .pathParameter("sessionId", sessionId).header("idempotency-key", UUID.randomUUID().toString())
                .body(body).bytes());
        assertEquals(201, result.status(), result.toString());
    }

    HttpResult sessionGet(String name, String user, String sessionId) {
        return invoke(event(name, user).pathParameter("sessionId", sessionId));
    }

    HttpResult sessionGet(String name, String user, String sessionId, Map<String, String> query) {
        HttpEvent event = event(name, user).pathParameter("sessionId", sessionId);
        query.forEach(event::query);
        return invoke(event);
    }

    JsonNode portfolio(String user, String sessionId) {
        HttpResult result = sessionGet("get-portfolio", user, sessionId);
        assertEquals(200, result.status(), result.toString());
        return result.body();
    }

    JsonNode sessionView(String user, String sessionId) {
        HttpResult result = sessionGet("get-session", user, sessionId);
        assertEquals(200, result.status(), result.toString());
        return result.body();
    }

    HttpResult orderGet(String name, String user, String sessionId, String orderId) {
        return invoke(event(name, user).pathParameter("sessionId", sessionId).pathParameter("orderId", orderId));
    }

    /** Every item of a paginated list route, following the cursors. */
    List<JsonNode> all(String name, String user, String sessionId, int pageSize) {
        return all(name, user, sessionId, pageSize, Map.of());
    }

    /** Every item of a paginated list route asked with these query parameters, following the cursors. */
    List<JsonNode> all(String name, String user, String sessionId, int pageSize, Map<String, String> query) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            HttpEvent event = event(name, user).query("limit", Integer.toString(pageSize));
            query.forEach(event::query);
            if (sessionId != null) {
                event.pathParameter("sessionId", sessionId);
            }
            if (cursor != null) {
                event.query("cursor", cursor);
            }
            HttpResult result = invoke(event);
            assertEquals(200, result.status(), result.toString());
            result.body().get("items").forEach(items::add);
            cursor = result.body().hasNonNull("nextCursor") ? result.body().get("nextCursor").asText() : null;
        } while (cursor != null);
        return items;
    }

    static BigDecimal money(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText()).setScale(2);
    }

    static BigDecimal decimal(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText());
    }
}
