package dev.tradewind.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.testing.DynamoFaults;
import dev.tradewind.testing.HttpResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Backtests over real BTCUSDT hourly bars in DynamoDB Local, and the proof that they run the paper-trading engine:
 * a paper session fed the backtest's orders at the same moments on the replay clock ends with the same trades, cash
 * and equity, to the cent.
 */
class BacktestIT {

    /** After the range below: every bar of it has closed. */
    private static final Instant NOW = Instant.parse("2022-01-12T00:00:00Z");
    private static final String RSI_STRATEGY = "{\"type\":\"rules\","
            + "\"entry\":{\"all\":[{\"indicator\":\"rsi\",\"period\":14,\"op\":\"<\",\"value\":40}]},"
            + "\"exit\":{\"any\":[{\"indicator\":\"rsi\",\"period\":14,\"op\":\">\",\"value\":60}]},"
            + "\"positionFraction\":0.5}";

    private TradingApi api;

    @BeforeEach
    void setUp() {
        api = new TradingApi(NOW);
    }

    private HttpResult backtest(String user, String body) {
        return api.invoke(TradingApi.event("create-backtest", user).body(body));
    }

    private HttpResult backtest(String user, String idempotencyKey, String body) {
        return api.invoke(TradingApi.event("create-backtest", user).header("idempotency-key", idempotencyKey)
                .body(body));
    }

    private int stored(String user) {
        return api.invoke(TradingApi.event("list-backtests", user)).body().get("items").size();
    }

    private static String request(String strategy) {
        return request(strategy, "2022-01-03", "2022-01-11");
    }

    private static String request(String strategy, String from, String to) {
        return "{\"symbol\":\"BTCUSDT\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"startingCash\":10000,"
                + "\"feesBps\":10,\"slippageBps\":5,\"strategy\":" + strategy + "}";
    }

    @Test
    void aPaperSessionFedTheSameOrders_endsWithTheSameTradesCashAndEquity() {
        HttpResult created = backtest("u1", request(RSI_STRATEGY));
        assertEquals(201, created.status(), created.toString());
        List<JsonNode> trades = list(created.body().get("trades"));
        assertTrue(trades.size() >= 4, "the strategy trades over these days: " + trades.size());
        assertSameAsAPaperSession(created.body());
    }

    @Test
    void createBacktest_saveAppliedButItsAnswerLost_sdkRetryAnswers201WithTheStoredBacktest() {
        DynamoFaults faults = new DynamoFaults();
        api = new TradingApi(NOW, Map.of(), List.of(faults));
        faults.on("PutItem").matching(request -> request instanceof PutItemRequest put
                && put.item().get("sk").s().startsWith("BACKTEST#")).afterSend().times(1).internalServerError();

        HttpResult created = backtest("u1", request(RSI_STRATEGY));

        assertEquals(201, created.status(), created.toString());
        assertEquals(1, faults.injected("PutItem"));
        HttpResult stored = api.invoke(TradingApi.event("get-backtest", "u1")
                .pathParameter("backtestId", created.body().get("id").asText()));
        assertEquals(200, stored.status(), stored.toString());
        assertEquals(created.body().get("endingEquity").decimalValue(),
                stored.body().get("endingEquity").decimalValue());
    }

    @Test
    void createBacktest_sameIdempotencyKeyAndBody_storesOneBacktestAndReplaysTheFirstAnswer() {
        HttpResult first = backtest("u1", "key-1", request(RSI_STRATEGY));
        assertEquals(201, first.status(), first.toString());
        assertFalse(first.headers().containsKey("idempotent-replayed"));
        api.clock.advance(Duration.ofMinutes(30));

        HttpResult retry = backtest("u1", "key-1", request(RSI_STRATEGY));

        assertEquals(201, retry.status(), retry.toString());
        assertEquals(first.body(), retry.body());
        assertEquals("true", retry.headers().get("idempotent-replayed"));
        assertEquals(first.headers().get("location"), retry.headers().get("location"));
        assertEquals(1, stored("u1"));
        HttpResult otherUser = backtest("u2", "key-1", request(RSI_STRATEGY));
        assertEquals(201, otherUser.status(), otherUser.toString());
        assertFalse(otherUser.headers().containsKey("idempotent-replayed"), "keys are per user");
        assertFalse(first.body().get("id").equals(otherUser.body().get("id")));
    }

