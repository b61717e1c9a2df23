package dev.tradewind.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.auth.domain.token.JwtIssuer;
import dev.tradewind.auth.domain.token.SigningKey;
import dev.tradewind.auth.service.AuthorizerConfig;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.metrics.Counters;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.MutableClock;
import dev.tradewind.testing.StandardOutput;
import dev.tradewind.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizerHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2022-01-03T10:15:30Z"));
    private final TestKeys keys = TestKeys.generate(clock.instant());
    private final AuthorizerConfig config = AuthorizerConfig.from(new Environment(AuthHandlerTest.ENVIRONMENT, clock));
    /** Stands in for the users table: only session-1 of user-7 is still signed in. */
    private final List<String> counted = new ArrayList<>();
    private final AuthorizerHandler authorizer = new AuthorizerHandler(keys,
            (userId, sessionId, now) -> userId.equals("user-7") && sessionId.equals("session-1"), config, clock,
            new Counters() {
                @Override
                public void increment(String metric) {
                    counted.add(metric);
                }

                @Override
                public void increment(String metric, String dimension, String value) {
                    counted.add(metric + " " + dimension + "=" + value);
                }
            });

    @Test
    void sampleEvent_withItsPlaceholderToken_failsWithExactlyUnauthorized() {
        byte[] event = HttpEvent.Events.bytes("auth/authorizer-request.json");
        var error = assertThrows(RuntimeException.class, () -> authorizer.handleRequest(
                new ByteArrayInputStream(event), new ByteArrayOutputStream(), new TestContext("AuthorizerFunction")));
        assertEquals("Unauthorized", error.getMessage());
    }

    @Test
    void refusedToken_isCountedAsRejected_soTheErrorsAlarmCanLeaveItOut() {
        byte[] event = HttpEvent.Events.bytes("auth/authorizer-request.json");
        assertThrows(RuntimeException.class, () -> authorizer.handleRequest(new ByteArrayInputStream(event),
                new ByteArrayOutputStream(), new TestContext("AuthorizerFunction")));
        assertEquals(List.of("TokensRejected"), counted);
    }

    @Test
    void validToken_answersTheSimpleResponseWithTheCaller() throws Exception {
        SigningKey key = keys.ring().active();
        String token = new JwtIssuer(key, config.issuer(), config.audience(), Duration.ofMinutes(15), clock,
                JwtIssuer.randomJti(new SecureRandom()), new SecureRandom()).issue("user-7", "session-1").token();
        ObjectNode event = (ObjectNode) HttpEvent.Events.json("auth/authorizer-request.json");
        event.putArray("identitySource").add("Bearer " + token);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        authorizer.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out,
                new TestContext("AuthorizerFunction"));

        JsonNode response = JSON.readTree(out.toByteArray());
        assertEquals(JSON.readTree("{\"isAuthorized\":true,\"context\":{\"userId\":\"user-7\","
                + "\"sessionId\":\"session-1\"}}"), response);
    }

    @Test
    void validTokenOfAnEndedSession_failsWithExactlyUnauthorized() throws Exception {
        String token = new JwtIssuer(keys.ring().active(), config.issuer(), config.audience(), Duration.ofMinutes(15),
                clock, JwtIssuer.randomJti(new SecureRandom()), new SecureRandom()).issue("user-7", "session-2")
                .token();
        ObjectNode event = (ObjectNode) HttpEvent.Events.json("auth/authorizer-request.json");
        event.putArray("identitySource").add("Bearer " + token);

        var error = assertThrows(AuthorizerHandler.UnauthorizedException.class, () -> authorizer.handleRequest(
                new ByteArrayInputStream(JSON.writeValueAsBytes(event)), new ByteArrayOutputStream(),
                new TestContext("AuthorizerFunction")));
        assertEquals("Unauthorized", error.getMessage());
    }

    @Test
    void websocketConnect_validQueryToken_answersAnAllowPolicyForItsMethodArn() throws Exception {
        String token = new JwtIssuer(keys.ring().active(), config.issuer(), config.audience(), Duration.ofMinutes(15),
                clock, JwtIssuer.randomJti(new SecureRandom()), new SecureRandom()).issue("user-7", "session-1")
                .token();
        ObjectNode event = (ObjectNode) HttpEvent.Events.json("auth/websocket-authorizer-request.json");
        ((ObjectNode) event.get("queryStringParameters")).put("token", token);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        authorizer.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out,
                new TestContext("AuthorizerFunction"));

        assertEquals(JSON.readTree("""
                {"principalId": "user-7",
                 "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke",
                   "Effect": "Allow", "Resource": "arn:aws:execute-api:us-east-1:123456789012:w1x2y3z4a5/live/$connect"}]},
                 "context": {"userId": "user-7", "sessionId": "session-1"}}"""), JSON.readTree(out.toByteArray()));
    }

    @Test
    void websocketConnect_sampleTokenMissingTokenOrBearerHeaderOnly_failWithExactlyUnauthorized() throws Exception {
        String token = new JwtIssuer(keys.ring().active(), config.issuer(), config.audience(), Duration.ofMinutes(15),
                clock, JwtIssuer.randomJti(new SecureRandom()), new SecureRandom()).issue("user-7", "session-1")
                .token();
        ObjectNode sample = (ObjectNode) HttpEvent.Events.json("auth/websocket-authorizer-request.json");
        ObjectNode withoutToken = sample.deepCopy();
        withoutToken.remove("queryStringParameters");
        // A valid token in a header does not count: the WebSocket identity source is the query parameter.
        ((ObjectNode) withoutToken.get("headers")).put("authorization", "Bearer " + token);
        ObjectNode expired = sample.deepCopy();
        ((ObjectNode) expired.get("queryStringParameters")).put("token", token);

        for (ObjectNode event : new ObjectNode[] {sample, withoutToken, expired}) {
            if (event == expired) {
                clock.advance(Duration.ofHours(1));
            }
            var error = assertThrows(AuthorizerHandler.UnauthorizedException.class, () -> authorizer.handleRequest(
                    new ByteArrayInputStream(JSON.writeValueAsBytes(event)), new ByteArrayOutputStream(),
                    new TestContext("AuthorizerFunction")));
            assertEquals("Unauthorized", error.getMessage());
        }
    }

    @Test
    void refusedToken_isLoggedWithTheRequestId_asEveryFunctionsLinesAre() throws Exception {
        for (String name : List.of("auth/authorizer-request.json", "auth/websocket-authorizer-request.json")) {
            JsonNode event = HttpEvent.Events.json(name);
            String logs = StandardOutput.capture(() -> assertThrows(AuthorizerHandler.UnauthorizedException.class,
                    () -> authorizer.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)),
                            new ByteArrayOutputStream(), new TestContext("AuthorizerFunction"))));

            JsonNode line = JSON.readTree(logs.lines().filter(l -> l.contains("Token rejected")).findFirst()
                    .orElseThrow(() -> new AssertionError("nothing logged for " + name + ": " + logs)));
            assertEquals(event.path("requestContext").path("requestId").asText(),
                    line.path("correlation_id").asText(), name);
        }
    }

    @Test
    void nonJsonEvent_isUnauthorized() {
        assertThrows(AuthorizerHandler.UnauthorizedException.class, () -> authorizer.handleRequest(
                new ByteArrayInputStream("not json".getBytes()), new ByteArrayOutputStream(), null));
    }
}
