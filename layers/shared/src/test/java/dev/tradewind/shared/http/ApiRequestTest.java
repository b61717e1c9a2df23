package dev.tradewind.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tradewind.shared.error.FieldError;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.validation.FieldRules;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiRequestTest {

    record Order(String symbol, BigDecimal quantity, List<String> tags) {
    }

    record Settings(Integer rating, Boolean enabled, String name, BigDecimal amount, Double ratio, JsonNode raw) {
    }

    private static ApiRequest request(String body) {
        return new ApiRequest(HttpEvents.event("POST /v1/orders", body), "invocation-1", 1024);
    }

    @Test
    void body_validJson_bindsRecordWithExactDecimals() {
        Order order = request("{\"symbol\":\"BTCUSDT\",\"quantity\":0.1,\"tags\":[\"a\"]}").body(Order.class);
        assertEquals(new Order("BTCUSDT", new BigDecimal("0.1"), List.of("a")), order);
    }

    @Test
    void body_unknownField_returns400NamingIt() {
        var e = assertThrows(InvalidInputException.class,
                () -> request("{\"symbol\":\"X\",\"quantityy\":1}").body(Order.class));
        assertEquals(400, ErrorMapping.status(e));
        assertEquals("VALIDATION_FAILED", e.code());
        assertEquals(List.of(new FieldError("quantityy", "is not a recognised field")), e.details());
    }

    @Test
    void body_wrongTypeInNestedList_returns400WithPath() {
        var e = assertThrows(InvalidInputException.class, () -> request("{\"tags\":[\"a\",{}]}").body(Order.class));
        assertEquals(400, ErrorMapping.status(e));
        assertEquals("tags[1]", e.details().getFirst().field());
    }

    @Test
    void body_malformedJson_returns400() {
        var e = assertThrows(ApiException.class, () -> request("{\"symbol\":").body(Order.class));
        assertEquals(400, e.status());
        assertEquals("MALFORMED_JSON", e.code());
    }

    /** A name given twice is refused, not guessed at: named, since the body is otherwise JSON any parser reads. */
    @Test
    void body_aFieldGivenTwice_returns400NamingIt() {
        var e = assertThrows(InvalidInputException.class,
                () -> request("{\"symbol\":\"X\",\"tags\":[],\"symbol\":\"Y\"}").body(Order.class));
        assertEquals(400, ErrorMapping.status(e));
        assertEquals("VALIDATION_FAILED", e.code());
        assertEquals(List.of(new FieldError("symbol", "appears twice")), e.details());
        var nested = assertThrows(InvalidInputException.class,
                () -> request("{\"raw\":[{\"a\":1},{\"a\":2,\"b\":{},\"a\":3}]}").body(Settings.class));
        assertEquals(List.of(new FieldError("raw[1].a", "appears twice")), nested.details());
        Settings siblings = request("{\"raw\":{\"x\":{\"a\":1},\"y\":{\"a\":2},\"a\":3},\"name\":\"n\"}")
                .body(Settings.class);
        assertEquals(3, siblings.raw().get("a").asInt(), "one name in sibling and nested objects is no repeat");
    }

    @Test
    void body_notAnObject_returns400() {
        var e = assertThrows(ApiException.class, () -> request("[1,2]").body(Order.class));
        assertEquals("MALFORMED_JSON", e.code());
    }

    @Test
    void body_missing_returns400() {
        var e = assertThrows(ApiException.class, () -> request(null).body(Order.class));
        assertEquals("MISSING_BODY", e.code());
    }

    @Test
    void body_overLimit_returns413() {
        String big = "{\"symbol\":\"" + "x".repeat(2000) + "\"}";
        var e = assertThrows(ApiException.class, () -> request(big).body(Order.class));
        assertEquals(413, e.status());
    }

    @Test
    void body_base64OverLimit_returns413BeforeDecoding() {
        var event = HttpEvents.event("POST /v1/orders",
                Base64.getEncoder().encodeToString("y".repeat(5000).getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);
        var e = assertThrows(ApiException.class, () -> new ApiRequest(event, "i", 1024).bodyBytes());
        assertEquals(413, e.status());
    }

    @Test
    void body_base64Json_isDecoded() {
        var event = HttpEvents.event("POST /v1/orders",
                Base64.getEncoder().encodeToString("{\"symbol\":\"AAPL\"}".getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);
        assertEquals("AAPL", new ApiRequest(event, "i", 1024).body(Order.class).symbol());
    }

    @Test
    void queryInt_outOfRangeOrNotANumber_returns400NamingParameter() {
        var event = HttpEvents.event("GET /v1/x", null);
        event.setQueryStringParameters(Map.of("limit", "5000", "page", "abc"));
        var request = new ApiRequest(event, "i", 1024);
        var tooBig = assertThrows(InvalidInputException.class, () -> request.queryInt("limit", 50, 1, 1000));
        assertEquals("limit", tooBig.details().getFirst().field());
        assertEquals(400, ErrorMapping.status(
                assertThrows(InvalidInputException.class, () -> request.queryInt("page", 1, 1, 9))));
        assertEquals(50, request.queryInt("absent", 50, 1, 1000));
    }

    @Test
    void header_lookupIsCaseInsensitive() {
        var event = HttpEvents.event("GET /v1/x", null);
        event.setHeaders(Map.of("Idempotency-Key", "k1"));
        assertEquals("k1", new ApiRequest(event, "i", 1024).header("idempotency-key").orElseThrow());
    }

    @Test
    void userId_fromAuthorizerContext() {
        var event = HttpEvents.withUser(HttpEvents.event("GET /v1/x", null), "user-42");
        assertEquals("user-42", new ApiRequest(event, "i", 1024).userId());
    }

    @Test
    void userId_withoutAuthorizerContext_returns401() {
        var e = assertThrows(ApiException.class,
                () -> new ApiRequest(HttpEvents.event("GET /v1/x", null), "i", 1024).userId());
        assertEquals(401, e.status());
    }

    @Test
    void requestId_prefersApiGatewayRequestId() {
        assertEquals("req-1", request(null).requestId());
        var event = HttpEvents.event("GET /v1/x", null);
        event.getRequestContext().setRequestId(null);
        assertEquals("invocation-1", new ApiRequest(event, "invocation-1", 10).requestId());
    }

    @Test
    void pathId_notAUlid_isTheResourcesNotFound() {
        var event = HttpEvents.event("GET /v1/sessions/{sessionId}", null);
        event.setPathParameters(Map.of("sessionId", "../etc", "ok", "01JGXR0A5T6Y7Z8B9C0D1E2F3G"));
        var request = new ApiRequest(event, "i", 1024);
        var e = assertThrows(NotFoundException.class, () -> request.pathId("sessionId", "Session not found"));
        assertEquals("Session not found", e.getMessage());
        assertEquals(404, ErrorMapping.status(e));
        assertEquals("01JGXR0A5T6Y7Z8B9C0D1E2F3G", request.pathId("ok", "Session not found"));
    }

    @Test
    void queryInstant_parsesIsoInstantsAndRejectsDates() {
        var event = HttpEvents.event("GET /v1/x", null);
        event.setQueryStringParameters(Map.of("from", "2022-01-04T15:00:00Z", "to", "2022-01-04",
                "last", "9999-12-31T23:59:59Z", "far", "+10000-01-01T00:00:00Z"));
        var request = new ApiRequest(event, "i", 1024);
        assertEquals(Optional.of(Instant.parse("2022-01-04T15:00:00Z")), request.queryInstant("from"));
        assertEquals(Optional.of(Instant.parse("9999-12-31T23:59:59Z")), request.queryInstant("last"));
        assertEquals(Optional.empty(), request.queryInstant("absent"));
        var e = assertThrows(InvalidInputException.class, () -> request.queryInstant("to"));
        assertEquals("to", e.details().getFirst().field());
        var far = assertThrows(InvalidInputException.class, () -> request.queryInstant("far"));
        assertEquals(400, ErrorMapping.status(far));
        assertEquals(FieldRules.INSTANT_RULE, far.details().getFirst().message());
    }

    @Test
    void queryInstantOrDate_acceptsDatesAndCollectsEveryBadParameter() {
        var event = HttpEvents.event("GET /v1/x", null);
        event.setQueryStringParameters(Map.of("day", "2022-01-03", "from", "yesterday", "to", "2022-13-01"));
        var request = new ApiRequest(event, "i", 1024);
        Validation validation = new Validation();
        assertEquals(Optional.of(Instant.parse("2022-01-03T00:00:00Z")), request.queryInstantOrDate("day", validation));
        assertEquals(Optional.empty(), request.queryInstantOrDate("from", validation));
        assertEquals(Optional.empty(), request.queryInstantOrDate("to", validation));
        var e = assertThrows(InvalidInputException.class, validation::throwIfInvalid);
        assertEquals(List.of("from", "to"), e.details().stream().map(FieldError::field).toList());
    }

    @Test
    void queryNewestFirst_takesNewestOrOldestAsSent_elseTheDefault_andCollectsAnyOtherValue() {
        var event = HttpEvents.event("GET /v1/x", null);
        event.setQueryStringParameters(Map.of("order", "newest"));
        assertEquals(true, new ApiRequest(event, "i", 1024).queryNewestFirst(false, new Validation()));
        event.setQueryStringParameters(Map.of("order", "oldest"));
        assertEquals(false, new ApiRequest(event, "i", 1024).queryNewestFirst(true, new Validation()));
        event.setQueryStringParameters(Map.of());
        assertEquals(true, new ApiRequest(event, "i", 1024).queryNewestFirst(true, new Validation()));
        assertEquals(false, new ApiRequest(event, "i", 1024).queryNewestFirst(false, new Validation()));
        for (String order : new String[] {"NEWEST", " oldest", "latest"}) {
            event.setQueryStringParameters(Map.of("order", order));
            Validation validation = new Validation();
            new ApiRequest(event, "i", 1024).queryNewestFirst(false, validation);
            var e = assertThrows(InvalidInputException.class, validation::throwIfInvalid, order);
            assertEquals(List.of(new FieldError("order", "must be newest or oldest")), e.details());
        }
    }

    private static FieldError fieldError(String body) {
        var e = assertThrows(InvalidInputException.class, () -> request(body).body(Settings.class), body);
        assertEquals(400, ErrorMapping.status(e));
        assertEquals(1, e.details().size(), e.details().toString());
        return e.details().getFirst();
    }

    @Test
    void body_integerField_refusesFractionsStringsAndFloatForms() {
        for (String value : new String[] {"2.5", "2.9", "2.0", "\"2\"", "\"\"", "true"}) {
            FieldError error = fieldError("{\"rating\":" + value + "}");
            assertEquals("rating", error.field(), value);
            assertEquals("must be a whole number such as 3 (a JSON integer, not 2.0 or \"2\")", error.message(), value);
        }
        assertEquals(new FieldError("rating", FieldRulesMessages.NUMBER), fieldError("{\"rating\":2e0}"));
        assertEquals(3, request("{\"rating\":3}").body(Settings.class).rating());
    }

    @Test
    void body_integerOutOfRange_is400NamingTheField() {
        FieldError error = fieldError("{\"rating\":99999999999}");
        assertEquals("rating", error.field());
    }

    @Test
    void body_stringAndBooleanFields_takeOnlyTheirJsonType() {
        assertEquals(new FieldError("name", "must be a string"), fieldError("{\"name\":5}"));
        assertEquals(new FieldError("name", "must be a string"), fieldError("{\"name\":false}"));
        assertEquals(new FieldError("enabled", "must be true or false"), fieldError("{\"enabled\":\"true\"}"));
        assertEquals(new FieldError("enabled", "must be true or false"), fieldError("{\"enabled\":1}"));
    }

    @Test
    void body_decimals_takeNumbersAndStringsInThePlainSyntaxOnly() {
        assertEquals(new BigDecimal("10000.50"), request("{\"amount\":\"10000.50\"}").body(Settings.class).amount());
        assertEquals(new BigDecimal("0.25"), request("{\"amount\":0.25}").body(Settings.class).amount());
        for (String value : new String[] {"1e309", "1E3", "-0", "-0.0", "12345678901234567890", "0.1234567890123"}) {
            assertEquals(new FieldError("amount", FieldRulesMessages.NUMBER), fieldError("{\"amount\":" + value + "}"));
        }
        for (String value : new String[] {"\" 10\"", "\"10 \"", "\"NaN\"", "\"1e3\"", "\"-0\"", "\"+5\"", "\"\""}) {
            assertEquals(new FieldError("amount", FieldRulesMessages.DECIMAL), fieldError("{\"amount\":" + value + "}"));
        }
    }

    /** A double (optimize's maxWeight) is never read from a string, which Jackson would trim, and take "" as null. */
    @Test
    void body_floatingPointField_takesAPlainJsonNumberOnly() {
        assertEquals(0.4, request("{\"ratio\":0.4}").body(Settings.class).ratio());
        assertEquals(1.0, request("{\"ratio\":1}").body(Settings.class).ratio());
        for (String value : new String[] {"\"0.4\"", "\" 0.4 \"", "\"4e-1\"", "\"\"", "true"}) {
            assertEquals(new FieldError("ratio", "must be a number such as 0.4 (a JSON number, not \"0.4\")"),
                    fieldError("{\"ratio\":" + value + "}"), value);
        }
        assertEquals(new FieldError("ratio", FieldRulesMessages.NUMBER), fieldError("{\"ratio\":4e-1}"));
    }

    @Test
    void body_numbersInRawJson_obeyTheDecimalSyntaxToo() {
        FieldError error = fieldError("{\"raw\":{\"trades\":[{\"price\":1},{\"price\":1e309}]}}");
        assertEquals("raw.trades[1].price", error.field());
    }

    @Test
    void body_controlCharacters_areRefusedInEveryStringAndFieldName() {
        assertEquals(new FieldError("name", FieldRulesMessages.MULTI_LINE_TEXT), fieldError("{\"name\":\"Ann\\u0000\"}"));
        assertEquals("raw.tags[0]", fieldError("{\"raw\":{\"tags\":[\"a\\u001b\"]}}").field());
        assertEquals("raw", fieldError("{\"raw\":{\"x\\u0000\":1}}").field());
        assertEquals(new FieldError("name", FieldRulesMessages.MULTI_LINE_TEXT), fieldError("{\"name\":\"\\ud800\"}"));
        // Line breaks and tabs pass the body; the field's own rule decides whether it takes them.
        assertEquals("a\n\tb", request("{\"name\":\"a\\n\\tb\"}").body(Settings.class).name());
    }

    @Test
    void body_needsAJsonContentType_elseIs415() {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "text/csv",
                "application/json; charset=iso-8859-1", "application/jsonp"}) {
            var event = HttpEvents.event("POST /v1/orders", "{\"symbol\":\"AAPL\"}");
            event.getHeaders().put("content-type", type);
            var e = assertThrows(ApiException.class, () -> new ApiRequest(event, "i", 1024).body(Order.class), type);
            assertEquals(415, e.status());
            assertEquals("UNSUPPORTED_MEDIA_TYPE", e.code());
        }
        var missing = HttpEvents.event("POST /v1/orders", "{\"symbol\":\"AAPL\"}");
        missing.getHeaders().remove("content-type");
        assertEquals(415, assertThrows(ApiException.class,
                () -> new ApiRequest(missing, "i", 1024).body(Order.class)).status());
        for (String type : new String[] {"application/json", "Application/JSON; charset=UTF-8",
                "application/json;charset=\"utf-8\"", "application/vnd.tradewind+json"}) {
            var event = HttpEvents.event("POST /v1/orders", "{\"symbol\":\"AAPL\"}");
            event.getHeaders().put("content-type", type);
            assertEquals("AAPL", new ApiRequest(event, "i", 1024).body(Order.class).symbol(), type);
        }
    }

    /** docs/api.md: a JSON body is UTF-8; Jackson alone would detect and read UTF-16 and UTF-32. */
    @Test
    void body_inUtf16OrUtf32_isMalformedJson() {
        String json = "{\"symbol\":\"AAPL\"}";
        for (Charset charset : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
                Charset.forName("UTF-32"))) {
            var event = HttpEvents.event("POST /v1/orders", Base64.getEncoder().encodeToString(json.getBytes(charset)));
            event.setIsBase64Encoded(true);
            var e = assertThrows(ApiException.class, () -> new ApiRequest(event, "i", 1024).body(Order.class),
                    charset.name());
            assertEquals("MALFORMED_JSON", e.code(), charset.name());
        }
        var utf8 = HttpEvents.event("POST /v1/orders", Base64.getEncoder().encodeToString(
                json.getBytes(StandardCharsets.UTF_8)));
        utf8.setIsBase64Encoded(true);
        assertEquals("AAPL", new ApiRequest(utf8, "i", 1024).body(Order.class).symbol());
    }

    @Test
    void query_isTakenAsSent_andControlCharactersAre400() {
        var event = HttpEvents.event("GET /v1/x", null);
        event.setQueryStringParameters(Map.of("limit", " 5", "plus", "+5", "fraction", "2.5", "name", "a\u0000",
                "empty", ""));
        var request = new ApiRequest(event, "i", 1024);
        for (String name : new String[] {"limit", "plus", "fraction"}) {
            var e = assertThrows(InvalidInputException.class, () -> request.queryInt(name, 1, 1, 100), name);
            assertEquals(new FieldError(name, "must be a whole number from 1 to 100"), e.details().getFirst());
        }
        var nul = assertThrows(InvalidInputException.class, () -> request.query("name"));
        assertEquals(new FieldError("name", "must not contain control characters"), nul.details().getFirst());
        assertEquals(Optional.empty(), request.query("empty"));
    }

    @Test
    void pathSymbol_isTheSymbolRuleExactly() {
        var event = HttpEvents.event("GET /v1/assets/{symbol}", null);
        event.setPathParameters(Map.of("symbol", "BTCUSDT"));
        assertEquals("BTCUSDT", new ApiRequest(event, "i", 1024).pathSymbol("symbol"));
        for (String symbol : new String[] {"btcusdt", "BTCUSDT\u0000", " BTCUSDT", "BTC_USDT"}) {
            event.setPathParameters(Map.of("symbol", symbol));
            var e = assertThrows(InvalidInputException.class,
                    () -> new ApiRequest(event, "i", 1024).pathSymbol("symbol"), symbol);
            assertEquals("symbol", e.details().getFirst().field());
        }
    }

    /** The rule texts, spelled out so that a changed rule is a visible change here. */
    private static final class FieldRulesMessages {
        static final String DECIMAL = "must be a decimal number such as 12.34, as a JSON number or a string: at most"
                + " 13 digits before the point and 12 after, no exponent, no spaces, not -0";
        static final String NUMBER = "must be a number written plainly, such as 12.34: no exponent, not -0, at most"
                + " 13 digits before the point and 12 after";
        static final String MULTI_LINE_TEXT = "must not contain control characters other than tab and line breaks";
    }
}
