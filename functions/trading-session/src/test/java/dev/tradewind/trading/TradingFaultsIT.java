package dev.tradewind.trading;

import static dev.tradewind.trading.TradingApi.limit;
import static dev.tradewind.trading.TradingApi.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.trading.TradingReader;
import dev.tradewind.testing.DynamoFaults;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Order placement and trade import with DynamoDB failing under them (testing's {@link DynamoFaults} on the handler's
 * client, over DynamoDB Local). After every fault the stored state is either untouched or exactly what a fault-free
 * request by another user stored (cash, positions, orders, trades, equity points, idempotency records, to the cent),
 * a retry has exactly one effect, and the caller gets 503 with Retry-After, never a 500.
 */
class TradingFaultsIT {

    private static final String HEADER = "time,symbol,side,quantity,price,fees\n";
    private static final String JOURNAL = "{\"name\":\"broker\",\"type\":\"JOURNAL\",\"startingCash\":10000}";
    private static final Instant EARLY = Instant.parse("2021-12-01T15:00:00Z");
    private static final Instant LATER = Instant.parse("2021-12-20T15:00:00Z");

    @RegisterExtension
    final DynamoFaults faults = new DynamoFaults();

    private TradingApi api;
    private String table;

    @BeforeEach
    void setUp() {
        api = new TradingApi(TradingApi.DEFAULT_START, Map.of(), List.of(faults));
        table = api.env.require("TRADING_TABLE");
    }

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

    /** A ValidationError is a bug in the request, not a race: retrying it 40 times and asking for more is wrong. */
    @Test
    void placeOrder_transactionCancelledForValidation_returns500AtOnce_notConcurrentUpdate() {
        String sessionId = api.session("u1");
        List<Map<String, AttributeValue>> before = items("u1");
        faults.on("TransactWriteItems").transactionCanceled("ValidationError");

        HttpResult result = api.order("u1", sessionId, "key-1", market("BTCUSDT", "BUY", "0.1"));

        assertEquals(500, result.status(), result.toString());
        assertEquals("INTERNAL_ERROR", result.errorCode());
        assertEquals(1, faults.injected(), "not retried");
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

    @Test
    void importTrades_faultMidway_allOrNothing() {
        String journalId = api.session("u1", JOURNAL);
        List<Map<String, AttributeValue>> before = items("u1");
        String csv = buys(10, LATER);
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
     * A 150-row import is staged (the journal marked, the rows written invisibly in four chunks, then one transaction
     * that commits them): a fault on a later chunk leaves nothing visible to any reader, and the same file again
     * applies it exactly once.
     */
    @ParameterizedTest(name = "chunk {0} fails")
    @ValueSource(ints = {2, 3})
    void importTrades_150Rows_chunkFails_nothingVisible_andTheSameFileAgainAppliesOnce(int chunk) {
        String journalId = api.session("u1", JOURNAL);
        assertEquals(200, importCsv("u1", journalId, buys(5, EARLY)).status());
        Visible before = visible("u1", journalId);
        int storedBefore = items("u1").size();
        String csv = buys(150, LATER);
        faults.on("TransactWriteItems").passFirst(chunk); // the mark, then chunk - 1 chunks

        assertUnavailable(importCsv("u1", journalId, csv));

        assertTrue(items("u1").size() > storedBefore, "rows were staged");
        assertEquals(before, visible("u1", journalId));
        faults.clearRules();
        HttpResult retry = importCsv("u1", journalId, csv);
        assertEquals(200, retry.status(), retry.toString());
        assertEquals(150, retry.body().get("acceptedCount").asInt());
        assertEquals(0, retry.body().get("duplicateCount").asInt());
        assertSameLedger("u1", journalId, referenceImport(buys(5, EARLY), csv));
    }

    /** Every chunk staged, then the transaction that commits them fails: nothing counts, and the resend counts once. */
    @Test
    void importTrades_150Rows_commitFails_nothingVisible_andTheSameFileAgainAppliesOnce() {
        String journalId = api.session("u1", JOURNAL);
        Visible before = visible("u1", journalId);
        String csv = buys(150, LATER);
        faults.on("TransactWriteItems").passFirst(5); // the mark and four chunks

        assertUnavailable(importCsv("u1", journalId, csv));

        assertEquals(before, visible("u1", journalId));
        faults.clearRules();
        HttpResult retry = importCsv("u1", journalId, csv);
        assertEquals(200, retry.status(), retry.toString());
        assertEquals(150, retry.body().get("acceptedCount").asInt());
        assertSameLedger("u1", journalId, referenceImport(csv));
    }

    /** The commit reached DynamoDB but its answer was lost: the import is whole, and the resend finds it all there. */
    @Test
    void importTrades_150Rows_commitAnswerLost_theSameFileAgainFindsEveryRow() {
        String journalId = api.session("u1", JOURNAL);
        String csv = buys(150, LATER);
        faults.on("TransactWriteItems").passFirst(5).afterSend().attemptTimeout();

        assertUnavailable(importCsv("u1", journalId, csv));

        faults.clearRules();
        assertEquals(150, api.all("list-trades", "u1", journalId, 1000).size(), "committed whole");
        HttpResult retry = importCsv("u1", journalId, csv);
        assertEquals(200, retry.status(), retry.toString());
        assertEquals(150, retry.body().get("duplicateCount").asInt());
        assertSameLedger("u1", journalId, referenceImport(csv));
    }

    /** A client that retries before its first attempt answered: the two staged imports of one file apply it once. */
    @Test
    void importTrades_150Rows_sameFileTwiceAtOnce_appliesOnce() throws Exception {
        String journalId = api.session("u1", JOURNAL);
        String csv = buys(150, LATER);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResult>> sent = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                sent.add(pool.submit(() -> {
                    start.await();
                    return importCsv("u1", journalId, csv);
                }));
            }
            start.countDown();
            int accepted = 0;
            for (Future<HttpResult> answer : sent) {
                HttpResult result = answer.get();
                assertEquals(200, result.status(), result.toString());
                accepted += result.body().get("acceptedCount").asInt();
            }
            assertEquals(150, accepted, "each row accepted by one of the two");
        } finally {
            pool.shutdownNow();
        }
        assertSameLedger("u1", journalId, referenceImport(csv));
    }

