package dev.tradewind.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.trading.service.TradingConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
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
    void sessionRoutesWithABody_withoutAnAuthorizedCaller_are401BeforeTheSessionIsLookedAt() {
        var handler = new TradingHandler(new Environment(variables(), CLOCK));
        for (String event : List.of("trading-session/place-order.json", "trading-session/create-journal-entry.json")) {
            HttpResult result = HttpResult.invoke(handler, HttpEvent.load(event).anonymous()
                    .pathParameter("sessionId", "not-a-session").bytes());
            assertEquals(401, result.status(), event + " " + result.body());
            assertEquals("UNAUTHORIZED", result.errorCode(), event);
        }
    }

    @Test
    void optimizePortfolio_whichIsNobodysData_withoutAnAuthorizedCaller_isStill401() {
        var handler = new TradingHandler(new Environment(variables(), CLOCK));
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("trading-session/optimize-portfolio.json")
                .anonymous().bytes());
        assertEquals(401, result.status(), result.toString());
        assertEquals("UNAUTHORIZED", result.errorCode());
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

    private static HttpResult invoke(HttpEvent event) {
        return HttpResult.invoke(new TradingHandler(new Environment(variables(), CLOCK)), event.bytes());
    }

    private static HttpResult order(String body) {
        return invoke(HttpEvent.load("trading-session/place-order.json").user("user-1")
                .header("idempotency-key", "key-1").body(body));
    }

    private static void assertFieldError(HttpResult result, String field) {
        assertEquals(400, result.status(), result.toString());
        assertEquals("VALIDATION_FAILED", result.errorCode(), result.toString());
        assertEquals(field, result.body().path("error").path("details").path(0).path("field").asText(),
                result.toString());
    }

    /** A 4xx before any store call: the DynamoDB client points nowhere, so reaching it would be a 500. */
    @Test
    void listTrades_orderOtherThanNewestOrOldest_returns400NamingIt() {
        for (String order : new String[] {"sideways", "NEWEST", " newest", "latest"}) {
            HttpResult result = invoke(HttpEvent.load("trading-session/list-trades.json").user("user-1")
                    .query("order", order));
            assertFieldError(result, "order");
            assertEquals("order must be newest or oldest", result.body().path("error").path("message").asText());
        }
    }

    @Test
    void placeOrder_lowercaseSide_returns400AndPlacesNothing() {
        HttpResult result = order("{\"symbol\":\"BTCUSDT\",\"side\":\"buy\",\"quantity\":\"0.05\"}");
        assertFieldError(result, "side");
        assertEquals("side must be one of BUY, SELL", result.body().path("error").path("message").asText());
    }

    @Test
    void placeOrder_symbolWithTrailingNul_returns400AndPlacesNothing() {
        assertFieldError(order("{\"symbol\":\"BTCUSDT\\u0000\",\"side\":\"BUY\",\"quantity\":\"0.05\"}"),
                "symbol");
        assertFieldError(order("{\"symbol\":\"btcusdt\",\"side\":\"BUY\",\"quantity\":\"0.05\"}"), "symbol");
    }

    @Test
    void placeOrder_quantityWithSpacesOrExponent_returns422AndPlacesNothing() {
        for (String quantity : new String[] {"\" 0.05 \"", "\"5e-2\"", "\"NaN\"", "\"-0\""}) {
            HttpResult result = order("{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":" + quantity + "}");
            assertEquals(422, result.status(), quantity + " " + result);
            assertEquals("INVALID_QUANTITY", result.errorCode());
        }
        assertFieldError(order("{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":1e309}"), "quantity");
    }

    @Test
    void createSession_textPlainContentType_returns415() {
        HttpResult result = invoke(HttpEvent.load("trading-session/create-session.json").user("user-1")
                .header("content-type", "text/plain"));
        assertEquals(415, result.status(), result.toString());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", result.errorCode());
        HttpResult missing = invoke(HttpEvent.load("trading-session/create-session.json").user("user-1")
                .removeHeader("content-type"));
        assertEquals(415, missing.status(), missing.toString());
    }

    @Test
    void createSession_fractionalMaxOrdersPerHour_returns400() {
        assertFieldError(invoke(HttpEvent.load("trading-session/create-session.json").user("user-1")
                .body("{\"name\":\"x\",\"startingCash\":\"1000\",\"riskLimits\":{\"maxOrdersPerHour\":2.9}}")),
                "riskLimits.maxOrdersPerHour");
    }

    @Test
    void createSession_nulInNameOrLowercaseType_returns400() {
        assertFieldError(invoke(HttpEvent.load("trading-session/create-session.json").user("user-1")
                .body("{\"name\":\"Momentum\\u0000\",\"startingCash\":\"1000\"}")), "name");
        assertFieldError(invoke(HttpEvent.load("trading-session/create-session.json").user("user-1")
                .body("{\"name\":\"Momentum\\n\",\"startingCash\":\"1000\"}")), "name");
        assertFieldError(invoke(HttpEvent.load("trading-session/create-session.json").user("user-1")
                .body("{\"name\":\"Momentum\",\"type\":\"paper\",\"startingCash\":\"1000\"}")), "type");
        assertFieldError(invoke(HttpEvent.load("trading-session/create-session.json").user("user-1")
                .body("{\"name\":\"Momentum\",\"startingCash\":\" 1000\"}")), "startingCash");
    }

    @Test
    void journal_fractionalRating_returns400() {
        HttpResult result = invoke(HttpEvent.load("trading-session/create-journal-entry.json").user("user-1")
                .body("{\"note\":\"ok\",\"rating\":2.5}"));
        assertFieldError(result, "rating");
    }

    @Test
    void journal_controlCharactersOrNonCanonicalValues_return400NamingTheField() {
        assertFieldError(invoke(HttpEvent.load("trading-session/create-journal-entry.json").user("user-1")
                .body("{\"note\":\"calm\\u0000\"}")), "note");
        assertFieldError(invoke(HttpEvent.load("trading-session/create-journal-entry.json").user("user-1")
                .body("{\"emotions\":[\"Calm\"]}")), "emotions[0]");
        assertFieldError(invoke(HttpEvent.load("trading-session/create-journal-entry.json").user("user-1")
                .body("{\"tags\":[\"ok\",\"Breakout\"]}")), "tags[1]");
    }

    @Test
    void journal_messages_readAsOneSentence() {
        HttpResult tooMany = invoke(HttpEvent.load("trading-session/create-journal-entry.json").user("user-1")
                .body("{\"tags\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}"));
        assertEquals("tags must hold at most 10 tags", tooMany.body().path("error").path("message").asText());
        HttpResult empty = invoke(HttpEvent.load("trading-session/create-journal-entry.json").user("user-1")
                .body("{}"));
        assertEquals("note is required when there are no emotions, tags or rating",
                empty.body().path("error").path("message").asText());
    }

    @Test
    void importTrades_withoutACsvOrJsonContentType_returns415() {
        HttpResult missing = invoke(HttpEvent.load("trading-session/import-trades-csv.json").user("user-1")
                .removeHeader("content-type"));
        assertEquals(415, missing.status(), missing.toString());
        HttpResult form = invoke(HttpEvent.load("trading-session/import-trades-csv.json").user("user-1")
                .header("content-type", "application/x-www-form-urlencoded"));
        assertEquals(415, form.status(), form.toString());
        HttpResult plain = invoke(HttpEvent.load("trading-session/import-trades-csv.json").user("user-1")
                .header("content-type", "text/plain"));
        assertEquals(415, plain.status(), plain.toString());
    }

    @Test
    void importTrades_csvNotUtf8_returns400() {
        byte[] csv = "time,symbol,side,quantity,price,fees\n2022-01-03T15:00:00Z,AAPL,BUY,1,180,0\n"
                .getBytes(StandardCharsets.UTF_8);
        csv[40] = (byte) 0xC3; // a lead byte followed by an ASCII byte: malformed UTF-8
        HttpResult result = invoke(HttpEvent.load("trading-session/import-trades-csv.json").user("user-1").body(csv));
        assertEquals(400, result.status(), result.toString());
        assertEquals("MALFORMED_BODY", result.errorCode());
    }

    @Test
    void importTrades_csvWithAControlCharacter_returns400() {
        HttpResult result = invoke(HttpEvent.load("trading-session/import-trades-csv.json").user("user-1")
                .body("time,symbol,side,quantity,price,fees\n2022-01-03T15:00:00Z,AAPL\u0000,BUY,1,180,0\n"));
        assertEquals(400, result.status(), result.toString());
        assertEquals("MALFORMED_CSV", result.errorCode());
    }
}