    @Test
    void createBacktest_sameIdempotencyKeyWithAnotherBody_is422AndStoresNothing() {
        assertEquals(201, backtest("u1", "key-1", request(RSI_STRATEGY)).status());

        HttpResult other = backtest("u1", "key-1", request(RSI_STRATEGY.replace("\"value\":40", "\"value\":35")));

        assertEquals(422, other.status(), other.toString());
        assertEquals("IDEMPOTENCY_KEY_REUSED", other.errorCode());
        HttpResult malformed = backtest("u1", "has spaces", request(RSI_STRATEGY));
        assertEquals(400, malformed.status(), malformed.toString());
        assertEquals("INVALID_IDEMPOTENCY_KEY", malformed.errorCode());
        assertEquals(1, stored("u1"));
    }

    @Test
    void createBacktest_storedButItsAnswerLost_retryWithTheKeyAnswersTheStoredOneWithoutRunningItAgain() {
        DynamoFaults faults = new DynamoFaults();
        api = new TradingApi(NOW, Map.of(), List.of(faults));
        faults.on("TransactWriteItems").afterSend().attemptTimeout();

        HttpResult lost = backtest("u1", "key-1", request(RSI_STRATEGY));

        assertEquals(503, lost.status(), lost.toString());
        JsonNode listed = api.invoke(TradingApi.event("list-backtests", "u1")).body().get("items");
        assertEquals(1, listed.size(), "DynamoDB stored it; only the answer was lost");
        faults.clearRules();
        int barReads = faults.attempts("Query");
        HttpResult retry = backtest("u1", "key-1", request(RSI_STRATEGY));
        assertEquals(201, retry.status(), retry.toString());
        assertEquals("true", retry.headers().get("idempotent-replayed"));
        assertEquals(barReads, faults.attempts("Query"), "the stored backtest answered: no bar was read again");
        assertEquals(listed.get(0).get("id"), retry.body().get("id"));
        assertEquals(0, listed.get(0).get("endingEquity").decimalValue().compareTo(retry.body().get("endingEquity")
                .decimalValue()));
        assertEquals(1, stored("u1"));
    }

