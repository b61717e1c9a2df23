package dev.tradewind.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.auth.UsersKeys;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The realtime function over DynamoDB Local with the template's own environment, an instrument catalog, and the
 * sample events of events/realtime adjusted per test (connection, caller, message).
 */
final class RealtimeFixture {

    static final Instant NOW = Instant.parse("2022-01-03T10:15:30Z");
    static final String ALICE = "01JGXQ5V8K3M2N4P6R8T0V2X4Z";
    static final String BOB = "01JGXQ9Z0A1B2C3D4E5F6G7H8J";
    /** The sign-in session the sample $connect's authorizer context names. */
    static final String SESSION = "01JGXQ6B1C2D3E4F5G6H7J8K9M";
    /** Crypto instruments besides the sample's, enough for more channels than a connection may hold. */
    static final int EXTRA_SYMBOLS = 30;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The real time: a connection's lifetime, API Gateway's, passes in it. */
    final MutableClock clock = new MutableClock(NOW);
    /** Market time, which the local runtime's replay clock moves far faster than {@link #clock}. */
    final MutableClock marketClock = new MutableClock(NOW);
    final Environment env = new Environment(LocalDynamoDb.environment("RealtimeFunction"), marketClock, clock);
    final String table = env.require("REALTIME_TABLE");
    final String usersTable = LocalDynamoDb.environment("RealtimeFanOutFunction").get("USERS_TABLE");
    final RealtimeHandler handler;

    RealtimeFixture() {
        LocalDynamoDb.truncate(table);
        LocalDynamoDb.truncate(env.require("MARKET_TABLE"));
        LocalDynamoDb.truncate(usersTable);
        InstrumentRepository catalog = new InstrumentRepository(DynamoDbClients.enhanced(LocalDynamoDb.client()),
                env.require("MARKET_TABLE"));
        catalog.put(new Instrument("BTCUSDT", "Bitcoin", AssetClass.CRYPTO, "BINANCE", "USDT", Interval.H1));
        catalog.put(new Instrument("BNBUSDT", "BNB", AssetClass.CRYPTO, "BINANCE", "USDT", Interval.H1));
        catalog.put(new Instrument("ETHUSDT", "Ethereum", AssetClass.CRYPTO, "BINANCE", "USDT", Interval.H1));
        catalog.put(new Instrument("AAPL", "Apple", AssetClass.STOCK, "NASDAQ", "USD", Interval.D1));
        for (int i = 0; i < EXTRA_SYMBOLS; i++) {
            catalog.put(new Instrument(extraSymbol(i), "Test coin " + i, AssetClass.CRYPTO, "BINANCE", "USDT",
                    Interval.H1));
        }
        handler = new RealtimeHandler(env);
    }

    static String extraSymbol(int i) {
        return String.format("T%02dUSDT", i);
    }

    /** The fan-out function's environment, pointed at {@code endpoint} for the Management API. */
    Environment fanOutEnvironment(URI endpoint) {
        Map<String, String> variables = new HashMap<>(LocalDynamoDb.environment("RealtimeFanOutFunction"));
        variables.put("WEBSOCKET_ENDPOINT", endpoint.toString());
        return new Environment(variables, clock);
    }

    HttpResult connect(String connectionId, String userId) {
        ObjectNode event = event("connect.json", connectionId);
        ObjectNode authorizer = (ObjectNode) event.path("requestContext").path("authorizer");
        if (userId == null) {
            ((ObjectNode) event.path("requestContext")).remove("authorizer");
        } else {
            authorizer.put("principalId", userId);
            authorizer.put("userId", userId);
        }
        return invoke(event);
    }

    /** A $connect whose authorizer context names {@code sessionId} as the caller's sign-in session (none if null). */
    HttpResult connect(String connectionId, String userId, String sessionId) {
        ObjectNode event = event("connect.json", connectionId);
        ObjectNode authorizer = (ObjectNode) event.path("requestContext").path("authorizer");
        authorizer.put("principalId", userId);
        authorizer.put("userId", userId);
        if (sessionId == null) {
            authorizer.remove("sessionId");
        } else {
            authorizer.put("sessionId", sessionId);
        }
        return invoke(event);
    }

    /** A sign-in session of {@code userId} in the users table, as the auth function stores its state. */
    void session(String userId, String sessionId, boolean revoked, Instant absoluteExpiresAt) {
        LocalDynamoDb.client().putItem(r -> r.tableName(usersTable).item(Map.of(
                "pk", AttributeValue.fromS(UsersKeys.userKey(userId)),
                "sk", AttributeValue.fromS(UsersKeys.sessionSortKey(sessionId)),
                "revoked", AttributeValue.fromBool(revoked),
                "absoluteExpiresAt", AttributeValue.fromS(absoluteExpiresAt.toString()))));
    }

    /** An active sign-in session: not revoked, its absolute end a day away. */
    void activeSession(String userId, String sessionId) {
        session(userId, sessionId, false, NOW.plus(Duration.ofDays(1)));
    }

    HttpResult subscribe(String connectionId, String... channels) {
        return message("subscribe.json", connectionId, channelAction("subscribe", channels));
    }

    HttpResult unsubscribe(String connectionId, String... channels) {
        return message("unsubscribe.json", connectionId, channelAction("unsubscribe", channels));
    }

    /** A message of the sample event {@code sample} with another body. */
    HttpResult message(String sample, String connectionId, String body) {
        return invoke(event(sample, connectionId).put("body", body));
    }

    HttpResult disconnect(String connectionId) {
        return invoke(event("disconnect.json", connectionId));
    }

    HttpResult invoke(ObjectNode event) {
        try {
            return HttpResult.invoke(handler, JSON.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode event(String sample, String connectionId) {
        ObjectNode event = (ObjectNode) HttpEvent.Events.json("realtime/" + sample);
        ((ObjectNode) event.path("requestContext")).put("connectionId", connectionId);
        return event;
    }

    static String channelAction(String action, String... channels) {
        ObjectNode body = JSON.createObjectNode().put("action", action);
        List.of(channels).forEach(body.putArray("channels")::add);
        return body.toString();
    }

    /** Every item of the realtime table, in key order. */
    List<Map<String, AttributeValue>> items() {
        return LocalDynamoDb.items(table);
    }

    /** The items of one connection's partition, by sort key. */
    Map<String, Map<String, AttributeValue>> partition(String connectionId) {
        Map<String, Map<String, AttributeValue>> found = new java.util.TreeMap<>();
        items().stream().filter(item -> item.get("pk").s().equals("CONN#" + connectionId))
                .forEach(item -> found.put(item.get("sk").s(), item));
        return found;
    }
}
