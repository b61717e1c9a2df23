package dev.tradewind.auth;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.tradewind.auth.domain.token.InvalidTokenException;
import dev.tradewind.auth.domain.token.JwtVerifier;
import dev.tradewind.auth.domain.token.VerifiedClaims;
import dev.tradewind.auth.service.ActiveSessions;
import dev.tradewind.auth.service.AuthServices;
import dev.tradewind.auth.service.AuthorizerConfig;
import dev.tradewind.auth.store.DynamoActiveSessions;
import dev.tradewind.auth.store.keys.VerificationKeys;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The HTTP API's Lambda REQUEST authorizer (payload 2.0, simple responses). It verifies the bearer access token
 * (signature, {@code alg} pinned to ES256, known {@code kid}, {@code exp}/{@code nbf}/{@code iat} with a small
 * skew, {@code iss}, {@code aud}) and answers {@code {"isAuthorized":true,"context":{"userId":…,"sessionId":…}}}.
 * Any invalid, expired or missing token fails the invocation with exactly "Unauthorized", which API Gateway turns
 * into a 401 (an {@code isAuthorized:false} would be a 403). A valid token of a session that has ended (logout,
 * refresh-token reuse, expiry) is refused too: one strongly consistent read of the session per uncached
 * authorization, so access ends within the HTTP API's authorizer cache time (docs/auth.md#ending-access).
 */
public final class AuthorizerHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizerHandler.class);
    private static final String BEARER = "bearer ";

    private final ObjectReader eventReader = Json.mapper().readerFor(JsonNode.class);
    private final VerificationKeys keys;
    private final ActiveSessions sessions;
    private final AuthorizerConfig config;
    private final Clock clock;
    private volatile Verifier verifier;

    /** The verifier for one key set; rebuilt only when the key set changes. */
    private record Verifier(Map<String, ECPublicKey> keys, JwtVerifier jwt) {
    }

    public AuthorizerHandler() {
        this(Environment.current(), DynamoDbClients.create(Environment.current()));
    }

    AuthorizerHandler(Environment env, DynamoDbClient dynamo) {
        this(AuthorizerConfig.from(env), env, dynamo);
        Priming.registerOnce("authorizer", () -> AuthPriming.forAuthorizer(this, dynamo, env));
    }

    private AuthorizerHandler(AuthorizerConfig config, Environment env, DynamoDbClient dynamo) {
        this(AuthServices.verificationKeys(config, env), new DynamoActiveSessions(dynamo, config.usersTable()),
                config, env.clock());
    }

    AuthorizerHandler(VerificationKeys keys, ActiveSessions sessions, AuthorizerConfig config, Clock clock) {
        this.keys = keys;
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        try {
            VerifiedClaims claims = verify(bearerToken(input.readAllBytes()));
            Map<String, Object> authorizerContext = new LinkedHashMap<>();
            authorizerContext.put("userId", claims.subject());
            if (claims.sessionId() != null) {
                authorizerContext.put("sessionId", claims.sessionId());
            }
            output.write(Json.writeBytes(Map.of("isAuthorized", true, "context", authorizerContext)));
        } finally {
            if (context != null) {
                PowertoolsLogging.clearState(true);
            }
        }
    }

    private VerifiedClaims verify(String token) {
        Map<String, ECPublicKey> current = keys.keys();
        if (current.isEmpty()) {
            LOG.info("Token rejected", entry("reason", "NO_KEYS"));
            throw new UnauthorizedException();
        }
        Verifier cached = verifier;
        if (cached == null || cached.keys() != current) {
            cached = new Verifier(current, new JwtVerifier(current, config.issuer(), config.audience(),
                    config.clockSkew(), clock));
            verifier = cached;
        }
        VerifiedClaims claims;
        try {
            claims = cached.jwt().verify(token);
        } catch (InvalidTokenException e) {
            // The reason only: the token is a credential, and so is the Authorization header.
            LOG.info("Token rejected", entry("reason", e.reason().name()));
            throw new UnauthorizedException();
        }
        if (claims.sessionId() == null || !sessions.isActive(claims.subject(), claims.sessionId(), clock.instant())) {
            LOG.info("Token rejected", entry("reason", "SESSION_ENDED"), entry("userId", claims.subject()));
            throw new UnauthorizedException();
        }
        return claims;
    }

    /** The identity source (the Authorization header) as "Bearer <token>"; anything else is unauthorized. */
    private String bearerToken(byte[] event) {
        JsonNode root;
        try {
            root = eventReader.readValue(event);
        } catch (IOException e) {
            LOG.warn("Authorizer event is not JSON");
            throw new UnauthorizedException();
        }
        JsonNode source = root == null ? null : root.path("identitySource").path(0);
        String header = source != null && source.isTextual() ? source.asText() : null;
        if (header == null && root != null) {
            header = root.path("headers").path("authorization").asText(null);
        }
        if (header == null || header.length() <= BEARER.length()
                || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            LOG.info("Token rejected", entry("reason", "NOT_BEARER"));
            throw new UnauthorizedException();
        }
        return header.substring(BEARER.length()).trim();
    }

    /** API Gateway answers 401 when an authorizer fails with exactly this message. */
    static final class UnauthorizedException extends RuntimeException {
        UnauthorizedException() {
            super("Unauthorized", null, false, false);
        }
    }
}
