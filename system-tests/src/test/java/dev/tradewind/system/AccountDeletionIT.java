package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.auth.store.UsersRepository;
import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.local.template.TableDefinition;
import dev.tradewind.system.AuthClient.Trader;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.Repository;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Deleting an account through the local runtime, after the user has made data in every table the way a trader does:
 * two sign-ins and a refresh, a paper session with a filled and a resting order and a journal entry, an imported
 * broker history with its analysis and the cooldown it started, an import into the default journal, and an open
 * WebSocket connection subscribed to its private channel and a public one. Afterwards every table of template.yaml is
 * scanned (only a test may) for anything of the user's, and another user's items must be exactly as they were.
 */
class AccountDeletionIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDirectory;

    private static RuntimeProcess runtime;
    private static DynamoDbClient dynamo;
    private static List<String> tables;
    private static final List<WsClient> sockets = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        runtime = RuntimeProcess.startApi(dataDirectory, "--no-schedules", "--replay-start", "2022-01-04T19:05:00Z",
                "--replay-speed", "1");
        MarketSeed.seed(runtime, "BTCUSDT", "2022-01-01T00:00:00Z", "2022-01-08T00:00:00Z");
        dynamo = DynamoDbLocalServer.clientFor(runtime.dynamoDbEndpoint());
        tables = SamTemplate.load(Repository.template()).tables().stream().map(TableDefinition::tableName).toList();
    }

    @AfterAll
    static void stop() throws Exception {
        sockets.forEach(WsClient::close);
        if (dynamo != null) {
            dynamo.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void deleteAccount_leavesNothingOfTheUserInAnyTable_andAnotherUsersDataUntouched() throws Exception {
        AuthClient auth = new AuthClient(runtime);
        Trader alice = traderWithHistory(auth, "alice");
        Trader bob = traderWithHistory(auth, "bob");
        WsClient alicesSocket = subscribedSocket(alice);
        WsClient bobsSocket = subscribedSocket(bob);
        List<Map<String, AttributeValue>> bobsItems = itemsOf(bob);

        JsonNode export = runtime.call(alice.accessToken(), "GET", "/v1/auth/me/export", null, 200);
        assertEquals(alice.email(), export.get("account").get("email").asText());
        assertEquals(Set.of("profile", "session", "counter"), kinds(export, "users"));
        assertTrue(kinds(export, "trading").containsAll(Set.of("session", "journal_default", "order", "open",
                "position", "trade", "equity", "idempotency", "journal", "backtest")), kinds(export, "trading").toString());
        assertEquals(Set.of("report", "cooldown"), kinds(export, "behavior"));
        JsonNode report = item(export, "behavior", "report").get("attributes");
        assertEquals(report.get("reportId").asText(), report.get("body").path("id").asText(),
                "a report's compressed body is exported as the report it holds");
        assertTrue(item(export, "trading", "backtest").get("attributes").get("body").isObject());
        int stored = itemsOf(alice).size();

        JsonNode wrong = runtime.call(alice.accessToken(), "DELETE", "/v1/auth/me",
                "{\"password\":\"not the password at all\"}", 422);
        assertEquals("WRONG_PASSWORD", wrong.get("error").get("code").asText());
        assertEquals(stored, itemsOf(alice).size(), "a refused confirmation erases nothing");

        HttpResponse<String> deleted = runtime.send("DELETE", "/v1/auth/me",
                "{\"password\":\"" + AuthClient.PASSWORD + "\"}", "Authorization", "Bearer " + alice.accessToken(),
                "Content-Type", "application/json");

        assertEquals(200, deleted.statusCode(), deleted.body());
        JsonNode erasure = JSON.readTree(deleted.body());
        assertTrue(erasure.get("complete").asBoolean());
        assertTrue(erasure.get("erased").get("trading").get("trade").asInt() >= 31, erasure.toString());
        assertEquals(JSON.readTree("{\"conn\":1,\"sub\":2}"), erasure.get("erased").get("realtime"),
                "the open connection and its two subscriptions");
        assertEquals(List.of(), itemsOf(alice), "nothing of the user is left in any table");
        assertEquals(bobsItems, itemsOf(bob), "another user's items are exactly as they were");
        // The access token: 404 (nothing left) while the authorizer's cached decision lasts, at most 60 s, then 401
        // (docs/auth.md#ending-access).
        int me = runtime.get("/v1/auth/me", alice.bearer()).statusCode();
        assertTrue(me == 404 || me == 401, "me after the deletion -> " + me);
        assertEquals(401, auth.login(alice.email(), AuthClient.PASSWORD).statusCode());
        assertEquals(401, auth.refresh(alice.refreshToken()).statusCode());
        assertEquals(200, runtime.get("/v1/auth/me", bob.bearer()).statusCode());
        JsonNode gone = alicesSocket.ask("{\"action\":\"subscribe\",\"channels\":[\"signals:crypto\"]}");
        assertEquals("CONNECTION_GONE", gone.path("error").path("code").asText(), "its record is erased: " + gone);
        assertEquals("subscribed", bobsSocket.ask("{\"action\":\"subscribe\",\"channels\":[\"signals:crypto\"]}")
                .get("type").asText(), "another user's connection goes on");
    }

    /** A WebSocket connection of the trader, subscribed to its private channel and to a public one. */
    private static WsClient subscribedSocket(Trader trader) throws Exception {
        URI uri = URI.create(runtime.uri("/ws").toString().replaceFirst("^http", "ws") + "?token="
                + URLEncoder.encode(trader.accessToken(), StandardCharsets.UTF_8));
        WsClient socket = WsClient.connect(trader.email(), uri, runtime::alive);
        sockets.add(socket);
        JsonNode subscribed = socket.ask("{\"action\":\"subscribe\",\"channels\":"
                + "[\"me\",\"candles:BTCUSDT:1h\"]}");
        assertEquals("subscribed", subscribed.get("type").asText(), subscribed.toString());
        return socket;
    }

    private static Trader traderWithHistory(AuthClient auth, String name) throws Exception {
        Trader first = auth.signUp(name);
        Trader trader = auth.signIn(first.email(), AuthClient.PASSWORD);
        JsonNode refreshed = JSON.readTree(auth.refresh(trader.refreshToken()).body());
        String token = refreshed.get("accessToken").asText();
        trader = new Trader(trader.userId(), trader.email(), token, refreshed.get("refreshToken").asText());
        assertEquals(401, auth.login(trader.email(), "a wrong password, counted").statusCode());

        String session = runtime.call(token, "POST", "/v1/sessions", "{\"name\":\"paper\",\"startingCash\":50000}",
                201).get("id").asText();
        runtime.call(token, "POST", "/v1/sessions/" + session + "/orders",
                "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.01\"}", 201, "Content-Type",
                "application/json", "Idempotency-Key", name + "-1");
        runtime.call(token, "POST", "/v1/sessions/" + session + "/orders", "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\","
                + "\"quantity\":\"0.01\",\"type\":\"LIMIT\",\"limitPrice\":\"30000\"}", 201, "Content-Type",
                "application/json", "Idempotency-Key", name + "-2");
        runtime.call(token, "POST", "/v1/sessions/" + session + "/journal", "{\"note\":\"patient\","
                + "\"emotions\":[\"calm\"]}", 201);

        String journal = runtime.call(token, "POST", "/v1/sessions", "{\"name\":\"broker history\","
                + "\"type\":\"JOURNAL\",\"startingCash\":40000}", 201).get("id").asText();
        String csv = Files.readString(Repository.path("events/analyze-behavior/trades-revenge-disposition.csv"));
        runtime.call(token, "POST", "/v1/trades/import?sessionId=" + journal, csv, 200, "Content-Type", "text/csv");
        JsonNode report = runtime.call(token, "POST", "/v1/behavior/analyze", "{\"sessionId\":\"" + journal + "\"}",
                200);
        assertEquals("STARTED", report.get("guardrail").get("cooldown").asText(), report.get("guardrail").toString());
        runtime.call(token, "POST", "/v1/trades/import", "time,symbol,side,quantity,price,fees\n"
                + "2022-01-03T15:00:00Z,AAPL,BUY,10,180.50,1.00\n", 200, "Content-Type", "text/csv");
        runtime.call(token, "POST", "/v1/backtests", "{\"symbol\":\"BTCUSDT\",\"from\":\"2022-01-03\","
                + "\"to\":\"2022-01-04T18:00:00Z\",\"startingCash\":10000,\"strategy\":{\"type\":\"rules\","
                + "\"entry\":{\"all\":[{\"indicator\":\"rsi\",\"period\":5,\"op\":\"<\",\"value\":50}]}}}", 201);
        return trader;
    }

    private static JsonNode item(JsonNode export, String table, String kind) {
        for (JsonNode item : export.get("tables").path(table)) {
            if (item.get("kind").asText().equals(kind)) {
                return item;
            }
        }
        throw new AssertionError("no " + kind + " in the export's " + table + " table");
    }

    private static Set<String> kinds(JsonNode export, String table) {
        Set<String> kinds = new TreeSet<>();
        export.get("tables").path(table).forEach(item -> kinds.add(item.get("kind").asText()));
        return kinds;
    }

    /**
     * Every item of every table that is the trader's: one whose key or any attribute names the user, the credential
     * (keyed by the email) or the sign-in counter (keyed by a hash of it).
     */
    private static List<Map<String, AttributeValue>> itemsOf(Trader trader) {
        String credential = "EMAIL#" + trader.email();
        String counter = UsersRepository.accountCounterKey(trader.email());
        List<Map<String, AttributeValue>> owned = new ArrayList<>();
        for (String table : tables) {
            for (Map<String, AttributeValue> item : LocalDynamoDb.items(dynamo, table)) {
                String pk = item.get("pk").s();
                if (pk.equals(credential) || pk.equals(counter) || item.values().stream()
                        .anyMatch(value -> value.toString().contains(trader.userId()))) {
                    owned.add(item);
                }
            }
        }
        owned.sort(Comparator.comparing((Map<String, AttributeValue> item) -> item.get("pk").s())
                .thenComparing(item -> item.get("sk").s()));
        return owned;
    }
}
