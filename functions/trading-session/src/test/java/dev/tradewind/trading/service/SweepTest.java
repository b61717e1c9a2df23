package dev.tradewind.trading.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.trading.domain.backtest.BacktestEngine;
import dev.tradewind.trading.domain.backtest.Overfitting;
import dev.tradewind.trading.domain.backtest.Rules;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigDecimal HUNDRED = new BigDecimal(100);

    @Test
    void gridOverAnIndicatorPeriod_givesStrategiesTheRulesAccept() throws Exception {
        JsonNode strategy = JSON.readTree("{\"type\": \"rules\", \"entry\": {\"all\": [{\"indicator\": \"rsi\","
                + " \"period\": 14, \"op\": \"<\", \"value\": 35}]}, \"stopLossPct\": 2}");
        JsonNode grid = JSON.readTree("{\"/entry/all/0/period\": [10, 14, 20], \"/stopLossPct\": [2, 2.5]}");
        Validation validation = new Validation();

        List<Sweep.Combination> combinations = Sweep.combinations(strategy, grid, validation);

        assertTrue(validation.isValid());
        assertEquals(6, combinations.size());
        for (Sweep.Combination combination : combinations) {
            Validation rules = new Validation();
            Rules.parse(combination.strategy(), rules);
            assertTrue(rules.isValid(), combination.parameters() + " -> " + combination.strategy());
        }
        assertEquals("{\"type\":\"rules\",\"entry\":{\"all\":[{\"indicator\":\"rsi\",\"period\":20,\"op\":\"<\","
                + "\"value\":35}]},\"stopLossPct\":2.5}", combinations.getLast().strategy().toString());
    }

    /** 35 and 35.0 are one strategy: run twice, it would count as two trials and deflate the best one's Sharpe. */
    @Test
    void gridRepeatingAValue_isRefused_namingTheParameter() throws Exception {
        JsonNode strategy = JSON.readTree("{\"type\": \"rules\", \"entry\": {\"all\": [{\"indicator\": \"rsi\","
                + " \"period\": 14, \"op\": \"<\", \"value\": 35}]}}");
        JsonNode grid = JSON.readTree("{\"/entry/all/0/value\": [30, 35, 35.0]}");
        Validation validation = new Validation();

        List<Sweep.Combination> combinations = Sweep.combinations(strategy, grid, validation);

        assertFalse(validation.isValid(), combinations.size() + " combinations, two of them the same");
        InvalidInputException refused = assertThrows(InvalidInputException.class, validation::throwIfInvalid);
        assertEquals("grid./entry/all/0/value", refused.details().getFirst().field());
    }

    /**
     * One entry on a flat series: the only change of equity is the entry's fee and slippage, between the starting cash
     * and the first decision's equity. The returns start there, so they compound to the total return and the
     * combination has a Sharpe ratio (a DSR over the sweep needs every one).
     */
    @Test
    void returns_startFromTheStartingCash_andCompoundToTheTotalReturn() throws Exception {
        Validation validation = new Validation();
        Rules rules = Rules.parse(JSON.readTree("{\"entry\": {\"all\": [{\"indicator\": \"close\", \"op\": \">\","
                + " \"value\": 0}]}}"), validation);
        validation.throwIfInvalid();
        Instant start = Instant.parse("2022-01-01T00:00:00Z");
        List<Candle> bars = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            bars.add(new Candle("BTCUSDT", Interval.H1, start.plus(Duration.ofHours(i)), HUNDRED, HUNDRED, HUNDRED,
                    HUNDRED, BigDecimal.ONE));
        }
        BacktestEngine.Result result = BacktestEngine.run(new BacktestEngine.Config("sweep-0", "u1", Interval.H1,
                new BigDecimal("10000.00"), new BigDecimal("10"), new BigDecimal("5"), start), rules, List.of(
                new BacktestEngine.Market("BTCUSDT", AssetClass.CRYPTO, MarketCalendar.of(AssetClass.CRYPTO), bars,
                        1)));

        double[] returns = Sweep.returns(result);

        assertEquals(result.decisions(), returns.length, "one return per decision");
        assertEquals(result.curve().getFirst().equity().doubleValue() / 10_000 - 1, returns[0], 1e-12);
        double compounded = 1;
        for (double r : returns) {
            compounded *= 1 + r;
        }
        assertEquals(result.metrics().totalReturn().doubleValue(), compounded - 1, 1e-6);
        assertTrue(Double.isFinite(Overfitting.sharpe(returns)), "the entry's cost is a change of equity");
    }

    /**
     * A combination that never enters earns nothing, a Sharpe ratio of 0: above one that lost money, not ranked below
     * it as undefined, and the Deflated Sharpe Ratio of the best is computed rather than withheld for it.
     */
    @Test
    void answer_combinationThatNeverTrades_ranksAtSharpeZeroAboveALoss_andHasTheDsrComputed() throws Exception {
        Instant start = Instant.parse("2022-01-01T00:00:00Z");
        List<Candle> bars = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            BigDecimal close = HUNDRED.subtract(BigDecimal.valueOf(i + (i % 3 == 0 ? 0.5 : 0)));
            bars.add(new Candle("BTCUSDT", Interval.H1, start.plus(Duration.ofHours(i)), close, close, close, close,
                    BigDecimal.ONE));
        }
        List<BacktestEngine.Market> markets = List.of(new BacktestEngine.Market("BTCUSDT", AssetClass.CRYPTO,
                MarketCalendar.of(AssetClass.CRYPTO), bars, 1));
        List<Sweep.Trial> trials = new ArrayList<>();
        for (int threshold : List.of(0, 1000)) {
            Validation validation = new Validation();
            Rules rules = Rules.parse(JSON.readTree("{\"entry\": {\"all\": [{\"indicator\": \"close\", \"op\": \">\","
                    + " \"value\": " + threshold + "}]}}"), validation);
            validation.throwIfInvalid();
            trials.add(new Sweep.Trial(java.util.Map.of("/entry/all/0/value", (double) threshold),
                    BacktestEngine.run(new BacktestEngine.Config("sweep-" + threshold, "u1", Interval.H1,
                            new BigDecimal("10000.00"), new BigDecimal("10"), new BigDecimal("5"), start), rules,
                            markets)));
        }

        JsonNode answer = Sweep.answer(List.of("BTCUSDT"), AssetClass.CRYPTO, Interval.H1, trials, start);

        JsonNode first = answer.get("ranked").get(0);
        assertEquals(0, first.get("trades").asInt(), "the combination that never enters first: " + answer);
        assertEquals(0, first.get("sharpe").decimalValue().signum(), answer.toString());
        assertTrue(answer.get("ranked").get(1).get("sharpe").asDouble() < 0, answer.toString());
        assertTrue(answer.get("best").get("deflatedSharpe").isObject(), answer.toString());
    }
}
