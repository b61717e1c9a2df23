package dev.tradewind.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.validation.FieldRules;
import dev.tradewind.testing.HttpResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad requests to {@code POST /v1/behavior/analyze} are clear 4xx answers and store nothing. */
class AnalyzeValidationIT {

    private static final String TRADE = "{\"time\":\"2022-01-03T10:00:00Z\",\"symbol\":\"BTCUSDT\",\"side\":\"BUY\","
            + "\"quantity\":\"1\",\"price\":\"47000\"}";

    private static BehaviorApi api;

    @BeforeAll
    static void api() {
        api = new BehaviorApi();
    }

    private static HttpResult analyze(String body) {
        return api.analyze("u1", body);
    }

    private static List<String> fields(HttpResult result) {
        List<String> fields = new ArrayList<>();
        JsonNode details = result.body().get("error").get("details");
        if (details != null) {
            details.forEach(d -> fields.add(d.get("field").asText() + ": " + d.get("message").asText()));
        }
        return fields;
    }

    private static void assertInvalid(String body, String... expectedFields) {
        HttpResult result = analyze(body);
        assertEquals(400, result.status(), result.toString());
        assertEquals("VALIDATION_FAILED", result.errorCode(), result.toString());
        List<String> fields = fields(result).stream().map(f -> f.substring(0, f.indexOf(':'))).toList();
        assertEquals(List.of(expectedFields), fields, result.toString());
    }

    @Test
    void exactlyOneSource_isRequired() {
        for (String body : new String[] {"{}", "{\"sensitivity\":\"high\"}",
                "{\"sessionId\":\"01JGXR0A5T6Y7Z8B9C0D1E2F3G\",\"trades\":[" + TRADE + "]}",
                "{\"from\":\"2022-01-01T00:00:00Z\",\"trades\":[" + TRADE + "]}"}) {
            HttpResult result = analyze(body);
            assertEquals(400, result.status(), body);
            assertEquals("ONE_SOURCE_REQUIRED", result.errorCode(), body);
        }
    }

    @Test
    void malformedBodies_are400s() {
        assertEquals("MALFORMED_JSON", analyze("{\"trades\":").errorCode());
        assertEquals("MISSING_BODY", api.invoke(BehaviorApi.event("analyze-session", "u1").body("")).errorCode());
        assertInvalid("{\"session\":\"01JGXR0A5T6Y7Z8B9C0D1E2F3G\"}", "session");
        assertInvalid("{\"trades\":\"all of them\"}", "trades");
        assertInvalid("{\"trades\":[]}", "trades");
    }

    @Test
    void options_areValidated() {
        assertInvalid("{\"trades\":[" + TRADE + "],\"sensitivity\":\"extreme\",\"timeZone\":\"Mars/Olympus\","
                + "\"lossThreshold\":-5}", "sensitivity", "timeZone", "lossThreshold");
        assertInvalid("{\"from\":\"yesterday\"}", "from");
        assertInvalid("{\"to\":\"2022-01-04T00:00:00Z\"}", "from");
        assertInvalid("{\"from\":\"2022-01-05T00:00:00Z\",\"to\":\"2022-01-04T00:00:00Z\"}", "to");
        assertInvalid("{\"lossThreshold\":\"lots\",\"trades\":[" + TRADE + "]}", "lossThreshold");
    }

    /** docs/behaviour.md: {@code to} defaults to now, so a later {@code from} is wrong itself, not a to never sent. */
    @Test
    void range_fromInTheFutureWithoutTo_is400NamingFrom() {
        HttpResult refused = analyze("{\"from\":\"2022-01-05T00:00:00Z\"}");

        assertEquals(400, refused.status(), refused.toString());
        assertEquals("VALIDATION_FAILED", refused.errorCode());
        assertEquals(List.of("from: must be before now, the default of to"), fields(refused));
    }

    /** A to that breaks its rule is named once, for that, not again as a range that ends before from. */
    @Test
    void range_aMalformedToWithAFutureFrom_isNamedOnce() {
        assertEquals(List.of("to: " + FieldRules.INSTANT_RULE),
                fields(analyze("{\"from\":\"2022-01-05T00:00:00Z\",\"to\":\"tomorrow\"}")));
    }

