package dev.tradewind.trading.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.trading.domain.backtest.Rules;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
}
