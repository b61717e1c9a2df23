package dev.tradewind.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.auth.domain.password.Argon2Cost;
import dev.tradewind.auth.service.AuthConfig;
import dev.tradewind.auth.service.AuthServices;
import dev.tradewind.auth.service.AuthorizerConfig;
import dev.tradewind.shared.auth.DynamoActiveSessions;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.metrics.EmfCounters;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.MutableClock;
import dev.tradewind.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The auth function and its authorizer as the template configures them, on DynamoDB Local, with a clock and keys
 * the test controls. Requests start from the sample events in events/auth/.
 */
final class AuthFixture {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final String PASSWORD = "correct horse battery staple";
    /** Cheaper than production so the suite stays quick; the parameters travel with each hash anyway. */
    static final Argon2Cost TEST_COST = new Argon2Cost(1024, 1, 1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DynamoDbClient dynamo;

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    final MutableClock clock = new MutableClock(START);
    /** Each fixture signs up and in from its own address, so address counters of other tests never interfere. */
    final String sourceIp = nextAddress();
    final TestKeys keys = TestKeys.generate(START);
    final AuthConfig config;
    final AuthorizerConfig authorizerConfig;
    final AuthHandler handler;
    final AuthorizerHandler authorizer;

    AuthFixture() {
        this(TEST_COST);
    }

    AuthFixture(Argon2Cost cost) {
        this(cost, null);
    }

    /** Over {@code client} (one with an interceptor, say) instead of the shared one. */
    AuthFixture(DynamoDbClient client) {
        this(TEST_COST, client);
    }

    /** @param interceptors on a DynamoDB client of this fixture's own (e.g. {@code DynamoFaults}) */
    AuthFixture(List<ExecutionInterceptor> interceptors) {
        this(TEST_COST, DynamoDbClients.create(
                new Environment(LocalDynamoDb.environment("AuthFunction"), Clock.systemUTC()), interceptors));
    }

    /**
     * @param interceptors on a DynamoDB client of this fixture's own (e.g. {@code DynamoFaults})
     * @param variables    the function's environment variables set otherwise
     */
    AuthFixture(List<ExecutionInterceptor> interceptors, Map<String, String> variables) {
        this(TEST_COST, DynamoDbClients.create(
                new Environment(LocalDynamoDb.environment("AuthFunction"), Clock.systemUTC()), interceptors), variables);
    }

    private AuthFixture(Argon2Cost cost, DynamoDbClient client) {
        this(cost, client, Map.of());
    }

    private AuthFixture(Argon2Cost cost, DynamoDbClient client, Map<String, String> variables) {
        Map<String, String> environment = new HashMap<>(LocalDynamoDb.environment("AuthFunction"));
        environment.putAll(variables);
        Environment env = new Environment(environment, clock);
        config = AuthConfig.from(env);
        authorizerConfig = AuthorizerConfig.from(new Environment(LocalDynamoDb.environment("AuthorizerFunction"), clock));
        DynamoDbClient tables = client != null ? client : dynamo(env);
        handler = new AuthHandler(AuthServices.create(config, tables, keys, clock, new Ulid(clock),
                new SecureRandom(), cost), clock);
        authorizer = new AuthorizerHandler(keys, new DynamoActiveSessions(tables, authorizerConfig.usersTable()),
                authorizerConfig, clock, new EmfCounters(authorizerConfig.metricsNamespace(), "authorizer"));
    }

    private static synchronized DynamoDbClient dynamo(Environment env) {
        if (dynamo == null) {
            dynamo = DynamoDbClients.create(env);
        }
        return dynamo;
    }

    HttpResult register(String email, String password, String displayName) {
        return register(email, password, displayName, sourceIp);
    }

    HttpResult register(String email, String password, String displayName, String sourceIp) {
        return invoke(HttpEvent.load("auth/register.json").sourceIp(sourceIp).body(json(Map.of("email", email,
                "password", password, "displayName", displayName))));
    }

    /** Registers and returns the new user's id. */
    String registered(String email) {
        HttpResult result = register(email, PASSWORD, "Trader " + email.substring(0, email.indexOf('@')));
        if (result.status() != 201) {
            throw new AssertionError("registration failed: " + result);
        }
        return result.body().get("userId").asText();
    }

    HttpResult login(String email, String password) {
        return login(email, password, sourceIp);
    }

    static String nextAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "10." + ((n >> 8) & 255) + "." + (n & 255) + "." + (ProcessHandle.current().pid() % 250 + 1);
    }

