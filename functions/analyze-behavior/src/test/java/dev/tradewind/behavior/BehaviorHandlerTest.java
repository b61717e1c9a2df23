package dev.tradewind.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tradewind.behavior.service.BehaviorConfig;
import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BehaviorHandlerTest {

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

    private static BehaviorHandler handler() {
        return new BehaviorHandler(new Environment(variables(), CLOCK));
    }

    @Test
    void health_returns200NamingTheFunction() {
        HttpResult result = HttpResult.invoke(handler(), HttpEvent.load("analyze-behavior/health.json").bytes());
        assertEquals(200, result.status());
        assertEquals("analyze-behavior", result.body().get("function").asText());
        assertEquals("2022-01-03T10:00:00Z", result.body().get("time").asText());
    }

    @Test
    void routes_areTheOnesTheTemplateDeclares() {
        assertEquals(Set.of("GET /v1/health/behavior", "POST /v1/behavior/analyze",
                "GET /v1/behavior/reports/{reportId}", "GET /v1/behavior/reports"), handler().routeKeys());
    }

    @Test
    void privateRoutes_withoutAnAuthorizedCaller_are401() {
        for (String event : new String[] {"analyze-session.json", "get-report.json", "list-reports.json"}) {
            HttpResult result = HttpResult.invoke(handler(), HttpEvent.load("analyze-behavior/" + event)
                    .anonymous().bytes());
            assertEquals(401, result.status(), event);
        }
    }

    @Test
    void config_failsFastOnAMissingTableOrABadRetention() {
        Map<String, String> missing = variables();
        missing.remove("BEHAVIOR_TABLE");
        assertThrows(ConfigException.class, () -> BehaviorConfig.from(new Environment(missing, CLOCK)));
        Map<String, String> bad = variables();
        bad.put("REPORT_RETENTION", "a year");
        assertThrows(ConfigException.class, () -> BehaviorConfig.from(new Environment(bad, CLOCK)));
        bad.put("REPORT_RETENTION", "PT1H");
        assertThrows(ConfigException.class, () -> BehaviorConfig.from(new Environment(bad, CLOCK)));
        assertEquals(Duration.ofDays(365), BehaviorConfig.from(new Environment(variables(), CLOCK)).reportRetention());
    }
}
