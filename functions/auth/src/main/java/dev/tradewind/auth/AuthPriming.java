package dev.tradewind.auth;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.auth.api.AccountView;
import dev.tradewind.auth.api.Requests;
import dev.tradewind.auth.api.TokenResponse;
import dev.tradewind.auth.domain.password.Argon2Cost;
import dev.tradewind.auth.domain.password.PasswordHasher;
import dev.tradewind.auth.domain.password.PasswordPolicy;
import dev.tradewind.auth.domain.token.JwtIssuer;
import dev.tradewind.auth.domain.token.JwtVerifier;
import dev.tradewind.auth.domain.token.SigningKey;
import dev.tradewind.auth.service.AuthConfig;
import dev.tradewind.auth.service.AuthorizerConfig;
import dev.tradewind.auth.service.SnapSafeRandom;
import dev.tradewind.shared.auth.ActiveSessions;
import dev.tradewind.shared.auth.DynamoActiveSessions;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.behavior.ReportItem;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.metrics.Counters;
import dev.tradewind.shared.trading.PrimingHistory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of the auth and authorizer functions, through the shared {@link Priming}.
 *
 * <p>auth: Argon2 verifications at the production cost (with C2 on for this function the compiled Blake2b loop is
 * ~3× faster than C1's) and at a cheap cost (older hashes), the common-password list, one ES256 sign and verify
 * (the JDK's EC code costs ~100 ms on first use); then every sample event of events/auth, with writes kept in memory
 * for the run ({@link Priming.Builder#inMemoryWrites()}): health, JWKS and the contract answer 200; the sample
 * account signs up (201) and signs in (200, a real Argon2 verification and token issue), its refresh token is
 * rotated; the account is given a stopped paper session and a behaviour report with a compressed body (in the same
 * store: that data is other functions' to write), and as that account the profile is read, renamed and exported
 * (converting those items and decompressing the body), the password changed, the sign-in ended and the account
 * deleted with its new password, its session and report with it, each on its success path. The JSON shapes of an
 * account and of tokens are built, one EMF metric is serialized into nothing (a primed sign-in counts none), then a
 * GetItem per table.
 *
 * <p>authorizer: the ES256 part, its sample events (tokens that do not verify: "Unauthorized"), the same two events
 * with a live token through a handler of the run's own ({@code LiveToken}: the verification, the session check's
 * read and the answer of an authorization), one EMF metric serialized into nothing (a refusal counts one, a primed
 * one publishes none) and a GetItem on the users table.
 *
 * <p>Nothing outlives the hooks: the dummy verifications use a fixed public salt, the throwaway key and token are
 * discarded, and the account, hashes and tokens the primed routes make live in the run's store, which is dropped
 * when the run ends; nothing is sent to a table but reads.
 */
final class AuthPriming {

    private static final int ARGON2_ROUNDS = 12;
    /** The refresh token events/auth/refresh.json sends. */
    static final String SAMPLE_REFRESH_TOKEN = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    /** The session and report priming gives the primed account: ULIDs of 1970, as {@link Priming#USER_ID} is. */
    private static final String PRIMED_SESSION = "00000000000000000000000001";
    private static final String PRIMED_REPORT = "00000000000000000000000002";

    private AuthPriming() {
    }

    static Priming forAuth(AuthHandler handler, DynamoDbClient dynamo, Environment env) {
        SecureRandom random = new SnapSafeRandom();
        Priming.Builder priming = Priming.builder("auth")
                .step("argon2", () -> argon2(random))
                .step("es256", () -> es256(random));
        for (String event : new String[] {"health.json", "jwks.json", "openapi.json"}) {
            priming.request(handler, event);
        }
        // The sample account signs up; the requests after it are its own (its id stands for the priming caller's),
        // and the sample refresh token is the one its sign-in issued.
        priming.inMemoryWrites()
                .requestKeeping(handler, "register.json", "userId", Priming.USER_ID)
                .requestKeeping(handler, "login.json", "refreshToken", SAMPLE_REFRESH_TOKEN);
        // The account gets a stopped paper session and a stored behaviour report, so its export converts trading
        // items and decompresses a report body, and its erasure deletes them.
        priming.step("trading and behaviour history", () -> giveHistory(dynamo, env));
        for (String event : new String[] {"refresh.json", "me.json", "update-me.json", "export-me.json",
            "change-password.json", "logout.json", "delete-me.json"}) {
            priming.request(handler, event);
        }
        return priming.json(List.of(AccountView.class, TokenResponse.class),
                        List.of(Requests.RegisterBody.class, Requests.LoginBody.class, Requests.RefreshBody.class,
                                Requests.DeleteAccountBody.class))
                .metrics(AuthConfig.from(env).metricsNamespace())
                .tableReads(dynamo, env, "USERS_TABLE", "TRADING_TABLE", "BEHAVIOR_TABLE", "REALTIME_TABLE").build();
    }

    static Priming forAuthorizer(AuthorizerHandler handler, DynamoDbClient dynamo, Environment env) {
        SecureRandom random = new SnapSafeRandom();
        AuthorizerConfig config = AuthorizerConfig.from(env);
        LiveToken live = new LiveToken();
        RequestStreamHandler authorizing = (in, out, context) -> live.handler.handleRequest(in, out, context);
        return Priming.builder("authorizer")
                .step("es256", () -> es256(random))
                .invocation(handler, "authorizer-request.json", 401)
                .invocation(handler, "websocket-authorizer-request.json", 401)
                .step("live token", () -> live.issue(config, new DynamoActiveSessions(dynamo, config.usersTable()),
                        env.clock(), random))
                .invocation(authorizing, "authorizer-request.json", "authorizer-request.json, live token", 401,
                        event -> {
                            ((ArrayNode) event.get("identitySource")).set(0, "Bearer " + live.token);
                            ((ObjectNode) event.get("headers")).put("authorization", "Bearer " + live.token);
                        })
                .invocation(authorizing, "websocket-authorizer-request.json",
                        "websocket-authorizer-request.json, live token", 401, event -> {
                            ((ObjectNode) event.get("queryStringParameters")).put("token", live.token);
                            ((ArrayNode) event.get("multiValueQueryStringParameters").get("token")).set(0, live.token);
                        })
                .step("live token forgotten", live::forget)
                .metrics(config.metricsNamespace())
                .tableReads(dynamo, env, "USERS_TABLE")
                .build();
    }

    /**
     * The authorizer's success path, which no sample token reaches: a handler of its own trusting only a key made for
     * this run, and a token that key signed. Its session check reads the users table as the real one does (a key no
     * item has) and is then taken as active, so the answer is built; key, token and handler are dropped after.
     */
    private static final class LiveToken {
        private volatile AuthorizerHandler handler;
        private volatile String token;

        void issue(AuthorizerConfig config, ActiveSessions sessions, Clock clock, SecureRandom random) {
            SigningKey key = SigningKey.generate(random, clock.instant());
            ActiveSessions readThenActive = (userId, sessionId, now) -> {
                sessions.isActive(userId, sessionId, now);
                return true;
            };
            handler = new AuthorizerHandler(() -> Map.of(key.kid(), key.publicKey()), readThenActive, config, clock,
                    new Counters() {
                        @Override
                        public void increment(String metric) {
                        }

                        @Override
                        public void increment(String metric, String dimension, String value) {
                        }
                    });
            token = new JwtIssuer(key, config.issuer(), config.audience(), Duration.ofMinutes(1), clock,
                    JwtIssuer.randomJti(random), random).issue(Priming.USER_ID, PRIMED_SESSION).token();
        }

        void forget() {
            handler = null;
            token = null;
        }
    }

    /** The primed account's paper session (three round trips) and one behaviour report with a compressed body. */
    private static void giveHistory(DynamoDbClient dynamo, Environment env) {
        String userId = Priming.standingFor(Priming.USER_ID);
        PrimingHistory.giveStoppedSession(dynamo, env.require("TRADING_TABLE"), userId, PRIMED_SESSION);
        String report = "{\"riskScore\":42.5,\"findings\":[{\"code\":\"REVENGE_TRADING\",\"confidence\":0.73}]}";
        String summary = "{\"riskScore\":42.5,\"findingCodes\":[\"REVENGE_TRADING\"]}";
        ReportItem item = ReportItem.of(userId, PRIMED_REPORT, PRIMED_SESSION, PrimingHistory.START, "priming",
                summary, report, PrimingHistory.START.plus(Duration.ofDays(365)));
        dynamo.putItem(r -> r.tableName(env.require("BEHAVIOR_TABLE")).item(ReportItem.SCHEMA.itemToMap(item, true)));
    }

    private static void argon2(SecureRandom random) {
        PasswordHasher hasher = new PasswordHasher(Argon2Cost.OWASP, random);
        for (int i = 0; i < ARGON2_ROUNDS; i++) {
            hasher.dummyVerify("priming-password-" + i);
        }
        new PasswordHasher(new Argon2Cost(1024, 1, 1), random).dummyVerify("priming");
        PasswordPolicy.standard().check("priming-password");
    }

    private static void es256(SecureRandom random) {
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        SigningKey key = SigningKey.generate(random, clock.instant());
        String token = new JwtIssuer(key, "priming", "priming", Duration.ofMinutes(1), clock,
                JwtIssuer.randomJti(random), random).issue("priming", "priming").token();
        try {
            new JwtVerifier(Map.of(key.kid(), key.publicKey()), "priming", "priming", Duration.ZERO, clock)
                    .verify(token);
        } catch (Exception e) {
            throw new IllegalStateException("priming token did not verify", e);
        }
    }
}
