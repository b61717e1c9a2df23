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

    private static HttpResult analyze(String body) {
        return HttpResult.invoke(handler(), HttpEvent.load("analyze-behavior/analyze-inline.json").user("user-1")
                .body(body).bytes());
    }

    private static String inline(String side, String symbol, String price) {
        return "{\"trades\":[{\"time\":\"2022-01-02T15:00:00Z\",\"symbol\":\"" + symbol + "\",\"side\":\"" + side
                + "\",\"quantity\":\"1\",\"price\":" + price + "}]}";
    }

    private static void assertFieldError(HttpResult result, String field) {
        assertEquals(400, result.status(), result.toString());
        assertEquals(field, result.body().path("error").path("details").path(0).path("field").asText(),
                result.toString());
    }

    /** Refused before anything is read or stored: the DynamoDB client points nowhere, so reaching it is a 500. */
    @Test
    void analyze_inlineTradeWithLowercaseSide_returns400() {
        assertFieldError(analyze(inline("buy", "BTCUSDT", "\"47110.2\"")), "trades[0].side");
    }

    @Test
    void analyze_inlineTradeWithNonCanonicalSymbolOrPrice_returns400() {
        assertFieldError(analyze(inline("BUY", "btcusdt", "\"47110.2\"")), "trades[0].symbol");
        assertFieldError(analyze(inline("BUY", "BTCUSDT\\u0000", "\"47110.2\"")), "trades[0].symbol");
        assertFieldError(analyze(inline("BUY", "BTCUSDT", "\" 47110.2\"")), "trades[0].price");
        assertFieldError(analyze(inline("BUY", "BTCUSDT", "4.71102e4")), "trades[0].price");
    }

    @Test
    void analyze_sensitivityIsMatchedExactly() {
        assertFieldError(analyze("{\"from\":\"2022-01-01T00:00:00Z\",\"sensitivity\":\"MEDIUM\"}"), "sensitivity");
    }

    @Test
    void analyze_textPlainContentType_returns415() {
        HttpResult result = HttpResult.invoke(handler(), HttpEvent.load("analyze-behavior/analyze-inline.json")
                .user("user-1").header("content-type", "text/plain").bytes());
        assertEquals(415, result.status(), result.toString());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", result.errorCode());
    }
}