    @Test
    void createBacktest_concurrentRequestsWithOneIdempotencyKey_storeOneBacktest() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (HttpResult r : TradingApi.atOnce(4, () -> backtest("u1", "same-key", request(RSI_STRATEGY)))) {
            assertEquals(201, r.status(), r.toString());
            bodies.add(r.body().toString());
        }
        assertEquals(1, bodies.stream().distinct().count(), "every request got the first answer");
        assertEquals(1, stored("u1"));
    }

    @Test
    void severalSymbols_shareTheCash_andAPaperSessionFedTheSameOrdersEndsTheSame() {
        // The same extra days as AllocationIT: the table is shared, and other tests rely on ETH ending on 01-08.
        CandleRepository candles = new CandleRepository(api.enhanced, api.env.require("MARKET_TABLE"));
        candles.putAll(TradingApi.window("ETHUSDT", "2021-12-28T00:00:00Z", "2022-01-03T00:00:00Z"));
        candles.putAll(TradingApi.window("BNBUSDT", "2021-12-28T00:00:00Z", "2022-01-08T00:00:00Z"));
        HttpResult created = backtest("u1", request(RSI_STRATEGY).replace("\"symbol\":\"BTCUSDT\"",
                "\"symbols\":[\"BTCUSDT\",\"ETHUSDT\",\"BNBUSDT\"]").replace("2022-01-11", "2022-01-08"));
        assertEquals(201, created.status(), created.toString());
        JsonNode result = created.body();
        assertEquals(List.of("BTCUSDT", "ETHUSDT", "BNBUSDT"), list(result.get("symbols")).stream()
                .map(JsonNode::asText).toList());
        assertTrue(!result.has("symbol"), "symbol is only for a single-symbol backtest");
        List<JsonNode> trades = list(result.get("trades"));
        assertEquals(3, trades.stream().map(t -> t.get("symbol").asText()).distinct().count(),
                "every symbol traded: " + trades.size());
        // One decision per hour, not per symbol and hour: the three series share their bar times here.
        assertEquals(5 * 24, result.get("decisions").asInt());
        assertEquals(3, result.get("buyAndHold").get("holdings").size());
        assertSameAsAPaperSession(result);
    }

    /** Feeds a paper session the backtest's orders at the moments it decided them, and compares. */
    private void assertSameAsAPaperSession(JsonNode result) {
        List<JsonNode> trades = list(result.get("trades"));

        // The same orders, each placed in a paper session at the moment the backtest decided it.
        api.clock.set(Instant.parse(result.get("from").asText()).minusSeconds(1));
        String session = api.session("u1", "{\"name\":\"cross-check\",\"startingCash\":10000,\"feesBps\":10,"
                + "\"slippageBps\":5}");
        for (JsonNode trade : trades) {
            api.clock.set(Instant.parse(trade.get("filledAt").asText()));
            JsonNode order = api.placed("u1", session, TradingApi.market(trade.get("symbol").asText(),
                    trade.get("side").asText(),
                    trade.get("quantity").decimalValue().toPlainString()));
            assertEquals("FILLED", order.get("status").asText(), order.toString());
            assertEquals(0, trade.get("price").decimalValue().compareTo(order.get("fillPrice").decimalValue()),
                    trade + " vs " + order);
            assertEquals(0, trade.get("fees").decimalValue().compareTo(order.get("fees").decimalValue()));
        }
        List<JsonNode> paperTrades = api.all("list-trades", "u1", session, 100);
        paperTrades.sort(Comparator.comparing((JsonNode t) -> t.get("fillNumber").asInt()));
        assertEquals(trades.size(), paperTrades.size());
        for (int i = 0; i < trades.size(); i++) {
            for (String field : List.of("quantity", "price", "grossAmount", "fees", "realizedPnl", "cashAfter",
                    "equityAfter")) {
                assertEquals(0, trades.get(i).get(field).decimalValue().compareTo(
                        paperTrades.get(i).get(field).decimalValue()), field + " of trade " + i + ": "
                        + trades.get(i) + " vs " + paperTrades.get(i));
            }
        }
        // The end of the range: the paper session valued at the backtest's last decision.
        api.clock.set(Instant.parse(result.get("to").asText()));
        JsonNode portfolio = api.portfolio("u1", session);
        assertEquals(0, result.get("endingCash").decimalValue().compareTo(portfolio.get("cash").decimalValue()));
        assertEquals(0, result.get("endingEquity").decimalValue().compareTo(portfolio.get("equity").decimalValue()),
                result.get("endingEquity") + " vs " + portfolio);
    }

    @Test
    void aBacktest_isStoredForItsOwner_andListedNewestFirst_withNoCursorOnTheLastPage() {
        String first = backtest("u1", request(RSI_STRATEGY)).body().get("id").asText();
        api.clock.advance(Duration.ofSeconds(1)); // ids in one millisecond have no order
        HttpResult second = backtest("u1", request(RSI_STRATEGY.replace("\"value\":40", "\"value\":35")));
        String secondId = second.body().get("id").asText();
        assertEquals("/v1/backtests/" + secondId, second.headers().get("location"));

        HttpResult read = api.invoke(TradingApi.event("get-backtest", "u1").pathParameter("backtestId", first));
        assertEquals(200, read.status(), read.toString());
        assertEquals(first, read.body().get("id").asText());
        assertTrue(read.body().get("metrics").has("totalReturn"), read.toString());
        assertTrue(read.body().get("buyAndHold").has("totalReturn"), read.toString());

        HttpResult list = api.invoke(TradingApi.event("list-backtests", "u1"));
        assertEquals(List.of(secondId, first), list(list.body().get("items")).stream().map(b -> b.get("id").asText())
                .toList());
        assertTrue(list.body().get("items").get(0).has("buyAndHoldReturn"));
        // docs/api.md#paging: an exactly full last page has no cursor; one a page, the second page is the last.
        assertFalse(api.invoke(TradingApi.event("list-backtests", "u1").query("limit", "2")).body()
                .has("nextCursor"));
        HttpResult one = api.invoke(TradingApi.event("list-backtests", "u1").query("limit", "1"));
        HttpResult next = api.invoke(TradingApi.event("list-backtests", "u1").query("limit", "1")
                .query("cursor", one.body().get("nextCursor").asText()));
        assertEquals(first, next.body().get("items").get(0).get("id").asText(), next.toString());
        assertFalse(next.body().has("nextCursor"), next.toString());

        HttpResult foreign = api.invoke(TradingApi.event("get-backtest", "u2").pathParameter("backtestId", first));
        assertEquals(404, foreign.status(), "another user's backtest does not exist for them");
        assertEquals(0, api.invoke(TradingApi.event("list-backtests", "u2")).body().get("items").size());
    }

    @Test
    void aSweep_ranksEveryCombination_andSaysHowFarTheBestCanBeTrusted() {
        String body = request(RSI_STRATEGY).replaceFirst("}$", ",\"grid\":{\"/entry/all/0/value\":[30,35,40],"
                + "\"/exit/any/0/value\":[60,65,70]}}");
        HttpResult swept = api.invoke(TradingApi.event("create-sweep", "u1").body(body));
        assertEquals(200, swept.status(), swept.toString());
        JsonNode answer = swept.body();
        assertEquals(9, answer.get("combinations").asInt());
        List<JsonNode> ranked = list(answer.get("ranked"));
        assertEquals(9, ranked.size());
        for (int i = 1; i < ranked.size(); i++) {
            assertTrue(ranked.get(i - 1).get("sharpe").asDouble() >= ranked.get(i).get("sharpe").asDouble(),
                    "ranked by Sharpe ratio: " + ranked);
        }
        assertEquals(ranked.getFirst().get("parameters"), answer.get("best").get("parameters"));
        JsonNode dsr = answer.get("best").get("deflatedSharpe");
        double probability = dsr.get("probability").asDouble();
        assertTrue(probability >= 0 && probability <= 1, dsr.toString());
        assertEquals(9, dsr.get("trials").asInt());
        JsonNode pbo = answer.get("pbo");
        assertEquals(12870, pbo.get("splits").asInt(), answer.toString());

        // The sweep's best combination, run alone, is the same backtest.
        JsonNode parameters = answer.get("best").get("parameters");
        String alone = RSI_STRATEGY.replace("\"value\":40", "\"value\":" + parameters.get("/entry/all/0/value")
                .asInt()).replace("\"value\":60", "\"value\":" + parameters.get("/exit/any/0/value").asInt());
        HttpResult single = backtest("u1", request(alone));
        assertEquals(0, ranked.getFirst().get("endingEquity").decimalValue()
                .compareTo(single.body().get("endingEquity").decimalValue()), single.body().get("endingEquity")
                + " vs " + ranked.getFirst());

        HttpResult tooMany = api.invoke(TradingApi.event("create-sweep", "u1").body(body.replace("[30,35,40]",
                "[10,15,20,25,30,35,40]").replace("[60,65,70]", "[55,60,65,70,75,80,85,90]")));
        assertEquals(400, tooMany.status(), "56 combinations");
        HttpResult notANumber = api.invoke(TradingApi.event("create-sweep", "u1").body(body.replace(
                "/exit/any/0/value", "/exit/any/0/op")));
        assertEquals(400, notANumber.status(), "a grid points at numbers only");
    }

    @Test
    void aSweepOverIndicatorPeriods_runsEachCombinationOnTheHistoryItWouldHaveAlone() {
        api.clock.set(Instant.parse("2022-01-20T00:00:00Z"));
        // RSI(28) at the first decision (2022-01-10 01:00 close) is 46.8153 over the 140 bars of history it has alone
        // and 46.7488 over the 300 of a period-60 combination: a threshold between them tells the two apart.
        String rsi28 = "{\"type\":\"rules\",\"entry\":{\"all\":[{\"indicator\":\"rsi\",\"period\":28,\"op\":\"<\","
                + "\"value\":46.78}]},\"exit\":{\"any\":[{\"indicator\":\"rsi\",\"period\":28,\"op\":\">\","
                + "\"value\":60}]}}";
        String body = request(rsi28, "2022-01-10", "2022-01-19").replaceFirst("}$",
                ",\"grid\":{\"/entry/all/0/period\":[28,60]}}");
        HttpResult swept = api.invoke(TradingApi.event("create-sweep", "u1").body(body));
        assertEquals(200, swept.status(), swept.toString());
        JsonNode row = list(swept.body().get("ranked")).stream()
                .filter(r -> r.get("parameters").get("/entry/all/0/period").asInt() == 28).findFirst().orElseThrow();

        HttpResult alone = backtest("u1", request(rsi28, "2022-01-10", "2022-01-19"));

        assertEquals(201, alone.status(), alone.toString());
        assertEquals(alone.body().get("tradeCount").asInt(), row.get("trades").asInt(), row.toString());
        assertEquals(0, alone.body().get("endingEquity").decimalValue().compareTo(row.get("endingEquity")
                .decimalValue()), alone.body().get("endingEquity") + " alone vs " + row);
    }

    @Test
    void requestsThatCannotRun_areRefusedWithTheReason() {
        assertEquals("VALIDATION_FAILED", backtest("u1", request("{\"type\":\"rules\",\"entry\":{\"all\":[{"
                + "\"indicator\":\"stochastic\",\"op\":\"<\",\"value\":20}]}}")).errorCode());
        for (String symbols : List.of("\"symbols\":[]", "\"symbols\":[\"BTCUSDT\",\"BTCUSDT\"]",
                "\"symbols\":[\"BTCUSDT\"],\"symbol\":\"BTCUSDT\"", "\"symbols\":\"BTCUSDT\"")) {
            HttpResult refused = backtest("u1", request(RSI_STRATEGY).replace("\"symbol\":\"BTCUSDT\"", symbols));
            assertEquals(400, refused.status(), symbols + " -> " + refused);
        }
        assertEquals("MIXED_INTERVALS", backtest("u1", request(RSI_STRATEGY).replace("\"symbol\":\"BTCUSDT\"",
                "\"symbols\":[\"BTCUSDT\",\"AAPL\"]")).errorCode());
        HttpResult unknown = backtest("u1", request(RSI_STRATEGY).replace("BTCUSDT", "NOPE"));
        assertEquals("UNKNOWN_SYMBOL", unknown.errorCode());
        HttpResult future = backtest("u1", request(RSI_STRATEGY).replace("2022-01-11", "2023-01-01"));
        assertEquals(400, future.status(), "to is after now");
        HttpResult empty = backtest("u1", request(RSI_STRATEGY).replace("2022-01-03", "2019-01-01")
                .replace("2022-01-11", "2019-01-02"));
        assertEquals("NO_BARS", empty.errorCode());
        HttpResult cash = backtest("u1", request(RSI_STRATEGY).replace("10000", "10000.001"));
        assertEquals(400, cash.status());
        assertEquals(0, api.invoke(TradingApi.event("list-backtests", "u1")).body().get("items").size(),
                "nothing refused was stored");
    }

    /** Without {@code to} the range ends now (docs/trading.md#backtests): a later {@code from} is wrong in itself. */
    @Test
    void backtest_fromInTheFutureWithoutTo_is400NamingNow_notAToThatWasNotSent() {
        HttpResult refused = backtest("u1", "{\"symbol\":\"BTCUSDT\",\"from\":\"2023-01-01\",\"startingCash\":10000,"
                + "\"strategy\":" + RSI_STRATEGY + "}");

        assertEquals(400, refused.status(), refused.toString());
        assertEquals("VALIDATION_FAILED", refused.errorCode());
        assertEquals("from must be before now, the default of to", refused.body().at("/error/message").asText());
    }

    @Test
    void aSweepsInvalidStrategy_isRefusedOnce_andAnInvalidGridValueIsNamedInTheGrid() {
        String grid = ",\"grid\":{\"/entry/all/0/value\":[30,35,40],\"/exit/any/0/value\":[60,65,70]}}";
        HttpResult badPeriod = api.invoke(TradingApi.event("create-sweep", "u1").body(request(RSI_STRATEGY
                .replace("\"period\":14,\"op\":\"<\"", "\"period\":1,\"op\":\"<\"")).replaceFirst("}$", grid)));

        assertEquals(400, badPeriod.status(), badPeriod.toString());
        assertEquals("strategy.entry.all[0].period must be a whole number from 2 to 200",
                badPeriod.body().get("error").get("message").asText(), "one problem, said once: " + badPeriod);

        HttpResult badValue = api.invoke(TradingApi.event("create-sweep", "u1").body(request(RSI_STRATEGY)
                .replaceFirst("}$", ",\"grid\":{\"/positionFraction\":[0.5,2]}}")));

        assertEquals(400, badValue.status(), badValue.toString());
        JsonNode details = badValue.body().get("error").get("details");
        assertEquals(1, details.size(), details.toString());
        assertEquals("grid./positionFraction", details.get(0).get("field").asText(),
                "the strategy as sent (0.5) is valid; the grid's 2 is not: " + details);
        assertTrue(details.get(0).get("message").asText().contains("2"), details.toString());
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