    /** realizedPnl may be negative: its bound is a magnitude, so a loss beyond it is told the bound below. */
    @Test
    void inlineTrades_aRealizedPnlOfMinus10To12_is400SayingTheLowerBound() {
        HttpResult refused = analyze("{\"trades\":[{\"time\":\"2022-01-03T10:00:00Z\",\"symbol\":\"BTCUSDT\","
                + "\"side\":\"SELL\",\"quantity\":1,\"price\":47000,\"realizedPnl\":-1000000000000}]}");

        assertEquals(400, refused.status(), refused.toString());
        assertEquals(List.of("trades[0].realizedPnl: must be above -10^12"), fields(refused));
    }

    /** An id that breaks its rule is refused for that, not also echoed back whole as a repeat. */
    @Test
    void inlineTrades_aLongIdGivenTwice_isRefusedForItsLength_withoutEchoingIt() {
        String trade = "{\"id\":\"" + "x".repeat(5000) + "\",\"time\":\"2022-01-03T10:00:00Z\",\"symbol\":\"BTCUSDT\","
                + "\"side\":\"BUY\",\"quantity\":1,\"price\":47000}";

        HttpResult refused = analyze("{\"trades\":[" + trade + "," + trade + "]}");

        assertEquals(400, refused.status(), refused.toString());
        String rule = "must be 1 to 64 printable ASCII characters without spaces";
        assertEquals(List.of("trades[0].id: " + rule, "trades[1].id: " + rule), fields(refused));
    }

    /** The time field rule (docs/api.md#field-rules): sort keys order ISO-8601 text only with a four-digit year. */
    @Test
    void fromAndTo_outsideTheYears0000To9999_are400sNamingTheField() {
        assertInvalid("{\"from\":\"2022-01-01T00:00:00Z\",\"to\":\"+10000-01-01T00:00:00Z\"}", "to");
        assertInvalid("{\"from\":\"-0001-12-31T00:00:00Z\",\"to\":\"2022-01-04T00:00:00Z\"}", "from");
        assertEquals(List.of("from: " + FieldRules.INSTANT_RULE),
                fields(analyze("{\"from\":\"-0001-12-31T00:00:00Z\"}")));
        HttpResult offset = api.analyze("u2", "{\"from\":\"2022-01-01T02:00:00+02:00\","
                + "\"to\":\"2022-01-04T00:00:00Z\"}");
        assertEquals(200, offset.status(), "an offset is still an instant: " + offset);
    }

    @Test
    void anEmptyTo_aLossThresholdOf10To12_andAnOffsetForTimeZone_are400s() {
        String range = "{\"from\":\"2022-01-01T00:00:00Z\",";
        assertInvalid(range + "\"to\":\"\"}", "to");
        assertInvalid("{\"from\":\"\",\"to\":\"2022-01-04T00:00:00Z\"}", "from");
        assertInvalid(range + "\"lossThreshold\":1000000000000}", "lossThreshold");
        assertInvalid(range + "\"lossThreshold\":\"5000000000000\"}", "lossThreshold");
        assertInvalid(range + "\"timeZone\":\"+02:00\"}", "timeZone");
        assertInvalid(range + "\"timeZone\":\"UTC+2\"}", "timeZone");
        assertInvalid(range + "\"timeZone\":\"Z\"}", "timeZone");
        assertEquals(List.of("timeZone: must be an IANA time zone such as America/New_York",
                "lossThreshold: must be below 10^12", "to: " + FieldRules.INSTANT_RULE),
                fields(analyze(range + "\"to\":\"\",\"lossThreshold\":1000000000000,\"timeZone\":\"+02:00\"}")));

        HttpResult largest = api.analyze("u2", range + "\"lossThreshold\":999999999999.999999999999,"
                + "\"timeZone\":\"Etc/GMT-2\"}");
        assertEquals(200, largest.status(), "the largest threshold below 10^12, and a fixed offset as IANA names it");
    }

