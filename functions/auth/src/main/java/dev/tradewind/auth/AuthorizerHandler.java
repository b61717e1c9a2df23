package dev.tradewind.auth;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.tradewind.auth.domain.token.InvalidTokenException;
import dev.tradewind.auth.domain.token.JwtVerifier;
import dev.tradewind.auth.domain.token.VerifiedClaims;
import dev.tradewind.shared.auth.ActiveSessions;
import dev.tradewind.auth.service.AuthServices;
import dev.tradewind.auth.service.AuthorizerConfig;
import dev.tradewind.shared.auth.DynamoActiveSessions;
import dev.tradewind.auth.store.keys.VerificationKeys;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.logging.LogContext;
import dev.tradewind.shared.metrics.Counters;
import dev.tradewind.shared.metrics.EmfCounters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>It is also the WebSocket API's {@code $connect} authorizer (docs/realtime.md). That event has a
 * {@code methodArn} and the token in the {@code token} query parameter (a browser cannot set headers on a
 * WebSocket); WebSocket APIs only take IAM-policy answers, so the same caller is answered as an Allow policy for
 * that one {@code methodArn}, with the same context.
 */
public final class AuthorizerHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizerHandler.class);
    private static final String BEARER = "bearer ";
    /** A refused token: Lambda counts its failed invocation in Errors, which the errors alarm subtracts this from. */
    static final String TOKENS_REJECTED = "TokensRejected";

    private final ObjectReader eventReader = Json.mapper().readerFor(JsonNode.class);
    private final VerificationKeys keys;
    private final ActiveSessions sessions;
    private final AuthorizerConfig config;
    private final Clock clock;
    private final Counters counters;
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
                config, env.clock(), new EmfCounters(config.metricsNamespace(), "authorizer"));
    }

    AuthorizerHandler(VerificationKeys keys, ActiveSessions sessions, AuthorizerConfig config, Clock clock,
                      Counters counters) {
        this.keys = keys;
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        try {
            JsonNode event = parse(input.readAllBytes());
            // The API's request id, as the HTTP functions log it: a refusal's reason is found by the id a client saw.
            LogContext.correlate(event.path("requestContext").path("requestId").asText(null));
            String methodArn = event.path("methodArn").asText(null);
            VerifiedClaims claims = verify(methodArn == null ? bearerToken(event) : queryToken(event));
            Map<String, Object> authorizerContext = new LinkedHashMap<>();
            authorizerContext.put("userId", claims.subject());
            if (claims.sessionId() != null) {
                authorizerContext.put("sessionId", claims.sessionId());
            }
            output.write(Json.writeBytes(methodArn == null
                    ? Map.of("isAuthorized", true, "context", authorizerContext)
                    : allowPolicy(claims.subject(), methodArn, authorizerContext)));
        } catch (UnauthorizedException e) {
            counters.increment(TOKENS_REJECTED);
            throw e;
        } finally {
            if (context != null) {
                PowertoolsLogging.clearState(true);
            }
            LogContext.endCorrelation();
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

    private JsonNode parse(byte[] event) {
        JsonNode root;
        try {
            root = eventReader.readValue(event);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            LOG.warn("Authorizer event is not a JSON object");
            throw new UnauthorizedException();
        }
        return root;
    }

    /** The identity source (the Authorization header) as "Bearer <token>"; anything else is unauthorized. */
    private static String bearerToken(JsonNode root) {
        JsonNode source = root.path("identitySource").path(0);
        String header = source.isTextual() ? source.asText() : root.path("headers").path("authorization").asText(null);
        if (header == null || header.length() <= BEARER.length()
                || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            LOG.info("Token rejected", entry("reason", "NOT_BEARER"));
            throw new UnauthorizedException();
        }
        return header.substring(BEARER.length()).trim();
    }

    /** A WebSocket {@code $connect}: the access token itself, as the {@code token} query parameter. */
    private static String queryToken(JsonNode root) {
        String token = root.path("queryStringParameters").path("token").asText("");
        if (token.isBlank()) {
            LOG.info("Token rejected", entry("reason", "NO_TOKEN"));
            throw new UnauthorizedException();
        }
        return token.trim();
    }

    private static Map<String, Object> allowPolicy(String principal, String methodArn, Map<String, Object> context) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Action", "execute-api:Invoke");
        statement.put("Effect", "Allow");
        statement.put("Resource", methodArn);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("principalId", principal);
        answer.put("policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(statement)));
        answer.put("context", context);
        return answer;
    }

    /** API Gateway answers 401 when an authorizer fails with exactly this message. */
    static final class UnauthorizedException extends RuntimeException {
        UnauthorizedException() {
            super("Unauthorized", null, false, false);
        }
    }
}
