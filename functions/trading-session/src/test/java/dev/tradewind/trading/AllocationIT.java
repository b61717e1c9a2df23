package dev.tradewind.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** {@code POST /v1/portfolio/optimize} over real bundled candles in DynamoDB Local, at 2022-01-04 15:00 UTC. */
class AllocationIT {

    private static final String CRYPTO = "\"symbols\":[\"BTCUSDT\",\"ETHUSDT\",\"BNBUSDT\"]";

    private TradingApi api;
    private CandleRepository candles;
    /** History one test stored beyond the shared seed: removed after it, so the other tests see the seed only. */
    private final List<Candle> added = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = new TradingApi();
        // The three crypto series over the same days (TradingApi seeds ETH from 01-03 only).
        candles = new CandleRepository(api.enhanced, api.env.require("MARKET_TABLE"));
        candles.putAll(TradingApi.window("ETHUSDT", "2021-12-28T00:00:00Z", "2022-01-03T00:00:00Z"));
        candles.putAll(TradingApi.window("BNBUSDT", "2021-12-28T00:00:00Z", "2022-01-08T00:00:00Z"));
    }

    /** Stores the bundled bars of {@code symbol} opened in [from, to), none of which the seed holds. */
    private void store(String symbol, String from, String to) {
        List<Candle> bars = TradingApi.window(symbol, from, to);
        candles.putAll(bars);
        added.addAll(bars);
    }

    @AfterEach
    void removeAddedHistory() {
        String table = api.env.require("MARKET_TABLE");
        List<WriteRequest> deletes = added.stream().map(c -> WriteRequest.builder().deleteRequest(DeleteRequest
                .builder().key(Map.of("pk", AttributeValue.fromS(CandleRepository.partitionKey(c.symbol(),
                        c.interval())), "sk", AttributeValue.fromS(CandleRepository.sortKey(c.openTime())))).build())
                .build()).toList();
        for (int from = 0; from < deletes.size(); from += 25) {
            Map<String, List<WriteRequest>> batch = Map.of(table, deletes.subList(from,
                    Math.min(deletes.size(), from + 25)));
            while (!batch.isEmpty()) {
                batch = LocalDynamoDb.client().batchWriteItem(BatchWriteItemRequest.builder().requestItems(batch)
                        .build()).unprocessedItems();
            }
        }
    }

    private HttpResult optimize(String body) {
        return api.invoke(TradingApi.event("optimize-portfolio", "u1").body(body));
    }

    private static double sum(JsonNode assets, String field) {
        double total = 0;
        for (JsonNode asset : assets) {
            total += asset.get(field).asDouble();
        }
        return total;
    }

    @Test
    void riskParity_fromTheSampleEvent_givesEachAssetAThirdOfTheRisk() {
        HttpResult result = api.invoke(TradingApi.event("optimize-portfolio", "u1"));
        assertEquals(200, result.status(), result.toString());
        JsonNode answer = result.body();
        assertEquals("risk-parity", answer.get("method").asText());
        assertEquals("1h", answer.get("interval").asText());
        // 15:00: the 15:00 bar is stored but still forming; the newest return ends at the 14:00 bar.
        assertEquals("2022-01-04T14:00:00Z", answer.get("to").asText());
        assertEquals("2021-12-28T00:00:00Z", answer.get("from").asText(), "all the shared history (< lookback)");
        assertEquals(182, answer.get("observations").asInt());
        JsonNode assets = answer.get("assets");
        assertEquals(3, assets.size());
        assertEquals(1, sum(assets, "weight"), 1e-5);
        for (JsonNode asset : assets) {
            assertEquals(1.0 / 3, asset.get("riskContribution").asDouble(), 1e-5, asset.toString());
        }
        double shrinkage = answer.get("shrinkage").asDouble();
        assertTrue(shrinkage >= 0 && shrinkage <= 1, "shrinkage " + shrinkage);
        assertTrue(answer.get("diversificationRatio").asDouble() > 1, answer.toString());
        assertTrue(answer.get("expectedVolatility").asDouble() > 0.1, answer.toString());
    }

    @Test
    void minVariance_withAMaxWeight_keepsEveryWeightUnderIt() {
        HttpResult result = optimize("{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\",\"BNBUSDT\"],\"method\":\"min-variance\","
                + "\"lookback\":96,\"maxWeight\":0.4}");
        assertEquals(200, result.status(), result.toString());
        assertEquals(96, result.body().get("observations").asInt());
        JsonNode assets = result.body().get("assets");
        assertEquals(1, sum(assets, "weight"), 1e-5);
        for (JsonNode asset : assets) {
            assertTrue(asset.get("weight").asDouble() <= 0.4 + 1e-6, asset.toString());
        }
    }

    @Test
    void maxSharpe_saysHowHardItShrankTheExpectedReturns() {
        HttpResult result = optimize("{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\",\"BNBUSDT\"],\"method\":\"max-sharpe\"}");
        assertEquals(200, result.status(), result.toString());
        JsonNode answer = result.body();
        double factor = answer.get("returnShrinkage").asDouble();
        assertTrue(factor >= 0 && factor <= 1, answer.toString());
        assertTrue(answer.get("notes").get(0).asText().contains("shrunk toward zero"), answer.toString());
        assertTrue(answer.get("assets").get(0).has("expectedReturn"), answer.toString());
        assertEquals(1, sum(answer.get("assets"), "weight"), 1e-5);
    }

    /**
     * docs/trading.md: the means are multiplied by max(0, 1 − N / z²), z² the sum of their squared t-statistics
     * (mean over the sample standard error). On the 30 hourly returns of BTC/ETH/BNB to the 07:00 bar of 2021-02-20
     * the t-statistics are 2.060, 0.828 and 1.048: z² = 6.027, a factor of 0.5022 (recomputed with numpy). The
     * Ledoit–Wolf-shrunk variances would give z² = 2.42, a factor of 0 and the minimum-variance fallback.
     */
    @Test
    void maxSharpe_shrinksTheMeansByTheirTStatistics_fromEachAssetsSampleVariance() {
        api.clock.set(Instant.parse("2021-02-20T08:00:00Z"));
        for (String symbol : new String[] {"BTCUSDT", "ETHUSDT", "BNBUSDT"}) {
            store(symbol, "2021-02-10T00:00:00Z", "2021-02-21T00:00:00Z");
        }
        HttpResult result = optimize("{" + CRYPTO + ",\"method\":\"max-sharpe\",\"lookback\":30}");
        assertEquals(200, result.status(), result.toString());
        JsonNode answer = result.body();
        assertEquals("2021-02-20T07:00:00Z", answer.get("to").asText());
        assertEquals(30, answer.get("observations").asInt());
        assertEquals(0.502239, answer.get("returnShrinkage").asDouble(), 1e-6, answer.toString());
        assertFalse(answer.get("notes").toString().contains("minimum-variance weights are given"), answer.toString());
        // The tangency portfolio on the shrunk covariance, as scipy's SLSQP finds it.
        double[] expected = {0.593324, 0.208434, 0.198242};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], answer.get("assets").get(i).get("weight").asDouble(), 1e-3, answer.toString());
        }
    }

    /**
     * docs/trading.md: the returns are those between the bar times every symbol has, the newest lookback of them.
     * META's stored bars end on 2021-10-29 (its ingestion stopped), GOOGL's on 2021-12-31: the newest 252 shared
     * returns end with META's last bar, and the answer says why they end there.
     */
    @Test
    void aSeriesThatLags_givesTheNewestLookbackOfTheSharedReturns_andSaysWhereTheyEnd() {
        api.clock.set(Instant.parse("2022-01-03T03:00:00Z"));
        store("GOOGL", "2020-06-01T00:00:00Z", "2022-01-01T00:00:00Z");
        store("META", "2020-06-01T00:00:00Z", "2021-10-30T00:00:00Z");
        Candle metaLast = added.getLast();
        HttpResult result = optimize("{\"symbols\":[\"GOOGL\",\"META\"],\"method\":\"min-variance\","
                + "\"lookback\":252}");
        assertEquals(200, result.status(), result.toString());
        JsonNode answer = result.body();
        assertEquals(252, answer.get("observations").asInt(), answer.toString());
        assertEquals(metaLast.openTime().toString(), answer.get("to").asText());
        String notes = answer.get("notes").toString();
        assertTrue(notes.contains("META") && notes.contains(metaLast.openTime().toString()), notes);
    }

    /** Each symbol's own newest 35 bars would not overlap at all: the route must not refuse history they share. */
    @Test
    void aSeriesThatLags_isNotRefusedForHistoryTheSymbolsShare() {
        api.clock.set(Instant.parse("2022-01-03T03:00:00Z"));
        store("GOOGL", "2021-06-01T00:00:00Z", "2022-01-01T00:00:00Z");
        store("META", "2021-06-01T00:00:00Z", "2021-10-30T00:00:00Z");
        HttpResult result = optimize("{\"symbols\":[\"GOOGL\",\"META\"],\"method\":\"min-variance\","
                + "\"lookback\":30}");
        assertEquals(200, result.status(), result.toString());
        assertEquals(30, result.body().get("observations").asInt(), result.body().toString());
    }

    /**
     * Risk parity of the three at 2022-01-03 03:00 stays under 0.37, but at the backtest's first rebalance
     * (2021-11-20 01:00) it gave BTCUSDT 0.378: the refusal names that rebalance, or the caller cannot see why.
     */
    @Test
    void backtest_riskParityAboveMaxWeightAtAPastRebalance_isRefusedNamingTheRebalance() {
        api.clock.set(Instant.parse("2022-01-03T03:00:00Z"));
        for (String symbol : new String[] {"BTCUSDT", "ETHUSDT", "BNBUSDT"}) {
            store(symbol, "2021-11-01T00:00:00Z", "2021-12-28T00:00:00Z");
        }
        String body = "{" + CRYPTO + ",\"method\":\"risk-parity\",\"lookback\":336,\"maxWeight\":0.37";
        assertEquals(200, optimize(body + "}").status(), "today's weights fit under the cap");
        HttpResult result = optimize(body + ",\"backtest\":{\"from\":\"2021-11-20\"}}");
        assertEquals(422, result.status(), result.toString());
        assertEquals("MAX_WEIGHT_BREACHED", result.errorCode(), result.toString());
        String message = result.body().path("error").path("message").asText();
        assertTrue(message.contains("BTCUSDT") && message.contains("2021-11-20T01:00:00Z"), message);
    }

    @Test
    void requestsThatCannotBeAnswered_areRefusedWithTheReason() {
        Map<String, String> unprocessable = Map.of(
                "{\"symbols\":[\"BTCUSDT\",\"NOPE\"],\"method\":\"min-variance\"}", "UNKNOWN_SYMBOL",
                "{\"symbols\":[\"BTCUSDT\",\"AAPL\"],\"method\":\"min-variance\"}", "MIXED_INTERVALS",
                "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\",\"BNBUSDT\"],\"method\":\"min-variance\",\"maxWeight\":0.3}",
                "INFEASIBLE_MAX_WEIGHT",
                "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\"],\"method\":\"min-variance\",\"backtest\":{\"from\":"
                        + "\"2021-12-28T10:00:00Z\"}}", "INSUFFICIENT_HISTORY",
                "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\",\"BNBUSDT\"],\"method\":\"risk-parity\",\"maxWeight\":0.34}",
                "MAX_WEIGHT_BREACHED");
        unprocessable.forEach((body, code) -> {
            HttpResult result = optimize(body);
            assertEquals(422, result.status(), body + " -> " + result);
            assertEquals(code, result.errorCode(), body + " -> " + result);
        });
        for (String body : new String[] {"{\"symbols\":[\"BTCUSDT\"],\"method\":\"min-variance\"}",
            "{\"symbols\":[\"BTCUSDT\",\"BTCUSDT\"],\"method\":\"min-variance\"}",
            "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\"],\"method\":\"best\"}",
            "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\"],\"method\":\"min-variance\",\"lookback\":5}",
            "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\"],\"method\":\"min-variance\",\"maxWeight\":0}",
            "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\"],\"method\":\"min-variance\",\"backtest\":\"yes\"}",
            "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\"],\"method\":\"min-variance\",\"backtest\":{\"rebalanceEvery\":0}}",
            "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\"],\"method\":\"min-variance\",\"backtest\":{\"feesBps\":-1}}",
            "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\"],\"method\":\"min-variance\",\"backtest\":{\"to\":\"2023-01-01\"}}",
            "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\"],\"method\":\"min-variance\",\"backtest\":{\"every\":5}}"}) {
            HttpResult result = optimize(body);
            assertEquals(400, result.status(), body + " -> " + result);
            assertEquals("VALIDATION_FAILED", result.errorCode(), body + " -> " + result);
        }
    }

    /** docs/trading.md#backtesting-an-allocation: {@code to} defaults to now, so a later {@code from} is wrong. */
    @Test
    void backtest_fromInTheFutureWithoutTo_is400NamingNow_notAToThatWasNotSent() {
        HttpResult refused = optimize("{" + CRYPTO + ",\"method\":\"min-variance\","
                + "\"backtest\":{\"from\":\"2099-01-01\"}}");

        assertEquals(400, refused.status(), refused.toString());
        assertEquals("VALIDATION_FAILED", refused.errorCode());
        assertEquals("backtest.from must be before now, the default of to",
                refused.body().at("/error/message").asText());
    }

    /**
     * docs/trading.md: rebalances × symbols² at most the method's budget, checked before any bar is read. At
     * 2016-01-01 nothing is stored, so reading would answer 422 INSUFFICIENT_HISTORY: the 400 comes first. Hourly
     * max-sharpe on 3 symbols, every bar over a year: 8,761 rebalances × 9 = 78,849, above 50,000; every second
     * bar, 4,381 × 9 = 39,429 fits, and the request goes on to read the (missing) bars.
     */
    @Test
    void backtest_overTheSolverBudget_isRefusedBeforeReadingBars_namingWhatToChange() {
        api.clock.set(Instant.parse("2016-01-01T00:00:00Z"));
        String request = "{" + CRYPTO + ",\"method\":\"max-sharpe\",\"backtest\":{\"from\":\"2015-01-01\","
                + "\"rebalanceEvery\":";

        HttpResult refused = optimize(request + "1}}");
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("VALIDATION_FAILED", refused.errorCode(), refused.toString());
        assertEquals("backtest.rebalanceEvery", refused.body().at("/error/details/0/field").asText());
        String message = refused.body().at("/error/details/0/message").asText();
        assertTrue(message.contains("8761") && message.contains("50000") && message.contains("fewer symbols")
                && message.contains("larger rebalanceEvery"), message);

        HttpResult withinBudget = optimize(request + "2}}");
        assertEquals("INSUFFICIENT_HISTORY", withinBudget.errorCode(), withinBudget.toString());
    }

    /** maxWeight is a JSON number written plainly (docs/api.md#field-rules); a string is never read as one. */
    @Test
    void maxWeight_asAStringOrWithAnExponent_is400NamingIt() {
        for (String maxWeight : new String[] {"\"0.4\"", "\" 0.4 \"", "\"4e-1\"", "\"\"", "4e-1", "true"}) {
            HttpResult result = optimize("{" + CRYPTO + ",\"method\":\"risk-parity\",\"maxWeight\":" + maxWeight
                    + "}");
            assertEquals(400, result.status(), maxWeight + " -> " + result);
            assertEquals("VALIDATION_FAILED", result.errorCode(), maxWeight + " -> " + result);
            assertEquals("maxWeight", result.body().at("/error/details/0/field").asText(), maxWeight + " -> " + result);
        }
    }

    @Test
    void backtest_rebalancesWalkForward_eachTimeToTheWeightsTheRouteGaveThen() {
        String symbols = "\"symbols\":[\"BTCUSDT\",\"ETHUSDT\",\"BNBUSDT\"],\"method\":\"min-variance\","
                + "\"lookback\":48";
        HttpResult result = optimize("{" + symbols + ",\"backtest\":{\"from\":\"2022-01-02\",\"rebalanceEvery\":12,"
                + "\"startingCash\":10000,\"feesBps\":10,\"slippageBps\":5}}");
        assertEquals(200, result.status(), result.toString());
        JsonNode backtest = result.body().get("backtest");
        // From the 00:00 bar's close on 01-02 to the 14:00 bar's close on 01-04: 63 hourly decisions.
        assertEquals("2022-01-02T01:00:00Z", backtest.get("from").asText());
        assertEquals("2022-01-04T15:00:00Z", backtest.get("to").asText());
        assertEquals(63, backtest.get("decisions").asInt());
        assertEquals(6, backtest.get("rebalances").asInt());
        assertEquals(3, backtest.get("buyAndHold").get("holdings").size());
        assertTrue(backtest.get("metrics").has("sharpe"), backtest.toString());
        assertEquals(backtest.get("endingEquity").decimalValue(), backtest.get("equity")
                .get(backtest.get("equity").size() - 1).get("equity").decimalValue());

        // No look-ahead: asked at the first rebalance, the route gives the weights the backtest bought.
        JsonNode target = backtest.get("targets").get(0);
        assertEquals("2022-01-02T01:00:00Z", target.get("time").asText());
        api.clock.set(Instant.parse("2022-01-02T01:00:00Z"));
        JsonNode then = optimize("{" + symbols + "}").body();
        assertEquals("2022-01-02T00:00:00Z", then.get("to").asText(), "the newest return the route used then");
        for (JsonNode asset : then.get("assets")) {
            String symbol = asset.get("symbol").asText();
            assertEquals(asset.get("weight").decimalValue(), target.get("weights").get(symbol).decimalValue(),
                    symbol);
            // The first rebalance bought the weight's share of 10,000, fees included, to a unit of quantity.
            JsonNode buy = list(backtest.get("trades")).stream().filter(t -> t.get("symbol").asText().equals(symbol))
                    .findFirst().orElseThrow();
            assertEquals("2022-01-02T01:00:00Z", buy.get("filledAt").asText());
            double spent = buy.get("grossAmount").asDouble() + buy.get("fees").asDouble();
            assertEquals(10000 * asset.get("weight").asDouble(), spent, 1.0, symbol + " " + buy);
        }
    }

    private static java.util.List<JsonNode> list(JsonNode array) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
