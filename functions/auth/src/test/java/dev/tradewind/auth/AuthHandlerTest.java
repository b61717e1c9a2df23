package dev.tradewind.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.auth.service.AuthConfig;
import dev.tradewind.auth.service.AuthorizerConfig;
import dev.tradewind.auth.store.keys.KeySettings;
import dev.tradewind.auth.store.keys.VerificationKeys;
import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.Repository;
import dev.tradewind.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the handler decides before any DynamoDB access: routing, body limits and strictness, configuration. */
class AuthHandlerTest {

    static final Map<String, String> ENVIRONMENT = Map.of(
            "USERS_TABLE", "UsersTable",
            "TRADING_TABLE", "TradingTable",
            "BEHAVIOR_TABLE", "BehaviorTable",
            "REALTIME_TABLE", "RealtimeTable",
            "TOKEN_ISSUER", "tradewind-auth",
            "TOKEN_AUDIENCE", "tradewind-api:test",
            "SIGNING_KEY_RING_PARAMETER", "/tradewind/auth/signing-key-ring",
            "PUBLIC_KEYS_PARAMETER", "/tradewind/auth/jwks",
            // Nothing listens here: these tests must not reach DynamoDB.
            "DYNAMODB_ENDPOINT", "http://127.0.0.1:9");

    private final Clock clock = Clock.fixed(Instant.parse("2022-01-03T10:00:00Z"), ZoneOffset.UTC);
    private final AuthHandler handler = new AuthHandler(new Environment(ENVIRONMENT, clock));

