package dev.tradewind.trading;

import static dev.tradewind.trading.TradingApi.limit;
import static dev.tradewind.trading.TradingApi.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.testing.DynamoFaults;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Order placement and trade import with DynamoDB failing under them (testing's {@link DynamoFaults} on the handler's
 * client, over DynamoDB Local). After every fault the stored state is either untouched or exactly what a fault-free
 * request by another user stored (cash, positions, orders, trades, equity points, idempotency records, to the cent),
 * a retry has exactly one effect, and the caller gets 503 with Retry-After, never a 500.
 */
class TradingFaultsIT {

    private static final String HEADER = "time,symbol,side,quantity,price,fees\n";
    private static final String JOURNAL = "{\"name\":\"broker\",\"type\":\"JOURNAL\",\"startingCash\":10000}";

    @RegisterExtension
    final DynamoFaults faults = new DynamoFaults();

    private TradingApi api;
    private String table;

    @BeforeEach
    void setUp() {
        api = new TradingApi(TradingApi.DEFAULT_START, Map.of(), List.of(faults));
        table = api.env.require("TRADING_TABLE");
    }

    // ---- orders

    @Test
    void placeOrder_throttledAfterRetries_returns503WithRetryAfterAndWritesNothing() {
        String sessionId = api.session("u1");
        List<Map<String, AttributeValue>> before = items("u1");
        faults.on("TransactWriteItems").provisionedThroughputExceeded();

        HttpResult result = api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.1"));

        assertUnavailable(result);
        assertEquals(3, faults.injected(), "every attempt the SDK made");
        assertEquals(before, items("u1"));

        faults.clearRules();
        HttpResult retry = api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.1"));
        assertEquals(201, retry.status(), retry.toString());
        assertNull(retry.headers().get("idempotent-replayed"), "nothing was placed before");
        assertSameLedger("u1", sessionId, reference(market("BTCUSDT", "BUY", "0.1")));
    }

