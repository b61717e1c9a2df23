package dev.tradewind.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.auth.store.UsersRepository;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.testing.DynamoFaults;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * {@code DELETE /v1/auth/me} and {@code GET /v1/auth/me/export} over DynamoDB Local: the account's own items (made by
 * signing in, refreshing and failing a sign-in) and trading, behaviour and WebSocket connection items laid out as
 * those functions store them (keys in dev.tradewind.shared.trading, the behaviour store and the realtime
 * ConnectionRepository). Every table is scanned afterwards, which only a test may do, for anything left of the user.
 */
class AccountErasureIT {

    /** The smallest budget the configuration allows, so that the test's 150 trading items take several requests. */
    private static final int BUDGET = 100;

    @RegisterExtension
    final DynamoFaults faults = new DynamoFaults();

    private final DynamoDbClient dynamo = LocalDynamoDb.client();
    private AuthFixture auth;
    private Map<String, String> tables;

    @BeforeEach
    void setUp() {
        auth = new AuthFixture(List.of(faults), Map.of("ERASURE_ITEMS_PER_REQUEST", Integer.toString(BUDGET)));
        Environment env = new Environment(LocalDynamoDb.environment("AuthFunction"), auth.clock);
        tables = Map.of("users", env.require("USERS_TABLE"), "trading", env.require("TRADING_TABLE"),
                "behavior", env.require("BEHAVIOR_TABLE"),
                "realtime", LocalDynamoDb.environment("RealtimeFunction").get("REALTIME_TABLE"));
    }

    @Test
    void deleteAccount_erasesEveryItemInEveryTable_inBudgetedRequests_andLeavesOthersUntouched() {
        Trader alice = traderWithData("alice", 150);
        Trader bob = traderWithData("bob", 3);
        List<Map<String, AttributeValue>> bobsItems = itemsOf(bob);
        assertTrue(itemsOf(alice).size() > 160, "the user has items in every table: " + itemsOf(alice).size());

        List<HttpResult> answers = new ArrayList<>();
        HttpResult answer;
        do {
            answer = auth.deleteAccount(alice.accessToken(), AuthFixture.PASSWORD);
            answers.add(answer);
            assertTrue(answers.size() <= 4, "the erasure ends: " + answers);
        } while (answer.status() == 202);

        assertEquals(200, answer.status(), answer.toString());
        assertTrue(answer.body().get("complete").asBoolean());
        assertTrue(answers.size() >= 2, "150 trading items do not fit one budget of " + BUDGET + ": " + answers);
        assertEquals(List.of(), itemsOf(alice), "nothing of the user is left in any table");
        assertEquals(bobsItems, itemsOf(bob), "another user's items are untouched");
        int erased = 0;
        for (HttpResult each : answers) {
            for (JsonNode kinds : each.body().get("erased")) {
                for (JsonNode count : kinds) {
                    erased += count.asInt();
                }
            }
        }
        // Less the failed sign-in's counter: the password confirmation, a successful check, clears it first.
        assertEquals(alice.itemsBefore() - 1, erased, "the answers count every item erased, once");
        assertEquals(401, auth.me(alice.accessToken()).status(), "the access token's session is gone");
        assertEquals(401, auth.login(alice.email(), AuthFixture.PASSWORD).status());
        assertEquals(401, auth.refresh(alice.refreshToken()).status());
        assertEquals(200, auth.me(bob.accessToken()).status());
    }

