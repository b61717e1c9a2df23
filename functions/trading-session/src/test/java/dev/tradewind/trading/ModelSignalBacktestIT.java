package dev.tradewind.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.trading.service.ModelForecasts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * model-signal backtests over real BTCUSDT bars in DynamoDB Local, with the forecasts given in place of the predict
 * function (its own computation is checked in predict's ForecastHistoryIT and, end to end, in the system tests):
 * here P(up) is 0.6 after a rising bar and 0.4 after a falling one, so every decision can be worked out by hand.
 */
class ModelSignalBacktestIT {

    private static final Instant NOW = Instant.parse("2022-01-12T00:00:00Z");
    private static final Instant CUTOFF = Instant.parse("2022-01-03T00:00:00Z");

    private final List<String> asked = new ArrayList<>();
    private TradingApi api;

    /**
     * P(up) by bar: 0.6 when the bar closed more than 0.1 % above its open, 0.4 more than 0.1 % below, else 0.5
     * (HOLD); volatility 50 % a year throughout; the 80 % price range's lower bound 0.1 % under the close.
     */
    private ModelForecasts.Series momentum(String symbol, Instant from, Instant to) {
        asked.add(symbol + " " + from + " " + to);
        Map<Instant, Double> probability = new HashMap<>();
        Map<Instant, Double> volatility = new HashMap<>();
        Map<Instant, Double> low80 = new HashMap<>();
        for (Candle bar : TradingApi.window(symbol, from.toString(), to.plusSeconds(1).toString())) {
            probability.put(bar.openTime(), probability(bar));
            volatility.put(bar.openTime(), 0.5);
            low80.put(bar.openTime(), bar.close().doubleValue() * 0.999);
        }
        return new ModelForecasts.Series(new ModelForecasts.Model("crypto-1h-test", "crypto-1h", CUTOFF, 4, false),
                0.55, 0.45, probability, volatility, Map.of("80", low80));
    }

    private static double probability(Candle bar) {
        double change = bar.close().doubleValue() / bar.open().doubleValue() - 1;
        return change > 0.001 ? 0.6 : change < -0.001 ? 0.4 : 0.5;
    }

    /** The trades worked out by hand: flat → buy on BUY; holding → sell on SELL, or on anything but BUY. */
    private static List<String> expected(boolean exitOnHold) {
        List<String> expected = new ArrayList<>();
        boolean holding = false;
        for (Candle bar : TradingApi.window("BTCUSDT", "2022-01-03T00:00:00Z", "2022-01-08T00:00:00Z")) {
            double p = probability(bar);
            Instant decided = bar.openTime().plus(Duration.ofHours(1));
            if (!holding && p >= 0.55) {
                expected.add("BUY " + decided);
                holding = true;
            } else if (holding && (exitOnHold ? p < 0.55 : p <= 0.45)) {
                expected.add("SELL " + decided);
                holding = false;
            }
        }
        return expected;
    }

    private static List<String> trades(JsonNode result) {
        List<String> trades = new ArrayList<>();
        result.get("trades").forEach(t -> trades.add(t.get("side").asText() + " " + t.get("filledAt").asText()));
        return trades;
    }

    @BeforeEach
    void setUp() {
        api = new TradingApi(NOW, this::momentum);
    }

    private HttpResult backtest(String body) {
        return api.invoke(TradingApi.event("create-backtest", "u1").body(body));
    }

    private static String request(String from, String strategy) {
        return "{\"symbol\":\"BTCUSDT\",\"from\":\"" + from + "\",\"to\":\"2022-01-08\",\"startingCash\":10000,"
                + "\"feesBps\":10,\"slippageBps\":5,\"strategy\":" + strategy + "}";
    }

    @Test
    void modelSignal_buysOnEveryBuySignalWhileFlat_andSellsOnTheNextSellSignal() {
        HttpResult created = backtest(request("2022-01-03", "{\"type\":\"model-signal\"}"));
        assertEquals(201, created.status(), created.toString());
        JsonNode result = created.body();
        assertEquals("crypto-1h-test", result.get("model").get("version").asText());
        assertEquals(CUTOFF.toString(), result.get("model").get("trainedThrough").asText());
        assertFalse(result.get("inSample").asBoolean());
        // One call, for the decisions: the bars opened from 01-03 00:00 that closed by 01-08 00:00.
        assertEquals(List.of("BTCUSDT 2022-01-03T00:00:00Z 2022-01-07T23:00:00Z"), asked);

        List<String> actual = trades(result);
        assertEquals(expected(false), actual);
        assertTrue(actual.size() > 20, "the signal flips often: " + actual.size());
    }

    @Test
    void exitOnHold_leavesAsSoonAsTheSignalIsNoLongerBuy_andSizingUsesTheForecastVolatility() {
        JsonNode sell = backtest(request("2022-01-03", "{\"type\":\"model-signal\"}")).body();
        JsonNode hold = backtest(request("2022-01-03", "{\"type\":\"model-signal\",\"exitOn\":\"hold\"}")).body();
        assertEquals(expected(true), trades(hold));
        assertTrue(!trades(hold).equals(trades(sell)), "a HOLD bar ended some positions earlier");

        // A 25 % volatility target against the 50 % forecast buys half of what the full fraction buys.
        JsonNode targeted = backtest(request("2022-01-03", "{\"type\":\"model-signal\",\"volatilityTarget\":0.25}"))
                .body();
        double full = sell.get("trades").get(0).get("quantity").asDouble();
        double half = targeted.get("trades").get(0).get("quantity").asDouble();
        assertEquals(0.5, half / full, 1e-3);
    }

    @Test
    void stopLossRange_restsTheStopAtTheForecastRangesLowerBoundAtEntry() {
        JsonNode plain = backtest(request("2022-01-03", "{\"type\":\"model-signal\"}")).body();
        JsonNode stopped = backtest(request("2022-01-03", "{\"type\":\"model-signal\",\"stopLossRange\":80}"))
                .body();
        JsonNode entry = stopped.get("trades").get(0);
        Instant decided = Instant.parse(entry.get("filledAt").asText());
        Candle bar = TradingApi.candle("BTCUSDT", decided.minus(Duration.ofHours(1)).toString());
        double stop = bar.close().doubleValue() * 0.999;
        JsonNode exit = stopped.get("trades").get(1);
        assertEquals("SELL", exit.get("side").asText());
        // The next bar fell through the stop: filled at the stop (or below it, on a gap), less 5 bps of slippage.
        double price = exit.get("price").asDouble();
        assertTrue(price <= stop && price > stop * 0.99, price + " against a stop at " + stop);
        assertTrue(!plain.get("trades").get(1).get("price").equals(exit.get("price")), "the stop changed the exit");

        assertEquals(400, backtest(request("2022-01-03", "{\"type\":\"model-signal\",\"stopLossRange\":70}"))
                .status());
        assertEquals(400, backtest(request("2022-01-03", "{\"type\":\"model-signal\",\"stopLossRange\":80,"
                + "\"stopLossPct\":2}")).status());
    }

    @Test
    void aBacktestDecidingInsideTheTrainingWindow_isRefusedNamingTheCutoff_unlessAllowedAndThenMarked() {
        HttpResult refused = backtest(request("2021-12-30", "{\"type\":\"model-signal\"}"));
        assertEquals(422, refused.status(), refused.toString());
        assertEquals("IN_SAMPLE", refused.errorCode());
        assertTrue(refused.body().get("error").get("message").asText().contains(CUTOFF.toString()),
                refused.toString());

        HttpResult allowed = backtest(request("2021-12-30", "{\"type\":\"model-signal\"}")
                .replace("{\"symbol\"", "{\"allowInSample\":true,\"symbol\""));
        assertEquals(201, allowed.status(), allowed.toString());
        assertTrue(allowed.body().get("inSample").asBoolean());
        JsonNode listed = api.invoke(TradingApi.event("list-backtests", "u1")).body().get("items").get(0);
        assertTrue(listed.get("inSample").asBoolean(), listed.toString());

        // A rules strategy reading the forecasts is held to the same rule.
        HttpResult rules = backtest(request("2021-12-30", "{\"type\":\"rules\",\"entry\":{\"all\":[{\"indicator\":"
                + "\"probability_up\",\"op\":\">\",\"value\":0.5}]}}"));
        assertEquals("IN_SAMPLE", rules.errorCode());
    }

    @Test
    void withoutAForecastFunction_modelSignalIsUnavailable_andRulesStillRun() {
        TradingApi plain = new TradingApi(NOW);
        HttpResult refused = plain.invoke(TradingApi.event("create-backtest", "u1").body(request("2022-01-03",
                "{\"type\":\"model-signal\"}")));
        assertEquals(503, refused.status(), refused.toString());
        assertEquals("FORECASTS_UNAVAILABLE", refused.errorCode());
        assertEquals(400, backtest(request("2022-01-03", "{\"type\":\"model-signal\",\"exitOn\":\"never\"}"))
                .status());
        assertEquals(400, backtest(request("2022-01-03", "{\"type\":\"model-signal\",\"entry\":{}}")).status());
    }
}
