package dev.tradewind.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tradewind.shared.error.FieldError;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.Validation;
import java.math.BigDecimal;
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
        event.setQueryStringParameters(Map.of("from", "2022-01-04T15:00:00Z", "to", "2022-01-04"));
        var request = new ApiRequest(event, "i", 1024);
        assertEquals(Optional.of(Instant.parse("2022-01-04T15:00:00Z")), request.queryInstant("from"));
        assertEquals(Optional.empty(), request.queryInstant("absent"));
        var e = assertThrows(InvalidInputException.class, () -> request.queryInstant("to"));
        assertEquals("to", e.details().getFirst().field());
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
}