    @Test
    void deleteAccount_erasesTheUsersWebSocketConnections_andLeavesOthersConnections() {
        Trader frank = traderWithData("frank", 1);
        Trader grace = traderWithData("grace", 1);
        // Two connections of 50 subscriptions each (the most a connection may hold) pass the budget of 100, so the
        // first request stops inside the second connection's partition and the next one must still find it.
        String first = connectionOf(frank, 50);
        String second = connectionOf(frank, 50);
        String others = connectionOf(grace, 2);
        List<Map<String, AttributeValue>> gracesItems = connectionItems(others);

        Map<String, Integer> erased = new HashMap<>();
        HttpResult answer;
        int requests = 0;
        do {
            answer = auth.deleteAccount(frank.accessToken(), AuthFixture.PASSWORD);
            requests++;
            assertTrue(requests <= 4, "the erasure ends: " + answer);
            for (Map.Entry<String, JsonNode> kind : answer.body().path("erased").path("realtime").properties()) {
                erased.merge(kind.getKey(), kind.getValue().asInt(), Integer::sum);
            }
        } while (answer.status() == 202);

        assertEquals(200, answer.status(), answer.toString());
        List<Map<String, AttributeValue>> left = connectionItems(first);
        left.addAll(connectionItems(second));
        assertEquals(List.of(), left, "both connections and their subscriptions are gone, the one cut short too");
        assertEquals(Map.of("conn", 2, "sub", 100), erased, "the answers count the connections' items");
        assertEquals(gracesItems, connectionItems(others), "another user's connection is untouched");
    }

    /**
     * The caller's sessions keep working until the erasure's last step, so another device of the user may place an
     * order or start a session while it runs. Here both commit just as the erasure deletes the session item, after
     * it swept that session's partition: an order in the swept session, and a new session with an order of its own.
     */
    @Test
    void deleteAccount_writesCommittedWhileItErases_areErasedToo() {
        Trader henry = traderWithData("henry", 3);
        String user = "USER#" + henry.userId();
        String session = paperSessionOf(henry);
        String started = "01STARTED" + UUID.randomUUID().toString().substring(0, 8);
        AtomicBoolean concurrentWrites = new AtomicBoolean();
        faults.on("BatchWriteItem").matching(request -> {
            boolean deletesTheSession = ((BatchWriteItemRequest) request).requestItems()
                    .getOrDefault(tables.get("trading"), List.of()).stream()
                    .anyMatch(write -> write.deleteRequest().key().get("sk").s().equals("SESSION#" + session));
            if (deletesTheSession && concurrentWrites.compareAndSet(false, true)) {
                put("trading", user + "#SESSION#" + session, "ORDER#late", Map.of("userId", s(henry.userId())));
                put("trading", user, "SESSION#" + started, Map.of("sessionId", s(started),
                        "userId", s(henry.userId())));
                put("trading", user + "#SESSION#" + started, "ORDER#0001", Map.of("userId", s(henry.userId())));
            }
            return false;
        });

        HttpResult answer;
        int requests = 0;
        do {
            answer = auth.deleteAccount(henry.accessToken(), AuthFixture.PASSWORD);
            assertTrue(++requests <= 4, "the erasure ends: " + answer);
        } while (answer.status() == 202);

        assertEquals(200, answer.status(), answer.toString());
        assertTrue(concurrentWrites.get(), "the concurrent writes were made");
        assertEquals(List.of(), itemsOf(henry), "nothing of the user is left in any table");
    }

    /**
     * Likewise an analysis may store a report and start a cooldown, another device may open a WebSocket connection
     * or start a trading session, after the erasure passed those tables: here as it ends the user's other sign-in
     * session, its first transaction, once every table but the Users table is done.
     */
    @Test
    void deleteAccount_itemsStoredAfterItPassedTheirTables_areErasedToo() {
        Trader irene = traderWithData("irene", 3);
        String user = "USER#" + irene.userId();
        String started = "01STARTED" + UUID.randomUUID().toString().substring(0, 8);
        AtomicBoolean concurrentWrites = new AtomicBoolean();
        List<String> connection = new ArrayList<>();
        faults.on("TransactWriteItems").matching(request -> {
            if (concurrentWrites.compareAndSet(false, true)) {
                put("behavior", user, "REPORT#02", Map.of("userId", s(irene.userId())));
                put("behavior", user, "COOLDOWN", Map.of("userId", s(irene.userId())));
                connection.add(connectionOf(irene, 2));
                put("trading", user, "SESSION#" + started, Map.of("sessionId", s(started),
                        "userId", s(irene.userId())));
                put("trading", user + "#SESSION#" + started, "ORDER#0001", Map.of("userId", s(irene.userId())));
            }
            return false;
        });

        HttpResult answer;
        int requests = 0;
        do {
            answer = auth.deleteAccount(irene.accessToken(), AuthFixture.PASSWORD);
            assertTrue(++requests <= 4, "the erasure ends: " + answer);
        } while (answer.status() == 202);

        assertEquals(200, answer.status(), answer.toString());
        assertTrue(concurrentWrites.get(), "the concurrent writes were made");
        assertEquals(List.of(), itemsOf(irene), "nothing of the user is left in any table");
        assertEquals(List.of(), connectionItems(connection.getFirst()), "nor of the connection opened meanwhile");
    }