    /**
     * Another file while an import is pending is refused until the pending one's lease ends; then the new import
     * removes the abandoned rows and applies alone.
     */
    @Test
    void importTrades_anotherFileWhileOneIsPending_is409_andAfterTheLeaseReplacesTheAbandonedRows() {
        String journalId = api.session("u1", JOURNAL);
        faults.on("TransactWriteItems").passFirst(2);
        assertUnavailable(importCsv("u1", journalId, buys(150, LATER)));
        faults.clearRules();
        String other = buys(120, LATER.plusSeconds(1800));

        HttpResult refused = importCsv("u1", journalId, other);

        assertEquals(409, refused.status(), refused.toString());
        assertEquals("IMPORT_IN_PROGRESS", refused.errorCode());
        assertEquals("120", refused.headers().get("retry-after"));
        api.clock.advance(Duration.ofMinutes(2));
        HttpResult applied = importCsv("u1", journalId, other);
        assertEquals(200, applied.status(), applied.toString());
        assertEquals(120, applied.body().get("acceptedCount").asInt());
        assertSameLedger("u1", journalId, referenceImport(other)); // the abandoned rows are gone
    }

    /**
     * Taking a journal over removes the abandoned import's staged rows in transactions of up to a hundred deletes
     * (each still conditioned on its row being uncommitted), not one DeleteItem per row: 600 rows cost at most 6
     * more write calls than the same file into an empty journal.
     */
    @Test
    void importTrades_afterAnAbandoned300RowImport_removesItsRowsInBatchesOfAHundred() {
        String journalId = api.session("u1", JOURNAL);
        faults.on("TransactWriteItems").passFirst(8); // the mark and seven chunks: the commit fails
        assertUnavailable(importCsv("u1", journalId, buys(300, LATER)));
        faults.clearRules();
        String other = buys(120, LATER.plusSeconds(1800));
        api.clock.advance(Duration.ofMinutes(2));
        int before = writeCalls();

        HttpResult applied = importCsv("u1", journalId, other);

        assertEquals(200, applied.status(), applied.toString());
        int takeover = writeCalls() - before;
        Ledger expected = referenceImport(other);
        int reference = writeCalls() - before - takeover;
        assertEquals(0, faults.attempts("DeleteItem"), "no delete row by row");
        assertTrue(takeover <= reference + 6, "takeover write calls: " + takeover
                + ", the same file into an empty journal: " + reference);
        assertSameLedger("u1", journalId, expected); // the abandoned rows are gone
    }