    @Test
    void inlineTrades_everyProblemNamesItsField() {
        String body = "{\"trades\":["
                + "{\"time\":\"2022-01-03T10:00:00Z\",\"symbol\":\"btc usdt\",\"side\":\"HOLD\",\"quantity\":\"-1\","
                + "\"price\":\"abc\",\"colour\":\"red\"},"
                + "{\"time\":\"3 Jan 2022\",\"symbol\":\"BTCUSDT\",\"side\":\"SELL\",\"quantity\":0.123456789,"
                + "\"price\":1,\"fees\":-1},"
                + "{\"id\":\"x\",\"time\":\"2022-01-04T19:05:01Z\",\"symbol\":\"BTCUSDT\",\"side\":\"BUY\","
                + "\"quantity\":1,\"price\":1},"
                + "{\"id\":\"x\",\"time\":\"2022-01-03T11:00:00+01:00\",\"symbol\":\"BTCUSDT\",\"side\":\"BUY\","
                + "\"quantity\":1,\"price\":1000000000000},"
                + "42,"
                + "{\"time\":\"2022-01-03T12:00:00Z\",\"side\":\"BUY\",\"quantity\":1}]}";
        HttpResult result = analyze(body);
        assertEquals(400, result.status(), result.toString());
        List<String> fields = fields(result);
        assertEquals(List.of(
                "trades[0].colour: is not a recognised field",
                "trades[0].symbol: must be 1 to 20 of A-Z, 0-9, '.' and '-', starting with a letter or digit",
                "trades[0].side: must be one of BUY, SELL",
                "trades[0].quantity: must be positive",
                "trades[0].price: must be a decimal number such as 12.34, as a JSON number or a string: at most 13"
                        + " digits before the point and 12 after, no exponent, no spaces, not -0",
                "trades[1].time: must be an ISO-8601 time with Z or an offset, e.g. 2022-01-04T15:30:00Z",
                "trades[1].quantity: has more than 8 decimals",
                "trades[1].fees: must not be negative",
                "trades[2].time: is in the future (now is 2022-01-04T19:05:00Z)",
                "trades[3].id: repeats the id 'x'",
                "trades[3].price: must be below 10^12",
                "trades[4]: must be an object",
                "trades[5].symbol: is required",
                "trades[5].price: is required"), fields);
        assertEquals(200, api.reports("u1", BehaviorApi.query()).status());
        assertEquals(0, api.reports("u1", BehaviorApi.query()).body().get("items").size(), "nothing stored");
    }

    /** Inline fees follow the trade import's rule (docs/trading.md#trade-import): up to 12 decimals. */
    @Test
    void inlineTrades_feesWithTwelveDecimals_areAnalysed_andThirteenAre400() {
        String trade = "{\"trades\":[{\"time\":\"2022-01-04T10:00:00Z\",\"symbol\":\"BTCUSDT\",\"side\":\"BUY\","
                + "\"quantity\":0.1,\"price\":46000,\"fees\":\"%s\"}]}";

        // Another user: the other tests expect u1 to have no reports.
        HttpResult twelve = api.analyze("u2", trade.formatted("0.123456789012"));

        assertEquals(200, twelve.status(), twelve.toString());
        assertInvalid(trade.formatted("0.1234567890123"), "trades[0].fees");
    }

    @Test
    void manyBadRows_listTheFirstTwentyProblems() {
        StringBuilder body = new StringBuilder("{\"trades\":[");
        for (int i = 0; i < 100; i++) {
            body.append(i == 0 ? "" : ",").append("{\"time\":\"2022-01-03T10:00:00Z\",\"symbol\":\"BTCUSDT\","
                    + "\"side\":\"BUY\",\"quantity\":0,\"price\":1}");
        }
        HttpResult result = analyze(body.append("]}").toString());
        assertEquals(400, result.status());
        assertEquals(20, result.body().get("error").get("details").size());
    }

    @Test
    void tooManyTrades_is400_andTooLargeABody_is413() {
        StringBuilder many = new StringBuilder("{\"trades\":[");
        for (int i = 0; i <= 10_000; i++) {
            many.append(i == 0 ? "" : ",").append(TRADE);
        }
        HttpResult tooMany = analyze(many.append("]}").toString());
        assertEquals(400, tooMany.status());
        assertEquals("TOO_MANY_TRADES", tooMany.errorCode());

        String padding = " ".repeat(BehaviorHandler.ANALYZE_MAX_BYTES);
        HttpResult tooLarge = analyze("{\"trades\":[" + TRADE + "]" + padding + "}");
        assertEquals(413, tooLarge.status());
        assertTrue(tooLarge.body().get("error").get("message").asText().contains("2097152"));
    }

    @Test
    void sessionIds_thatAreNotIds_are404() {
        assertEquals(404, analyze("{\"sessionId\":\"not-an-id\"}").status());
        assertEquals(404, analyze("{\"sessionId\":\"01jgxr0a5t6y7z8b9c0d1e2f3g\"}").status());
    }
}