    @Test
    void placeOrder_transactionCancelledForThrottling_returns503AndWritesNothing() {
        String sessionId = api.session("u1");
        List<Map<String, AttributeValue>> before = items("u1");
        faults.on("TransactWriteItems").transactionCanceled("ThrottlingError");

        assertUnavailable(api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.1")));

        assertEquals(1, faults.injected(), "answered at once, not retried into the limit");
        assertEquals(before, items("u1"));
    }

    @Test
    void placeOrder_readThrottled_returns503AndWritesNothing() {
        String sessionId = api.session("u1");
        List<Map<String, AttributeValue>> before = items("u1");
        faults.on("GetItem").throttling();

        assertUnavailable(api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.1")));

        assertEquals(before, items("u1"));
    }

    @Test
    void placeOrder_transactionConflictOnce_isRetriedFromAFreshReadAndPlacesOnce() {
        String sessionId = api.session("u1");
        faults.on("TransactWriteItems").transactionCanceled("TransactionConflict").times(1);

        HttpResult result = api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.1"));

        assertEquals(201, result.status(), result.toString());
        assertEquals(1, faults.injected());
        assertSameLedger("u1", sessionId, reference(market("BTCUSDT", "BUY", "0.1")));
    }

    @Test
    void placeOrder_transactionFailsAfterCommit_retryWithSameKeyReturnsSameOrder() {
        String sessionId = api.session("u1");
        faults.on("TransactWriteItems").afterSend().attemptTimeout();

        assertUnavailable(api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.1")));
        List<JsonNode> stored = api.all("list-orders", "u1", sessionId, 10);
        assertEquals(1, stored.size(), "DynamoDB committed it; only the answer was lost");

        faults.clearRules();
        HttpResult retry = api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.1"));
        assertEquals(201, retry.status(), retry.toString());
        assertEquals("true", retry.headers().get("idempotent-replayed"));
        assertEquals(stored.getFirst().get("id"), retry.body().get("id"));
        assertSameLedger("u1", sessionId, reference(market("BTCUSDT", "BUY", "0.1")));
    }

    @Test
    void placeOrder_timeoutAfterCommitOnFirstAttempt_sdkRetryPlacesOnce() {
        String sessionId = api.session("u1");
        faults.on("TransactWriteItems").afterSend().attemptTimeout().times(1);

        HttpResult result = api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.1"));

        assertEquals(201, result.status(), result.toString());
        assertEquals(1, faults.injected());
        assertSameLedger("u1", sessionId, reference(market("BTCUSDT", "BUY", "0.1")));
    }

    @Test
    void placeLimitOrder_transactionFailsAfterCommit_retryWithSameKeyKeepsOneRestingOrder() {
        String sessionId = api.session("u1");
        String order = limit("BTCUSDT", "BUY", "0.1", "20000");
        faults.on("TransactWriteItems").afterSend().internalServerError();

        assertUnavailable(api.order("u1", sessionId, "key-1", order));

        faults.clearRules();
        HttpResult retry = api.order("u1", sessionId, "key-1", order);
        assertEquals(201, retry.status(), retry.toString());
        assertEquals("OPEN", retry.body().get("status").asText());
        assertEquals(1, api.portfolio("u1", sessionId).get("openOrders").asInt());
        assertSameLedger("u1", sessionId, reference(order));
    }

    // ---- imports

    @Test
    void importTrades_faultMidway_allOrNothing() {
        String journalId = api.session("u1", JOURNAL);
        List<Map<String, AttributeValue>> before = items("u1");
        String csv = buys(10);
        faults.on("TransactWriteItems").throttling();

        assertUnavailable(importCsv("u1", journalId, csv));

        assertEquals(before, items("u1"));
        faults.clearRules();
        HttpResult retry = importCsv("u1", journalId, csv);
        assertEquals(200, retry.status(), retry.toString());
        assertEquals(10, retry.body().get("acceptedCount").asInt());
        assertSameLedger("u1", journalId, referenceImport(csv));
    }

    /**
     * An import larger than one transaction (100 writes) commits in whole transactions: a fault on the second leaves
     * the first applied and the ledger consistent, and sending the same file again adds the rest, each row once.
     */
    @Test
    void importTrades_faultOnSecondTransaction_keepsWholeTransactions_andTheSameFileAgainCompletesOnce() {
        String journalId = api.session("u1", JOURNAL);
        String csv = buys(120);
        faults.on("TransactWriteItems").passFirst(1).times(3);

        assertUnavailable(importCsv("u1", journalId, csv));

        int stored = api.all("list-trades", "u1", journalId, 1000).size();
        assertEquals(49, stored, "the first transaction only: 49 trades and points, the session and the position");
        assertLedgerConsistent("u1", journalId);
        faults.clearRules();
        HttpResult retry = importCsv("u1", journalId, csv);
        assertEquals(200, retry.status(), retry.toString());
        assertEquals(120 - stored, retry.body().get("acceptedCount").asInt());
        assertEquals(stored, retry.body().get("duplicateCount").asInt());
        assertSameLedger("u1", journalId, referenceImport(csv));
    }

    @Test
    void importTrades_faultAfterSecondTransactionCommitted_theSameFileAgainCompletesOnce() {
        String journalId = api.session("u1", JOURNAL);
        String csv = buys(120);
        faults.on("TransactWriteItems").passFirst(1).afterSend().attemptTimeout();

        assertUnavailable(importCsv("u1", journalId, csv));
        assertLedgerConsistent("u1", journalId);

        faults.clearRules();
        HttpResult retry = importCsv("u1", journalId, csv);
        assertEquals(200, retry.status(), retry.toString());
        assertEquals(120, retry.body().get("acceptedCount").asInt() + retry.body().get("duplicateCount").asInt());
        assertSameLedger("u1", journalId, referenceImport(csv));
    }

    // ---- helpers

    private static void assertUnavailable(HttpResult result) {
        assertEquals(503, result.status(), result.toString());
        assertEquals("TEMPORARILY_UNAVAILABLE", result.errorCode());
        assertEquals("1", result.headers().get("retry-after"));
    }

    private HttpResult importCsv(String user, String sessionId, String csv) {
        return api.invoke(TradingApi.event("import-trades-csv", user).body(csv).header("content-type", "text/csv")
                .query("sessionId", sessionId));
    }

    /** {@code n} buys of AAPL an hour apart, at prices with cents. */
    private static String buys(int n) {
        StringBuilder csv = new StringBuilder(HEADER);
        Instant time = Instant.parse("2022-01-03T15:00:00Z");
        for (int i = 0; i < n; i++) {
            csv.append(time.plusSeconds(3600L * i)).append(",AAPL,BUY,1,").append(new BigDecimal("180.01")
                    .add(BigDecimal.valueOf(i, 2))).append(",0.10\n");
        }
        return csv.toString();
    }

    /** The same order placed by another user with no faults: the session to compare with. */
    private Ledger reference(String order) {
        faults.clearRules();
        String sessionId = api.session("ref");
        assertEquals(201, api.order("ref", sessionId, "ref-key", order).status());
        return ledger("ref", sessionId);
    }

    private Ledger referenceImport(String csv) {
        faults.clearRules();
        String journalId = api.session("ref", JOURNAL);
        assertEquals(200, importCsv("ref", journalId, csv).status());
        return ledger("ref", journalId);
    }

    /** What a session holds, without its ids: the portfolio and how many items of each kind are stored. */
    private record Ledger(JsonNode portfolio, Map<String, Integer> items) {
    }

    private Ledger ledger(String user, String sessionId) {
        ObjectNode portfolio = (ObjectNode) api.portfolio(user, sessionId).deepCopy();
        portfolio.remove("sessionId");
        portfolio.get("positions").forEach(p -> ((ObjectNode) p).remove("positionId"));
        Map<String, Integer> kinds = new TreeMap<>();
        for (Map<String, AttributeValue> item : items(user)) {
            String sk = item.get("sk").s();
            kinds.merge(sk.substring(0, sk.indexOf('#') < 0 ? sk.length() : sk.indexOf('#')), 1, Integer::sum);
        }
        return new Ledger(portfolio, kinds);
    }

    private void assertSameLedger(String user, String sessionId, Ledger expected) {
        Ledger actual = ledger(user, sessionId);
        assertEquals(expected.portfolio(), actual.portfolio());
        assertEquals(expected.items(), actual.items());
    }

    /** Cash, position and equity points agree with the stored trades, to the cent. */
    private void assertLedgerConsistent(String user, String journalId) {
        List<JsonNode> trades = api.all("list-trades", user, journalId, 1000);
        BigDecimal spent = BigDecimal.ZERO;
        for (JsonNode trade : trades) {
            spent = spent.add(TradingApi.decimal(trade, "price").multiply(TradingApi.decimal(trade, "quantity")))
                    .add(TradingApi.decimal(trade, "fees"));
        }
        JsonNode portfolio = api.portfolio(user, journalId);
        assertEquals(new BigDecimal("10000").subtract(spent).setScale(2, RoundingMode.UNNECESSARY),
                TradingApi.money(portfolio, "cash"));
        assertEquals(trades.size(), portfolio.get("positions").get(0).get("quantity").asInt());
        assertEquals(trades.size(), api.all("get-equity", user, journalId, 1000).stream()
                .filter(point -> point.get("kind").asText().equals("FILL")).count(), "one equity point per fill");
        assertFalse(trades.isEmpty());
    }

    /** Every item of the user's partitions, in key order. */
    private List<Map<String, AttributeValue>> items(String user) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = LocalDynamoDb.client().scan(ScanRequest.builder().tableName(table)
                    .consistentRead(true).exclusiveStartKey(start).build());
            page.items().stream().filter(i -> i.get("pk").s().equals("USER#" + user)
                    || i.get("pk").s().startsWith("USER#" + user + "#")).forEach(items::add);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        items.sort(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("pk").s())
                .thenComparing(i -> i.get("sk").s()));
        return items;
    }
}
