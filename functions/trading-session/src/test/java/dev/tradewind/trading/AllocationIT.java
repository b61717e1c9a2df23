package dev.tradewind.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.testing.HttpResult;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/portfolio/optimize} over real bundled candles in DynamoDB Local, at 2022-01-04 15:00 UTC. */
class AllocationIT {

    private TradingApi api;

    @BeforeEach
    void setUp() {
        api = new TradingApi();
        // The three crypto series over the same days (TradingApi seeds ETH from 01-03 only).
        CandleRepository candles = new CandleRepository(api.enhanced, api.env.require("MARKET_TABLE"));
        candles.putAll(TradingApi.window("ETHUSDT", "2021-12-28T00:00:00Z", "2022-01-03T00:00:00Z"));
        candles.putAll(TradingApi.window("BNBUSDT", "2021-12-28T00:00:00Z", "2022-01-08T00:00:00Z"));
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

    @Test
    void requestsThatCannotBeAnswered_areRefusedWithTheReason() {
        Map<String, String> unprocessable = Map.of(
                "{\"symbols\":[\"BTCUSDT\",\"NOPE\"],\"method\":\"min-variance\"}", "UNKNOWN_SYMBOL",
                "{\"symbols\":[\"BTCUSDT\",\"AAPL\"],\"method\":\"min-variance\"}", "MIXED_INTERVALS",
                "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\",\"BNBUSDT\"],\"method\":\"min-variance\",\"maxWeight\":0.3}",
                "INFEASIBLE_MAX_WEIGHT",
                "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\"],\"method\":\"min-variance\",\"backtest\":true}",
                "BACKTEST_NOT_AVAILABLE",
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
            "{\"symbols\":[\"BTCUSDT\",\"ETHUSDT\"],\"method\":\"min-variance\",\"maxWeight\":0}"}) {
            HttpResult result = optimize(body);
            assertEquals(400, result.status(), body + " -> " + result);
            assertEquals("VALIDATION_FAILED", result.errorCode(), body + " -> " + result);
        }
    }
}
