package dev.tradewind.auth;

import static dev.tradewind.auth.AuthFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.auth.domain.refresh.RefreshTokens;
import dev.tradewind.auth.domain.token.Jwks;
import dev.tradewind.auth.domain.token.JwtIssuer;
import dev.tradewind.auth.domain.token.SigningKey;
import dev.tradewind.shared.metrics.EmfCounters;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The authorizer against real tokens from a real login (DynamoDB Local), and against forgeries built from them:
 * every rejection must be the invocation failing with exactly "Unauthorized" (API Gateway's 401).
 */
class AuthorizerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final AuthFixture auth = new AuthFixture();
    private String userId;
    private String accessToken;
    private String sessionId;

    @BeforeEach
    void signIn() {
        String email = uniqueEmail("authz");
        userId = auth.registered(email);
        accessToken = auth.tokens(email).get("accessToken").asText();
        sessionId = auth.authorize("Bearer " + accessToken).orElseThrow().get("sessionId").asText();
    }

    @Test
    void validToken_isAuthorizedWithTheUserIdAndSessionInTheContext() {
        JsonNode context = auth.authorize("Bearer " + accessToken).orElseThrow();

        assertEquals(userId, context.get("userId").asText());
        assertTrue(context.get("sessionId").asText().length() > 10);
        assertTrue(auth.authorize("bearer " + accessToken).isPresent(), "the scheme is case-insensitive");
    }

    @Test
    void expiredToken_isRejected_afterTheClockSkew() {
        auth.clock.advance(Duration.ofMinutes(15).plusSeconds(29));
        assertTrue(auth.authorize("Bearer " + accessToken).isPresent(),
                "within the 30 s skew; cached 60 s by API Gateway, so up to 90 s past exp (docs/auth.md)");

        auth.clock.advance(Duration.ofSeconds(2));
        assertTrue(auth.authorize("Bearer " + accessToken).isEmpty());
    }

    @Test
    void tamperedClaims_areRejected() throws Exception {
        String[] parts = accessToken.split("\\.");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        ((com.fasterxml.jackson.databind.node.ObjectNode) claims).put("sub", "someone-else");
        String forged = parts[0] + "." + B64.encodeToString(JSON.writeValueAsBytes(claims)) + "." + parts[2];

        assertTrue(auth.authorize("Bearer " + forged).isEmpty());
    }

    @Test
    void tamperedSignature_isRejected() {
        String[] parts = accessToken.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[10] ^= 1;

        assertTrue(auth.authorize("Bearer " + parts[0] + "." + parts[1] + "." + B64.encodeToString(signature)).isEmpty());
    }

    @Test
    void algNone_isRejected() {
        String header = json(Map.of("alg", "none", "typ", "JWT", "kid", auth.keys.ring().active().kid()));
        String[] parts = accessToken.split("\\.");

        assertTrue(auth.authorize("Bearer " + header + "." + parts[1] + ".").isEmpty());
        assertTrue(auth.authorize("Bearer " + header + "." + parts[1] + "." + parts[2]).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"der", "jwks", "pem"})
    void hs256SignedWithThePublicKey_isRejected(String encoding) throws Exception {
        SigningKey key = auth.keys.ring().active();
        byte[] secret = switch (encoding) {
            case "der" -> key.publicKey().getEncoded();
            case "jwks" -> Jwks.render(Map.of(key.kid(), key.publicKey())).getBytes(StandardCharsets.UTF_8);
            default -> ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                    key.publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.UTF_8);
        };
        String input = json(Map.of("alg", "HS256", "typ", "JWT", "kid", key.kid())) + "." + accessToken.split("\\.")[1];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        String forged = input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));

        assertTrue(auth.authorize("Bearer " + forged).isEmpty());
    }

    @Test
    void wrongAudience_isRejected_evenWhenSignedWithTheRealKey() {
        SigningKey key = auth.keys.ring().active();
        String token = issuer(key, auth.config.issuer(), "some-other-api").issue(userId, sessionId).token();

        assertTrue(auth.authorize("Bearer " + token).isEmpty());
        assertTrue(auth.authorize("Bearer " + issuer(key, auth.config.issuer(), auth.config.audience())
                .issue(userId, sessionId).token()).isPresent(), "the same token with the right audience passes");
    }

    @Test
    void wrongIssuer_isRejected() {
        SigningKey key = auth.keys.ring().active();
        String token = issuer(key, "someone-else", auth.config.audience()).issue(userId, sessionId).token();

        assertTrue(auth.authorize("Bearer " + token).isEmpty());
    }

    @Test
    void unknownKid_isRejected() {
        SigningKey stranger = SigningKey.generate(new SecureRandom(), auth.clock.instant());
        String token = issuer(stranger, auth.config.issuer(), auth.config.audience()).issue(userId, sessionId)
                .token();

        assertTrue(auth.authorize("Bearer " + token).isEmpty());
    }

    @Test
    void tokenOfALoggedOutSession_isRejectedAtOnce() {
        assertEquals(204, auth.logout(accessToken).status());

        assertTrue(auth.authorize("Bearer " + accessToken).isEmpty());
    }

    @Test
    void tokenOfASessionRevokedForRefreshReuse_isRejected() {
        String email = uniqueEmail("reused");
        auth.registered(email);
        JsonNode login = auth.tokens(email);
        String refreshed = auth.refresh(login.get("refreshToken").asText()).body().get("accessToken").asText();
        auth.clock.advance(RefreshTokens.REUSE_GRACE);
        assertEquals(401, auth.refresh(login.get("refreshToken").asText()).status());

        assertTrue(auth.authorize("Bearer " + refreshed).isEmpty());
        assertTrue(auth.authorize("Bearer " + login.get("accessToken").asText()).isEmpty());
    }

    @Test
    void validTokenOfAnotherUsersSessionOrNoSession_isRejected() throws Exception {
        SigningKey key = auth.keys.ring().active();
        JwtIssuer issuer = issuer(key, auth.config.issuer(), auth.config.audience());

        assertTrue(auth.authorize("Bearer " + issuer.issue("someone-else", sessionId).token()).isEmpty());
        assertTrue(auth.authorize("Bearer " + issuer.issue(userId, "no-such-session").token()).isEmpty());
        String header = json(Map.of("alg", "ES256", "typ", "JWT", "kid", key.kid()));
        long now = auth.clock.instant().getEpochSecond();
        String withoutSid = json(Map.of("iss", auth.config.issuer(), "sub", userId, "aud", auth.config.audience(),
                "iat", now, "exp", now + 900, "jti", "j-no-sid"));
        assertTrue(auth.authorize("Bearer " + sign(key.privateKey(), header, withoutSid)).isEmpty());
    }

    @Test
    void knownKidButAnotherKeysSignature_isRejected() throws Exception {
        SigningKey stranger = SigningKey.generate(new SecureRandom(), auth.clock.instant());
        String claims = accessToken.split("\\.")[1];
        String header = json(Map.of("alg", "ES256", "typ", "JWT", "kid", auth.keys.ring().active().kid()));

        assertTrue(auth.authorize("Bearer " + sign(stranger.privateKey(), header, claims)).isEmpty());
    }

    @Test
    void notBeforeInTheFuture_isRejected_andHonouredWithinTheSkew() throws Exception {
        SigningKey key = auth.keys.ring().active();
        String header = json(Map.of("alg", "ES256", "typ", "JWT", "kid", key.kid()));
        long now = auth.clock.instant().getEpochSecond();
        String later = claims(now, now + 120);
        String almost = claims(now, now + 20);

        assertTrue(auth.authorize("Bearer " + sign(key.privateKey(), header, later)).isEmpty());
        assertTrue(auth.authorize("Bearer " + sign(key.privateKey(), header, almost)).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer not-a-token", "Bearer a.b.c",
            "Token abc.def.ghi"})
    void missingOrMalformedCredentials_areRejected(String header) {
        assertTrue(auth.authorize(header).isEmpty());
    }

    @Test
    void beforeAnyKeyExists_everyTokenIsRejected() {
        AuthorizerHandler withoutKeys = new AuthorizerHandler(Map::of, (user, session, now) -> true,
                auth.authorizerConfig, auth.clock, new EmfCounters("Tradewind", "authorizer"));
        byte[] event = HttpEvent.Events.bytes("auth/authorizer-request.json");

        var error = assertThrows(AuthorizerHandler.UnauthorizedException.class, () -> withoutKeys.handleRequest(
                new ByteArrayInputStream(event), new ByteArrayOutputStream(), new TestContext("AuthorizerFunction")));
        assertEquals("Unauthorized", error.getMessage());
    }

    private JwtIssuer issuer(SigningKey key, String iss, String aud) {
        return new JwtIssuer(key, iss, aud, Duration.ofMinutes(15), auth.clock, JwtIssuer.randomJti(new SecureRandom()),
                new SecureRandom());
    }

    private String claims(long iat, long nbf) {
        return json(Map.of("iss", auth.config.issuer(), "sub", userId, "aud", auth.config.audience(), "iat", iat,
                "nbf", nbf, "exp", iat + 900, "jti", "j-" + nbf, "sid", sessionId));
    }

    private static String json(Map<String, ?> object) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(object));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String sign(ECPrivateKey key, String encodedHeader, String encodedClaims) throws Exception {
        String input = encodedHeader + "." + encodedClaims;
        Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signature.sign());
    }
}