    /**
     * The sweep after the account is not held to the budget, though a request that erased everything in one go has
     * spent all of it by then: the items before the account just within the budget, the account's own beyond it.
     */
    @Test
    void deleteAccount_budgetSpentByTheAccountItself_stillSweepsWritesMadeMeanwhile() {
        Trader probe = traderWithData("kate", 0);
        Trader kate = traderWithData("kate", BUDGET + 1 - probe.itemsBefore());
        assertEquals(BUDGET + 1, kate.itemsBefore());
        String user = "USER#" + kate.userId();
        AtomicBoolean concurrentWrites = new AtomicBoolean();
        faults.on("TransactWriteItems").matching(request -> {
            if (concurrentWrites.compareAndSet(false, true)) {
                put("behavior", user, "REPORT#02", Map.of("userId", s(kate.userId())));
            }
            return false;
        });

        HttpResult answer = auth.deleteAccount(kate.accessToken(), AuthFixture.PASSWORD);

        assertEquals(200, answer.status(), "all of it in one request: " + answer);
        assertTrue(concurrentWrites.get(), "the concurrent write was made");
        assertEquals(List.of(), itemsOf(kate), "nothing of the user is left in any table");
    }

    @Test
    void deleteAccount_wrongPassword_returns422_andErasesNothing() {
        Trader carol = traderWithData("carol", 5);
        List<Map<String, AttributeValue>> before = itemsOf(carol);

        HttpResult refused = auth.deleteAccount(carol.accessToken(), "not the password at all");

        assertEquals(422, refused.status(), refused.toString());
        assertEquals("WRONG_PASSWORD", refused.body().get("error").get("code").asText());
        // The refused confirmation counts as a failed sign-in, like a wrong password at login.
        List<Map<String, AttributeValue>> after = itemsOf(carol);
        after.removeIf(item -> item.get("sk").s().equals("COUNTER"));
        before.removeIf(item -> item.get("sk").s().equals("COUNTER"));
        assertEquals(before, after);
        assertEquals(400, auth.deleteAccount(carol.accessToken(), "").status(), "a missing password is a 400");
    }

    @Test
    void deleteAccount_failingHalfway_isFinishedByTheSameRequestAgain() {
        Trader dave = traderWithData("dave", 40);
        List<Map<String, AttributeValue>> before = itemsOf(dave);
        faults.on("BatchWriteItem").passFirst(1).throttling();

        HttpResult failed = auth.deleteAccount(dave.accessToken(), AuthFixture.PASSWORD);

        assertEquals(503, failed.status(), failed.toString());
        List<Map<String, AttributeValue>> halfway = itemsOf(dave);
        assertTrue(halfway.size() < before.size() && !halfway.isEmpty(), "cut short halfway: " + halfway.size());
        faults.clearRules();
        HttpResult retried = auth.deleteAccount(dave.accessToken(), AuthFixture.PASSWORD);
        assertEquals(200, retried.status(), retried.toString());
        assertEquals(List.of(), itemsOf(dave));
    }

    @Test
    void deleteAccount_accountTransactionStoredButEveryAnswerLost_returns200Complete() {
        Trader erin = traderWithData("erin", 5);
        faults.on("TransactWriteItems").matching(AccountErasureIT::deletesAProfile).afterSend().internalServerError();

        HttpResult result = auth.deleteAccount(erin.accessToken(), AuthFixture.PASSWORD);

        assertEquals(200, result.status(), "a retry could not finish it: the token is gone with the account; "
                + result);
        assertTrue(result.body().get("complete").asBoolean(), result.toString());
        assertEquals(List.of(), itemsOf(erin));
    }

