package dev.tradewind.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthHandlerTest {

    private final AuthHandler handler = new AuthHandler(Clock.fixed(Instant.parse("2022-01-03T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void health_returns200WithTheClockTime() {
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("auth/health.json").bytes());
        assertEquals(200, result.status());
        assertEquals("auth", result.body().get("function").asText());
        assertEquals("2022-01-03T10:00:00Z", result.body().get("time").asText());
    }

    @Test
    void me_returnsTheCallerFromTheAuthorizerContext() {
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("auth/me.json").user("user-7").bytes());
        assertEquals(200, result.status());
        assertEquals("user-7", result.body().get("userId").asText());
    }

    @Test
    void me_withoutAuthorizerContext_returns401() {
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("auth/me.json").anonymous().bytes());
        assertEquals(401, result.status());
        assertEquals("UNAUTHORIZED", result.errorCode());
    }

    @Test
    void authorizer_refusesEveryTokenWithUnauthorized() {
        var authorizer = new AuthorizerHandler();
        byte[] event = HttpEvent.Events.bytes("auth/authorizer-request.json");
        var error = assertThrows(RuntimeException.class, () -> authorizer.handleRequest(
                new ByteArrayInputStream(event), new ByteArrayOutputStream(), new TestContext("AuthorizerFunction")));
        assertEquals("Unauthorized", error.getMessage());
    }
}
