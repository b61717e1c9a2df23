package dev.tradewind.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.trading.service.TradingConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TradingHandlerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2022-01-03T10:00:00Z"), ZoneOffset.UTC);

    /** Nothing in these tests reaches DynamoDB: the client is built, never called. */
    static Map<String, String> variables() {
        Map<String, String> variables = new HashMap<>();
        variables.put("TRADING_TABLE", "TradingTable");
        variables.put("MARKET_TABLE", "MarketDataTable");
        variables.put("BEHAVIOR_TABLE", "BehaviorTable");
        variables.put("DYNAMODB_ENDPOINT", "http://127.0.0.1:9");
        return variables;
    }

    @Test
    void health_returns200NamingTheFunction() {
        var handler = new TradingHandler(new Environment(variables(), CLOCK));
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("trading-session/health.json").bytes());
        assertEquals(200, result.status());
        assertEquals("trading-session", result.body().get("function").asText());
        assertEquals("2022-01-03T10:00:00Z", result.body().get("time").asText());
    }

    @Test
    void privateRoute_withoutAnAuthorizedCaller_is401() {
        var handler = new TradingHandler(new Environment(variables(), CLOCK));
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("trading-session/get-portfolio.json")
                .anonymous().bytes());
        assertEquals(401, result.status());
    }

    @Test
    void config_failsFastOnAMissingTableOrABadValue() {
        Map<String, String> missing = variables();
        missing.remove("BEHAVIOR_TABLE");
        assertThrows(ConfigException.class, () -> TradingConfig.from(new Environment(missing, CLOCK)));
        Map<String, String> bad = variables();
        bad.put("MARKETABLE_LIMIT_PCT", "lots");
        assertThrows(ConfigException.class, () -> TradingConfig.from(new Environment(bad, CLOCK)));
        bad.put("MARKETABLE_LIMIT_PCT", "-1");
        assertThrows(ConfigException.class, () -> TradingConfig.from(new Environment(bad, CLOCK)));
        assertEquals(0, TradingConfig.from(new Environment(variables(), CLOCK)).marketableLimitPct()
                .compareTo(new java.math.BigDecimal("0.1")));
    }
}