    @Test
    void health_returns200WithTheClockTime() {
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("auth/health.json").bytes());
        assertEquals(200, result.status());
        assertEquals("auth", result.body().get("function").asText());
        assertEquals("2022-01-03T10:00:00Z", result.body().get("time").asText());
    }

    @Test
    void everySampleEvent_isARouteOfThisHandler() throws IOException {
        try (Stream<Path> events = Files.list(Repository.path("events/auth"))) {
            List<String> routeKeys = events.filter(p -> !p.getFileName().toString().contains("authorizer-request"))
                    .map(p -> HttpEvent.Events.json("auth/" + p.getFileName()).get("routeKey").asText())
                    .toList();
            assertEquals(12, routeKeys.size(), routeKeys.toString());
            assertTrue(handler.routeKeys().containsAll(routeKeys), routeKeys.toString());
            assertEquals(handler.routeKeys().size(), routeKeys.size(), "one sample event per route");
        }
    }

    @Test
    void apiContract_isDocsOpenapiYaml_asBuilt() throws IOException {
        // Invoked directly: HttpResult reads bodies as JSON, and this one is YAML.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(HttpEvent.load("auth/openapi.json").bytes()), out,
                new TestContext("AuthHandler"));
        JsonNode response = new ObjectMapper().readTree(out.toByteArray());
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals("application/yaml; charset=utf-8", response.get("headers").get("content-type").asText());
        assertEquals(Files.readString(Repository.path("docs/openapi.yaml")), response.get("body").asText());
    }

    @Test
    void me_withoutAuthorizerContext_returns401() {
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("auth/me.json").anonymous().bytes());
        assertEquals(401, result.status());
        assertEquals("UNAUTHORIZED", result.errorCode());
    }

    @Test
    void logout_withoutAuthorizerContext_returns401() {
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("auth/logout.json").anonymous().bytes());
        assertEquals(401, result.status());
    }

    @Test
    void privateRoutesWithABody_withoutAuthorizerContext_return401BeforeReadingTheBody() {
        for (String event : List.of("auth/update-me.json", "auth/delete-me.json", "auth/change-password.json")) {
            HttpResult result = HttpResult.invoke(handler, HttpEvent.load(event).anonymous().body("{\"x\":").bytes());
            assertEquals(401, result.status(), event + " " + result.body());
            assertEquals("UNAUTHORIZED", result.errorCode(), event);
        }
    }

    @Test
    void login_bodyOverFourKilobytes_returns413() {
        String body = "{\"email\":\"a@example.com\",\"password\":\"" + "x".repeat(5000) + "\"}";
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("auth/login.json").body(body).bytes());
        assertEquals(413, result.status());
    }

    @Test
    void login_malformedJsonOrMissingFields_returns400() {
        assertEquals(400, HttpResult.invoke(handler, HttpEvent.load("auth/login.json").body("{\"email\":").bytes())
                .status());
        HttpResult missing = HttpResult.invoke(handler, HttpEvent.load("auth/login.json").body("{\"email\":\"a@b.co\"}")
                .bytes());
        assertEquals(400, missing.status());
        assertEquals("password", missing.body().path("error").path("details").path(0).path("field").asText());
    }

    @Test
    void register_invalidInput_returns400BeforeAnyWrite() {
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("auth/register.json")
                .body("{\"email\":\"ann@\",\"password\":\"a long enough one\",\"displayName\":\"" + "n".repeat(65)
                        + "\"}").bytes());
        assertEquals(400, result.status());
        assertEquals(2, result.body().path("error").path("details").size(), result.toString());
    }

    private HttpResult register(String email, String password, String displayName) {
        return HttpResult.invoke(handler, HttpEvent.load("auth/register.json").body("{\"email\":\"" + email
                + "\",\"password\":\"" + password + "\",\"displayName\":\"" + displayName + "\"}").bytes());
    }

    private static void assertFieldError(HttpResult result, String field) {
        assertEquals(400, result.status(), result.toString());
        assertEquals(field, result.body().path("error").path("details").path(0).path("field").asText(),
                result.toString());
    }

    /** The DynamoDB client points nowhere: a 400 here was decided before any read or write. */
    @Test
    void register_nulInPassword_returns400() {
        assertFieldError(register("ann@example.com", "correct horse\\u0000battery", "Ann"), "password");
        assertFieldError(register("ann@example.com", "correct horse\\tbattery", "Ann"), "password");
    }

    @Test
    void register_controlCharacterInEmailOrDisplayName_returns400() {
        assertFieldError(register("ann@example.com\\u0000", "correct horse battery", "Ann"), "email");
        assertFieldError(register("ann@example.com\\n", "correct horse battery", "Ann"), "email");
        assertFieldError(register("ann@example.com", "correct horse battery", "Ann\\n"), "displayName");
    }

    @Test
    void register_withoutDisplayName_returns400NamingIt() {
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("auth/register.json")
                .body("{\"email\":\"ann@example.com\",\"password\":\"correct horse battery\"}").bytes());
        assertFieldError(result, "displayName");
        assertEquals("displayName is required", result.body().path("error").path("message").asText());
    }

    @Test
    void register_textPlainContentType_returns415() {
        HttpResult result = HttpResult.invoke(handler, HttpEvent.load("auth/register.json")
                .header("content-type", "text/plain;charset=UTF-8").bytes());
        assertEquals(415, result.status(), result.toString());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", result.errorCode());
    }

    @Test
    void config_missingVariable_failsFastNamingIt() {
        Map<String, String> variables = new HashMap<>(ENVIRONMENT);
        variables.remove("TOKEN_AUDIENCE");
        var error = assertThrows(ConfigException.class, () -> AuthConfig.from(new Environment(variables, clock)));
        assertTrue(error.getMessage().contains("TOKEN_AUDIENCE"));
    }

    /** A skew the verifier refuses would otherwise fail every authorization (500), not the deployment. */
    @Test
    void config_clockSkewTheVerifierRefuses_failsFastNamingIt() {
        Map<String, String> variables = new HashMap<>(ENVIRONMENT);
        for (String skew : new String[] {"PT10M", "-PT1S"}) {
            variables.put("TOKEN_CLOCK_SKEW", skew);
            var error = assertThrows(ConfigException.class,
                    () -> AuthorizerConfig.from(new Environment(variables, clock)), skew);
            assertTrue(error.getMessage().contains("TOKEN_CLOCK_SKEW"), error.getMessage());
        }
        variables.put("TOKEN_CLOCK_SKEW", "PT5M");
        assertEquals(Duration.ofMinutes(5), AuthorizerConfig.from(new Environment(variables, clock)).clockSkew());
    }

    @Test
    void config_inAws_readsTheSsmParameterNames_andTheAuthorizerNeverTheRing() {
        Map<String, String> aws = new HashMap<>(ENVIRONMENT);
        aws.remove("DYNAMODB_ENDPOINT");
        KeySettings signer = AuthConfig.from(new Environment(aws, clock)).keys();
        KeySettings verifier = AuthorizerConfig.from(new Environment(aws, clock)).keys();

        assertEquals(new KeySettings.Ssm("/tradewind/auth/signing-key-ring", "/tradewind/auth/jwks",
                VerificationKeys.DEFAULT_CACHE_TTL), signer);
        assertEquals(new KeySettings.Ssm(null, "/tradewind/auth/jwks", VerificationKeys.DEFAULT_CACHE_TTL), verifier);
        aws.remove("SIGNING_KEY_RING_PARAMETER");
        assertThrows(ConfigException.class, () -> AuthConfig.from(new Environment(aws, clock)));
    }

    @Test
    void config_keysCacheTtlNotPositive_failsFastNamingIt() {
        for (String ttl : new String[] {"-PT5M", "PT0S"}) {
            Map<String, String> aws = new HashMap<>(ENVIRONMENT);
            aws.remove("DYNAMODB_ENDPOINT");
            aws.put("KEYS_CACHE_TTL", ttl);
            var error = assertThrows(ConfigException.class, () -> AuthorizerConfig.from(new Environment(aws, clock)),
                    ttl);
            assertTrue(error.getMessage().contains("KEYS_CACHE_TTL"), error.getMessage());
        }
    }

    @Test
    void config_locally_usesTheDevKeyFileInTheDataDirectory() {
        Map<String, String> local = new HashMap<>(ENVIRONMENT);
        local.put("TRADEWIND_LOCAL_DATA_DIR", "/data/.tradewind");
        assertEquals(new KeySettings.LocalDev(Path.of("/data/.tradewind/auth/dev-signing-keys.json"), true),
                AuthConfig.from(new Environment(local, clock)).keys());
        assertEquals(new KeySettings.LocalDev(Path.of("/data/.tradewind/auth/dev-signing-keys.json"), false),
                AuthorizerConfig.from(new Environment(local, clock)).keys());
        KeySettings inMemory = AuthConfig.from(new Environment(ENVIRONMENT, clock)).keys();
        assertTrue(((KeySettings.LocalDev) inMemory).file().toString().contains("127.0.0.1-9"), inMemory.toString());
    }
}