    /**
     * A batch of deletes cancelled because one of its rows no longer qualifies (removed or committed meanwhile) is
     * retried row by row: the other rows of the batch are still removed.
     */
    @Test
    void importTrades_afterAnAbandonedImport_aDeleteBatchCancelledForOneRow_stillRemovesTheOthers() {
        String journalId = api.session("u1", JOURNAL);
        faults.on("TransactWriteItems").passFirst(5); // the mark and four chunks: the commit fails
        assertUnavailable(importCsv("u1", journalId, buys(150, LATER)));
        faults.clearRules();
        String other = buys(120, LATER.plusSeconds(1800));
        api.clock.advance(Duration.ofMinutes(2));
        int injected = faults.injected("TransactWriteItems");
        faults.on("TransactWriteItems").matching(TradingFaultsIT::deletes).times(1)
                .transactionCanceled("ConditionalCheckFailed");

        HttpResult applied = importCsv("u1", journalId, other);

        assertEquals(200, applied.status(), applied.toString());
        assertEquals(injected + 1, faults.injected("TransactWriteItems"), "one batch cancelled");
        assertSameLedger("u1", journalId, referenceImport(other)); // the abandoned rows are gone
    }

    /** Retry-After is the lease's rest rounded up: a retry that waits exactly that long is not refused again. */
    @Test
    void importTrades_anotherFileWhileOneIsPending_retryAfterCoversTheRestOfTheLease() {
        String journalId = api.session("u1", JOURNAL);
        faults.on("TransactWriteItems").passFirst(2);
        assertUnavailable(importCsv("u1", journalId, buys(150, LATER)));
        faults.clearRules();
        api.clock.advance(Duration.ofMillis(500));
        String other = buys(1, LATER.plusSeconds(1800));

        HttpResult refused = importCsv("u1", journalId, other);

        assertEquals(409, refused.status(), refused.toString());
        assertEquals("120", refused.headers().get("retry-after"), "119.5 s of the lease are left");
        api.clock.advance(Duration.ofSeconds(Long.parseLong(refused.headers().get("retry-after"))));
        HttpResult retried = importCsv("u1", journalId, other);
        assertEquals(200, retried.status(), retried.toString());
    }

    /** Staged imports of different files racing: each is applied whole or refused, none loses another's rows. */
    @Test
    void importTrades_threeFilesAtOnce_everyAcceptedRowIsListedAndCounted() throws Exception {
        for (int round = 0; round < 3; round++) {
            String journalId = api.session("u1", JOURNAL);
            List<String> files = List.of(buys(150, Instant.parse("2021-11-01T00:00:00Z")), buys(150, EARLY),
                    buys(30, LATER));
            List<HttpResult> answers = TradingApi.atOnce(files.stream()
                    .<Callable<HttpResult>>map(csv -> () -> importCsv("u1", journalId, csv))
                    .toList());
            int accepted = 0;
            for (HttpResult answer : answers) {
                assertTrue(answer.status() == 200 || answer.status() == 409, answer.toString());
                accepted += answer.status() == 200 ? answer.body().get("acceptedCount").asInt() : 0;
            }
            assertEquals(accepted, api.all("list-trades", "u1", journalId, 1000).size(), answers.toString());
            assertEquals(accepted, api.sessionView("u1", journalId).get("tradeCount").asInt());
        }
    }

    /** A staged import touches every position in its last transaction, so 100 symbols are refused before any write. */
    @Test
    void importTrades_tooManySymbols_is422_andWritesNothing() {
        String journalId = api.session("u1", JOURNAL);
        List<Map<String, AttributeValue>> before = items("u1");
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 100; i++) {
            csv.append(LATER.plusSeconds(60L * i)).append(",SYM").append(i).append(",BUY,1,10,0\n");
        }

        HttpResult result = importCsv("u1", journalId, csv.toString());