    HttpResult login(String email, String password, String sourceIp) {
        return invoke(HttpEvent.load("auth/login.json").sourceIp(sourceIp)
                .body(json(Map.of("email", email, "password", password))));
    }

    /** Signs in and returns the token response body. */
    JsonNode tokens(String email) {
        HttpResult result = login(email, PASSWORD);
        if (result.status() != 200) {
            throw new AssertionError("login failed: " + result);
        }
        return result.body();
    }

    HttpResult refresh(String refreshToken) {
        return invoke(HttpEvent.load("auth/refresh.json").body(json(Map.of("refreshToken", refreshToken))));
    }

    /** GET /v1/auth/me as API Gateway runs it: the authorizer first, then the route with its context. */
    HttpResult me(String accessToken) {
        return authorized(HttpEvent.load("auth/me.json"), accessToken);
    }

    HttpResult changePassword(String accessToken, String currentPassword, String newPassword) {
        return authorized(HttpEvent.load("auth/change-password.json").sourceIp(sourceIp).body(json(Map.of(
                "currentPassword", currentPassword, "newPassword", newPassword))), accessToken);
    }

    HttpResult updateProfile(String accessToken, String body) {
        return authorized(HttpEvent.load("auth/update-me.json").body(body), accessToken);
    }

    HttpResult deleteAccount(String accessToken, String password) {
        return authorized(HttpEvent.load("auth/delete-me.json").sourceIp(sourceIp)
                .body(json(Map.of("password", password))), accessToken);
    }

    HttpResult export(String accessToken) {
        return authorized(HttpEvent.load("auth/export-me.json"), accessToken);
    }

    HttpResult logout(String accessToken) {
        return authorized(HttpEvent.load("auth/logout.json"), accessToken);
    }

    private HttpResult authorized(HttpEvent event, String accessToken) {
        Optional<JsonNode> context = authorize("Bearer " + accessToken);
        if (context.isEmpty()) {
            return new HttpResult(401, Map.of(), JSON.createObjectNode().put("message", "Unauthorized"));
        }
        event.anonymous().user(context.get().get("userId").asText());
        context.get().properties().forEach(e -> event.authorizerContext(e.getKey(), e.getValue().asText()));
        return invoke(event);
    }

    /** The authorizer's context for an Authorization header value, or empty when it answers "Unauthorized". */
    Optional<JsonNode> authorize(String authorizationHeader) {
        ObjectNode event = (ObjectNode) HttpEvent.Events.json("auth/authorizer-request.json");
        event.putArray("identitySource").add(authorizationHeader);
        ((ObjectNode) event.get("headers")).put("authorization", authorizationHeader);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            authorizer.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out,
                    new TestContext("AuthorizerFunction"));
        } catch (AuthorizerHandler.UnauthorizedException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            JsonNode response = JSON.readTree(out.toByteArray());
            if (!response.get("isAuthorized").asBoolean()) {
                throw new AssertionError("the authorizer must fail with Unauthorized, not answer false");
            }
            return Optional.of(response.get("context"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResult invoke(HttpEvent event) {
        return HttpResult.invoke(handler, event.bytes(), new TestContext("AuthFunction"));
    }

    static String json(Map<String, ?> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A unique email per test run, so tests sharing the one DynamoDB Local never collide. */
    static String uniqueEmail(String name) {
        return name + "-" + System.nanoTime() + "@example.com";
    }
}