    @Test
    void deleteAccount_sweepAfterTheAccountThrottled_returns200Complete() {
        Trader fay = traderWithData("fay", 5);
        AtomicBoolean accountGone = new AtomicBoolean();
        faults.on("TransactWriteItems").matching(request -> {
            accountGone.compareAndSet(false, deletesAProfile(request));
            return false;
        });
        faults.on("Query").matching(request -> accountGone.get()).throttling();

        HttpResult result = auth.deleteAccount(fay.accessToken(), AuthFixture.PASSWORD);

        assertEquals(200, result.status(), "a retry could not finish it: the token is gone with the account; "
                + result);
        assertTrue(result.body().get("complete").asBoolean(), result.toString());
        assertEquals(List.of(), itemsOf(fay));
    }

    /** The account's own transaction: the one deleting the profile item. */
    private static boolean deletesAProfile(SdkRequest request) {
        return request instanceof TransactWriteItemsRequest transaction && transaction.transactItems().stream()
                .anyMatch(item -> item.delete() != null && "PROFILE".equals(item.delete().key().get("sk").s()));
    }

    @Test
    void export_holdsEveryTablesItems_andNoSecret() {
        Trader erin = traderWithData("erin", 2);

        HttpResult export = auth.export(erin.accessToken());

        assertEquals(200, export.status(), export.toString());
        JsonNode document = export.body();
        assertEquals(erin.email(), document.get("account").get("email").asText());
        JsonNode tables = document.get("tables");
        assertEquals(List.of("profile", "session", "session", "counter"), kinds(tables.get("users")));
        assertEquals(List.of("journal_default", "session", "journal", "equity", "order", "order"),
                kinds(tables.get("trading")));
        assertEquals(List.of("cooldown", "report"), kinds(tables.get("behavior")));
        String text = document.toString();
        for (Map<String, AttributeValue> item : itemsOf(erin)) {
            for (String secret : List.of("passwordHash", "currentTokenHash", "previousTokenHash", "successorSeed")) {
                if (item.containsKey(secret)) {
                    assertFalse(text.contains(item.get(secret).s()), secret + " is not exported");
                }
            }
        }
        assertFalse(text.contains(erin.refreshToken()));
    }

    private static List<String> kinds(JsonNode items) {
        List<String> kinds = new ArrayList<>();
        items.forEach(item -> kinds.add(item.get("kind").asText()));
        return kinds;
    }

    private record Trader(String email, String userId, String accessToken, String refreshToken, int itemsBefore) {
    }

    /**
     * A trader with two sessions (one refreshed twice, so older refresh tokens exist), a failed sign-in, a paper session
     * with {@code orders} orders, an equity point and a journal pointer, a journal entry, a report and a cooldown.
     */
    private Trader traderWithData(String name, int orders) {
        String email = name + "-" + UUID.randomUUID() + "@example.com";
        String userId = auth.registered(email);
        auth.tokens(email);
        JsonNode tokens = auth.tokens(email);
        String refreshToken = tokens.get("refreshToken").asText();
        for (int i = 0; i < 2; i++) {
            HttpResult refreshed = auth.refresh(refreshToken);
            assertEquals(200, refreshed.status(), refreshed.toString());
            refreshToken = refreshed.body().get("refreshToken").asText();
            tokens = refreshed.body();
        }
        assertEquals(401, auth.login(email, "a wrong password for the counter").status());
        String session = "01PAPER" + UUID.randomUUID().toString().substring(0, 8);
        String journal = "01JOURNAL" + UUID.randomUUID().toString().substring(0, 8);
        String user = "USER#" + userId;
        put("trading", user, "SESSION#" + session, Map.of("sessionId", s(session), "userId", s(userId)));
        put("trading", user, "JOURNAL_DEFAULT", Map.of("sessionId", s(journal)));
        String sessionPartition = user + "#SESSION#" + session;
        for (int i = 0; i < orders; i++) {
            put("trading", sessionPartition, String.format("ORDER#%04d", i), Map.of("userId", s(userId)));
        }
        put("trading", sessionPartition, "EQUITY#2022-01-04T15:00:00Z", Map.of("cash", n("1000.00")));
        put("trading", user + "#SESSION#" + journal, "JOURNAL#01", Map.of("gsi1pk", s(user + "#JOURNAL"),
                "gsi1sk", s("01"), "note", s("calm")));
        put("behavior", user, "REPORT#01", Map.of("gsi1pk", s(user + "#SESSION#" + session + "#REPORT"),
                "gsi1sk", s("01"), "userId", s(userId)));
        put("behavior", user, "COOLDOWN", Map.of("userId", s(userId)));
        return new Trader(email, userId, tokens.get("accessToken").asText(), refreshToken,
                itemsOf(email, userId).size());
    }

