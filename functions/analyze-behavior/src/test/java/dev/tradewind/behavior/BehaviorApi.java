package dev.tradewind.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.behavior.service.BehaviorConfig;
import dev.tradewind.behavior.service.BehaviorServices;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.guardrails.CooldownRepository;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.MutableClock;
import dev.tradewind.testing.Repository;
import dev.tradewind.trading.TradingHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;

/**
 * The analyze-behavior handler and the trading-session handler side by side against DynamoDB Local with the
 * template's tables and real bundled market history, on one clock the test moves: trading-session writes the
 * sessions, trades and journal the analysis reads, and enforces the cooldown the analysis starts. Requests start
 * from the sample events in events/.
 */
final class BehaviorApi {

    static final BundledHistory HISTORY = BundledHistory.load(Repository.path("data/market"));
    /** Five minutes after the last fill of {@link #SCENARIO}, a large loss closed at 19:00. */
    static final Instant AFTER_SCENARIO = Instant.parse("2022-01-04T19:05:00Z");
    /**
     * 30 fills of BTCUSDT at real hourly prices (each the open of its bar): 15 round trips with three revenge
     * entries (1.5×, 1.54× and 1.28× the size, 20–30 minutes after losses of 2 % of equity or more), losers held
     * 2.7× as long as winners (the disposition effect), and a large loss closing at 2022-01-04T19:00.
     */
    static final String SCENARIO = read("events/analyze-behavior/trades-revenge-disposition.csv");

    private static boolean seeded;

    final MutableClock clock;
    final Environment env;
    final BehaviorHandler handler;
    final TradingHandler trading;
    final DynamoDbEnhancedClient enhanced;

    BehaviorApi() {
        this(AFTER_SCENARIO);
    }

    BehaviorApi(Instant start) {
        this(start, null);
    }

    /** @param events receives the function's events in place of the bus; null: the handler as production builds it */
    BehaviorApi(Instant start, EventPublisher events) {
        this(start, events, List.of());
    }

    /** @param interceptors added to the handler's DynamoDB client only (e.g. {@code DynamoFaults}) */
    BehaviorApi(Instant start, EventPublisher events, List<ExecutionInterceptor> interceptors) {
        clock = new MutableClock(start);
        env = new Environment(LocalDynamoDb.environment("AnalyzeBehaviorFunction"), clock);
        enhanced = DynamoDbClients.enhanced(DynamoDbClients.create(env));
        seedMarket(enhanced, env.require("MARKET_TABLE"));
        LocalDynamoDb.truncate(env.require("TRADING_TABLE"));
        LocalDynamoDb.truncate(env.require("BEHAVIOR_TABLE"));
        DynamoDbEnhancedClient handlers = interceptors.isEmpty() ? enhanced
                : DynamoDbClients.enhanced(DynamoDbClients.create(env, interceptors));
        handler = events == null ? new BehaviorHandler(env) : new BehaviorHandler(BehaviorServices.create(
                BehaviorConfig.from(env), handlers, clock, new Ulid(clock), events), clock);
        // The trading-session handler as the runtime builds it: from the installed environment, on the same clock.
        Environment.install(LocalDynamoDb.environment("TradingSessionFunction"), clock);
        trading = new TradingHandler();
    }

    /** Real candles around the scenario: BTCUSDT hourly and AAPL daily; every bundled instrument. */
    private static synchronized void seedMarket(DynamoDbEnhancedClient client, String table) {
        if (seeded) {
            return;
        }
        new InstrumentRepository(client, table).putAll(HISTORY.instruments());
        CandleRepository candles = new CandleRepository(client, table);
        candles.putAll(window("BTCUSDT", "2021-12-20T00:00:00Z", "2022-01-10T00:00:00Z"));
        candles.putAll(window("AAPL", "2021-10-01T00:00:00Z", "2022-02-01T00:00:00Z"));
        seeded = true;
    }

    static List<Candle> window(String symbol, String from, String to) {
        return HISTORY.candles(symbol, Instant.parse(from), Instant.parse(to));
    }

    static String read(String path) {
        try {
            return Files.readString(Repository.path(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CooldownRepository cooldowns() {
        return new CooldownRepository(enhanced, env.require("BEHAVIOR_TABLE"), clock);
    }

    HttpResult invoke(HttpEvent event) {
        return HttpResult.invoke(handler, event.bytes());
    }

    static HttpEvent event(String name, String user) {
        return HttpEvent.load("analyze-behavior/" + name + ".json").user(user);
    }

    HttpResult analyze(String user, String body) {
        return invoke(event("analyze-session", user).body(body));
    }

    /** Analyses and expects 200. */
    JsonNode analyzed(String user, String body) {
        HttpResult result = analyze(user, body);
        assertEquals(200, result.status(), result.toString());
        return result.body();
    }

    HttpResult report(String user, String reportId) {
        return invoke(event("get-report", user).pathParameter("reportId", reportId));
    }

    HttpResult reports(String user, Map<String, String> query) {
        HttpEvent event = event("list-reports", user);
        event.query("sessionId", null);
        event.query("limit", null);
        query.forEach(event::query);
        return invoke(event);
    }

    HttpResult trade(HttpEvent event) {
        return HttpResult.invoke(trading, event.bytes());
    }

    static HttpEvent tradingEvent(String name, String user) {
        return HttpEvent.load("trading-session/" + name + ".json").user(user);
    }

    /** A session of the caller's; returns its id. */
    String session(String user, String body) {
        HttpResult result = trade(tradingEvent("create-session", user).body(body));
        assertEquals(201, result.status(), result.toString());
        return result.body().get("id").asText();
    }

    /** A journal with starting cash, holding the imported scenario; returns its id. */
    String importedScenario(String user, String startingCash) {
        String journal = session(user, "{\"name\":\"broker history\",\"type\":\"JOURNAL\",\"startingCash\":"
                + startingCash + "}");
        importCsv(user, journal, SCENARIO);
        return journal;
    }

    JsonNode importCsv(String user, String journalId, String csv) {
        HttpEvent event = tradingEvent("import-trades-csv", user).body(csv);
        if (journalId != null) {
            event.query("sessionId", journalId);
        }
        HttpResult result = trade(event);
        assertEquals(200, result.status(), result.toString());
        assertEquals(0, result.body().get("rejectedCount").asInt(), result.toString());
        return result.body();
    }

    /** The session's trade ids, oldest first. */
    List<String> tradeIds(String user, String sessionId) {
        HttpResult result = trade(tradingEvent("list-trades", user).pathParameter("sessionId", sessionId)
                .query("limit", "1000"));
        assertEquals(200, result.status(), result.toString());
        List<String> ids = new ArrayList<>();
        result.body().get("items").forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }

    HttpResult order(String user, String sessionId, String body) {
        return trade(tradingEvent("place-order", user).pathParameter("sessionId", sessionId).body(body)
                .header("idempotency-key", UUID.randomUUID().toString()));
    }

    static Map<String, String> query(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