        assertEquals(422, result.status(), result.toString());
        assertEquals("TOO_MANY_SYMBOLS", result.errorCode());
        assertEquals(before, items("u1"));
    }

    /** Without sessionId, the refusal comes before the default journal is created too. */
    @Test
    void importTrades_tooManySymbols_withoutSessionId_is422_andCreatesNoJournal() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 100; i++) {
            csv.append(LATER.plusSeconds(60L * i)).append(",SYM").append(i).append(",BUY,1,10,0\n");
        }

        HttpResult result = api.invoke(TradingApi.event("import-trades-csv", "u1").body(csv.toString())
                .header("content-type", "text/csv"));

        assertEquals(422, result.status(), result.toString());
        assertEquals("TOO_MANY_SYMBOLS", result.errorCode());
        assertEquals(List.of(), items("u1"));
    }

    /** The transaction creating the default journal lost to a concurrent one: nothing was written, so try again. */
    @Test
    void importTrades_withoutSessionId_journalCreationConflictsOnce_createsOneJournalAndImports() {
        faults.on("TransactWriteItems").transactionCanceled("TransactionConflict").times(1);

        HttpResult result = importDefault("u1", buys(2, LATER));

        assertEquals(200, result.status(), result.toString());
        assertEquals(2, result.body().get("acceptedCount").asInt());
        assertEquals(1, faults.injected());
        String journalId = result.body().get("sessionId").asText();
        assertEquals(1, api.all("list-sessions", "u1", null, 100).size());
        faults.clearRules();
        HttpResult reference = importDefault("ref", buys(2, LATER));
        assertSameLedger("u1", journalId, ledger("ref", reference.body().get("sessionId").asText()));
    }

    /** Same, once the user stopped the default journal: the rows go into a new one, not the stopped one (409). */
    @Test
    void importTrades_withoutSessionId_replacingAStoppedJournalConflictsOnce_importsIntoTheNewJournal() {
        String stopped = importDefault("u1", buys(1, EARLY)).body().get("sessionId").asText();
        assertEquals(200, api.invoke(TradingApi.event("stop-session", "u1").pathParameter("sessionId", stopped))
                .status());
        faults.on("TransactWriteItems").transactionCanceled("TransactionConflict").times(1);

        HttpResult result = importDefault("u1", buys(2, LATER));

        assertEquals(200, result.status(), result.toString());
        assertEquals(2, result.body().get("acceptedCount").asInt());
        assertTrue(!stopped.equals(result.body().get("sessionId").asText()), result.toString());
    }

    /** The write calls made so far: one per transaction or single-item delete. */
    private int writeCalls() {
        return faults.attempts("TransactWriteItems") + faults.attempts("DeleteItem");
    }

    private static boolean deletes(SdkRequest request) {
        return request instanceof TransactWriteItemsRequest write && write.transactItems().getFirst().delete() != null;
    }

    private static void assertUnavailable(HttpResult result) {
        assertEquals(503, result.status(), result.toString());
        assertEquals("TEMPORARILY_UNAVAILABLE", result.errorCode());
        assertEquals("1", result.headers().get("retry-after"));
    }

    private HttpResult importCsv(String user, String sessionId, String csv) {
        return api.invoke(TradingApi.event("import-trades-csv", user).body(csv).header("content-type", "text/csv")
                .query("sessionId", sessionId));
    }

    private HttpResult importDefault(String user, String csv) {
        return api.invoke(TradingApi.event("import-trades-csv", user).body(csv).header("content-type", "text/csv"));
    }

    /** {@code n} buys of AAPL an hour apart from {@code time}, at prices with cents. */
    private static String buys(int n, Instant time) {
        StringBuilder csv = new StringBuilder(HEADER);
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

    /** The files imported in this order by another user with no faults. */
    private Ledger referenceImport(String... files) {
        faults.clearRules();
        String journalId = api.session("ref", JOURNAL);
        for (String csv : files) {
            assertEquals(200, importCsv("ref", journalId, csv).status());
        }
        return ledger("ref", journalId);
    }

    /**
     * What every reader shows of a journal: the trade list (both orders; newest first in small pages, which meet the
     * rows staged after the committed ones first), equity, performance, portfolio and the shared reader.
     */
    private record Visible(List<JsonNode> trades, List<JsonNode> tradesNewestFirst, List<JsonNode> equity,
                           JsonNode performance, JsonNode portfolio, List<TradeRecord> sessionTrades,
                           List<TradeRecord> userTrades) {
    }

    private Visible visible(String user, String journalId) {
        HttpResult performance = api.sessionGet("get-performance", user, journalId);
        assertEquals(200, performance.status(), performance.toString());
        TradingReader reader = api.reader();
        return new Visible(api.all("list-trades", user, journalId, 1000),
                api.all("list-trades", user, journalId, 7, Map.of("order", "newest")),
                api.all("get-equity", user, journalId, 1000), performance.body(), api.portfolio(user, journalId),
                reader.tradesOfSession(user, journalId, null, null, 1000, null, false).items(),
                reader.tradesOfUser(user, null, null, 1000, null, false).items());
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

    /** Every item of the user's partitions, in key order. */
    private List<Map<String, AttributeValue>> items(String user) {
        return LocalDynamoDb.items(table).stream().filter(i -> i.get("pk").s().equals("USER#" + user)
                || i.get("pk").s().startsWith("USER#" + user + "#")).toList();
    }
}