    /**
     * A connection of the trader laid out as the realtime function stores it after $connect and a subscribe
     * (docs/realtime.md#connections-and-subscriptions): the connection item naming the user and the sign-in session,
     * the private {@code me} channel and {@code subscriptions - 1} public ones.
     */
    private String connectionOf(Trader trader, int subscriptions) {
        String connection = "CONN#c-" + UUID.randomUUID();
        String sessionId = claims(trader.accessToken()).get("sid").asText();
        AttributeValue expiresAt = n(Long.toString(auth.clock.instant().plusSeconds(7_500).getEpochSecond()));
        put("realtime", connection, "CONN", Map.of("userId", s(trader.userId()), "sessionId", s(sessionId),
                "connectedAt", s(auth.clock.instant().toString()), "expiresAt", expiresAt,
                "subscriptions", n(Integer.toString(subscriptions))));
        put("realtime", connection, "SUB#me", Map.of("channel", s("me#" + trader.userId()), "expiresAt", expiresAt));
        for (int i = 1; i < subscriptions; i++) {
            String channel = String.format("candles:SYM%02d:1h", i);
            put("realtime", connection, "SUB#" + channel, Map.of("channel", s(channel), "expiresAt", expiresAt));
        }
        return connection;
    }

    /** The id of the trader's paper session (the one that is not the default journal). */
    private String paperSessionOf(Trader trader) {
        return dynamo.queryPaginator(r -> r.tableName(tables.get("trading")).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :session)")
                        .expressionAttributeValues(Map.of(":pk", s("USER#" + trader.userId()),
                                ":session", s("SESSION#"))))
                .items().stream().findFirst().orElseThrow().get("sessionId").s();
    }

    private List<Map<String, AttributeValue>> connectionItems(String connection) {
        return new ArrayList<>(dynamo.queryPaginator(r -> r.tableName(tables.get("realtime")).consistentRead(true)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(connection))))
                .items().stream().toList());
    }

    private static JsonNode claims(String accessToken) {
        try {
            return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void put(String table, String pk, String sk, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put("pk", s(pk));
        item.put("sk", s(sk));
        dynamo.putItem(r -> r.tableName(tables.get(table)).item(item));
    }

    /**
     * Every item in every table that belongs to the trader: keyed under the user, naming the user, or keyed by the
     * email (the credential and the sign-in counter, whose key is a hash of it).
     */
    private List<Map<String, AttributeValue>> itemsOf(Trader trader) {
        return itemsOf(trader.email(), trader.userId());
    }

    private List<Map<String, AttributeValue>> itemsOf(String email, String userId) {
        String counter = UsersRepository.accountCounterKey(email);
        List<Map<String, AttributeValue>> owned = new ArrayList<>();
        for (String table : List.of("users", "trading", "behavior")) {
            for (Map<String, AttributeValue> item : scan(tables.get(table))) {
                String pk = item.get("pk").s();
                boolean names = item.values().stream().anyMatch(v -> v.s() != null && v.s().contains(userId));
                if (names || pk.equals("EMAIL#" + email) || pk.equals(counter)) {
                    owned.add(item);
                }
            }
        }
        return owned;
    }

    private List<Map<String, AttributeValue>> scan(String table) {
        return LocalDynamoDb.items(dynamo, table);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }
}
