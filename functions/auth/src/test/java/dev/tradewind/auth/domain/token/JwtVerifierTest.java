package dev.tradewind.auth.domain.token;

import static dev.tradewind.auth.domain.token.Fixtures.AUDIENCE;
import static dev.tradewind.auth.domain.token.Fixtures.CLOCK;
import static dev.tradewind.auth.domain.token.Fixtures.ISSUER;
import static dev.tradewind.auth.domain.token.Fixtures.NOW;
import static dev.tradewind.auth.domain.token.Fixtures.b64;
import static dev.tradewind.auth.domain.token.Fixtures.claims;
import static dev.tradewind.auth.domain.token.Fixtures.clockAt;
import static dev.tradewind.auth.domain.token.Fixtures.header;
import static dev.tradewind.auth.domain.token.Fixtures.issuer;
import static dev.tradewind.auth.domain.token.Fixtures.newKey;
import static dev.tradewind.auth.domain.token.Fixtures.sign;
import static dev.tradewind.auth.domain.token.Fixtures.verifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tradewind.auth.domain.StrictBase64;
import dev.tradewind.auth.domain.token.InvalidTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtVerifierTest {

    private final SigningKey key = newKey();
    private final JwtVerifier verifier = verifier(key);

    private static Reason rejection(JwtVerifier verifier, String token) {
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> verifier.verify(token));
        return e.reason();
    }

    private Reason rejection(String token) {
        return rejection(verifier, token);
    }

    private static String replacePart(String token, int index, String replacement) {
        String[] parts = token.split("\\.", -1);
        parts[index] = replacement;
        return String.join(".", parts);
    }

    @Test
    void verify_freshlyIssuedToken_returnsClaims() throws Exception {
        IssuedToken issued = issuer(key, CLOCK).issue("user-42");

        VerifiedClaims claims = verifier.verify(issued.token());

        assertEquals("user-42", claims.subject());
        assertEquals(ISSUER, claims.issuer());
        assertEquals(List.of(AUDIENCE), claims.audience());
        assertEquals(NOW, claims.issuedAt());
        assertEquals(NOW.plus(JwtIssuer.DEFAULT_TTL), claims.expiresAt());
        assertEquals(issued.jti(), claims.jti());
    }

    @Test
    void verify_expiredBeyondSkew_rejectedAsExpired() {
        String token = issuer(key, CLOCK).issue("user-1").token();
        JwtVerifier later = verifier(Map.of(key.kid(), key.publicKey()),
                clockAt(JwtIssuer.DEFAULT_TTL.plus(JwtVerifier.DEFAULT_CLOCK_SKEW)));

        assertEquals(Reason.EXPIRED, rejection(later, token));
    }

    @Test
    void verify_expiredWithinSkew_accepted() throws Exception {
        String token = issuer(key, CLOCK).issue("user-1").token();
        JwtVerifier slightlyLate = verifier(Map.of(key.kid(), key.publicKey()),
                clockAt(JwtIssuer.DEFAULT_TTL.plusSeconds(59)));

        assertEquals("user-1", slightlyLate.verify(token).subject());
    }

    @Test
    void verify_zeroSkewAtExactExpiry_rejected() {
        String token = issuer(key, CLOCK).issue("user-1").token();
        JwtVerifier strict = new JwtVerifier(Map.of(key.kid(), key.publicKey()), ISSUER, AUDIENCE, Duration.ZERO,
                clockAt(JwtIssuer.DEFAULT_TTL));

        assertEquals(Reason.EXPIRED, rejection(strict, token));
    }

    @Test
    void verify_nbfBeyondSkew_rejectedAsNotYetValid() {
        long now = NOW.getEpochSecond();
        String payload = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"u\",\"aud\":\"" + AUDIENCE + "\",\"iat\":" + now
                + ",\"nbf\":" + (now + 61) + ",\"exp\":" + (now + 900) + ",\"jti\":\"j\"}";

        assertEquals(Reason.NOT_YET_VALID, rejection(sign(key.privateKey(), header(key.kid()), payload)));
    }

    @Test
    void verify_nbfWithinSkew_accepted() throws Exception {
        long now = NOW.getEpochSecond();
        String payload = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"u\",\"aud\":\"" + AUDIENCE + "\",\"iat\":" + now
                + ",\"nbf\":" + (now + 60) + ",\"exp\":" + (now + 900) + ",\"jti\":\"j\"}";

        assertEquals("u", verifier.verify(sign(key.privateKey(), header(key.kid()), payload)).subject());
    }

    @Test
    void verify_issuedInFutureBeyondSkew_rejected() {
        String token = issuer(key, clockAt(Duration.ofSeconds(61))).issue("user-1").token();

        assertEquals(Reason.ISSUED_IN_FUTURE, rejection(token));
    }

    @Test
    void verify_tamperedPayload_rejectedAsBadSignature() {
        String token = issuer(key, CLOCK).issue("user-1").token();
        String forgedClaims = claims().replace("user-1", "admin");

        assertEquals(Reason.BAD_SIGNATURE, rejection(replacePart(token, 1, b64(forgedClaims))));
    }

    @Test
    void verify_tamperedSignature_rejectedAsBadSignature() {
        String token = issuer(key, CLOCK).issue("user-1").token();
        byte[] signature = StrictBase64.decodeUrl(token.split("\\.")[2]);
        signature[10] ^= 0x01;

        assertEquals(Reason.BAD_SIGNATURE, rejection(replacePart(token, 2, StrictBase64.encodeUrl(signature))));
    }

    @Test
    void verify_allZeroSignature_rejected() {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify.
        String token = issuer(key, CLOCK).issue("user-1").token();

        assertEquals(Reason.BAD_SIGNATURE, rejection(replacePart(token, 2, StrictBase64.encodeUrl(new byte[64]))));
    }

    @Test
    void verify_derEncodedSignature_rejected() {
        String token = issuer(key, CLOCK).issue("user-1").token();

        assertEquals(Reason.BAD_SIGNATURE, rejection(replacePart(token, 2, StrictBase64.encodeUrl(new byte[70]))));
    }

    @Test
    void verify_signedByOtherKeyUnderKnownKid_rejectedAsBadSignature() {
        SigningKey attacker = newKey();

        assertEquals(Reason.BAD_SIGNATURE, rejection(sign(attacker.privateKey(), header(key.kid()), claims())));
    }

    @Test
    void verify_algNone_rejected() {
        String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + key.kid() + "\"}") + "." + b64(claims()) + ".";

        assertEquals(Reason.UNSUPPORTED_ALGORITHM, rejection(unsigned));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "es256", "ES384", "ES512", "RS256", "PS256", "EdDSA", "HS256", ""})
    void verify_anyAlgOtherThanEs256_rejected(String alg) {
        String headerJson = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + key.kid() + "\"}";

        assertEquals(Reason.UNSUPPORTED_ALGORITHM, rejection(sign(key.privateKey(), headerJson, claims())));
    }

    @Test
    void verify_algMissingOrNotAString_rejected() {
        assertEquals(Reason.UNSUPPORTED_ALGORITHM,
                rejection(sign(key.privateKey(), "{\"typ\":\"JWT\",\"kid\":\"" + key.kid() + "\"}", claims())));
        assertEquals(Reason.UNSUPPORTED_ALGORITHM,
                rejection(sign(key.privateKey(), "{\"alg\":[\"ES256\"],\"typ\":\"JWT\",\"kid\":\"" + key.kid() + "\"}", claims())));
    }

    @Test
    void verify_hs256WithPublicKeyAsSecret_rejected() throws Exception {
        // Classic algorithm confusion: HMAC keyed with every plausible byte form of the public key.
        String headerJson = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + key.kid() + "\"}";
        String input = b64(headerJson) + "." + b64(claims());
        List<byte[]> secrets = List.of(
                key.publicKey().getEncoded(),
                Jwks.render(Map.of(key.kid(), key.publicKey())).getBytes(StandardCharsets.UTF_8),
                ("-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(key.publicKey().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] secret : secrets) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] tag = mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));

            assertEquals(Reason.UNSUPPORTED_ALGORITHM, rejection(input + "." + StrictBase64.encodeUrl(tag)));
        }
    }

    @Test
    void verify_wrongAudience_rejected() {
        JwtIssuer otherAudience = new JwtIssuer(key, ISSUER, "another-api", JwtIssuer.DEFAULT_TTL, CLOCK,
                JwtIssuer.randomJti(Fixtures.RANDOM), Fixtures.RANDOM);

        assertEquals(Reason.WRONG_AUDIENCE, rejection(otherAudience.issue("user-1").token()));
    }

    @Test
    void verify_audienceArrayContainingOurs_accepted() throws Exception {
        String payload = claims().replace("\"aud\":\"" + AUDIENCE + "\"", "\"aud\":[\"x\",\"" + AUDIENCE + "\"]");

        VerifiedClaims claims = verifier.verify(sign(key.privateKey(), header(key.kid()), payload));

        assertEquals(List.of("x", AUDIENCE), claims.audience());
    }

    @Test
    void verify_audienceArrayWithoutOurs_rejected() {
        String payload = claims().replace("\"aud\":\"" + AUDIENCE + "\"", "\"aud\":[\"x\",\"y\"]");

        assertEquals(Reason.WRONG_AUDIENCE, rejection(sign(key.privateKey(), header(key.kid()), payload)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[1]", "42", "null", "\"\"", "{}"})
    void verify_audienceOfWrongShape_rejectedAsInvalidClaims(String aud) {
        String payload = claims().replace("\"aud\":\"" + AUDIENCE + "\"", "\"aud\":" + aud);

        assertEquals(Reason.INVALID_CLAIMS, rejection(sign(key.privateKey(), header(key.kid()), payload)));
    }

    @Test
    void verify_wrongIssuer_rejected() {
        JwtIssuer other = new JwtIssuer(key, "https://evil.example", AUDIENCE, JwtIssuer.DEFAULT_TTL, CLOCK,
                JwtIssuer.randomJti(Fixtures.RANDOM), Fixtures.RANDOM);

        assertEquals(Reason.WRONG_ISSUER, rejection(other.issue("user-1").token()));
    }

    @Test
    void verify_unknownKid_rejected() {
        SigningKey stranger = newKey();

        assertEquals(Reason.UNKNOWN_KEY, rejection(issuer(stranger, CLOCK).issue("user-1").token()));
    }

    @Test
    void verify_missingKid_rejectedAsUnknownKey() {
        assertEquals(Reason.UNKNOWN_KEY,
                rejection(sign(key.privateKey(), "{\"alg\":\"ES256\",\"typ\":\"JWT\"}", claims())));
    }

    @Test
    void verify_tokenSignedByRotatedOutKey_stillVerifies() throws Exception {
        KeyRing ring = KeyRing.of(key);
        String oldToken = issuer(ring.active(), CLOCK).issue("user-1").token();
        KeyRing rotated = ring.rotate(newKey(), NOW.plusSeconds(1));
        JwtVerifier afterRotation = verifier(rotated.verificationKeys(), clockAt(Duration.ofMinutes(5)));

        assertEquals("user-1", afterRotation.verify(oldToken).subject());
        String newToken = issuer(rotated.active(), CLOCK).issue("user-2").token();
        assertEquals("user-2", afterRotation.verify(newToken).subject());
    }

    @Test
    void verify_tokenSignedByPrunedKey_rejectedAsUnknownKey() {
        String oldToken = issuer(key, CLOCK).issue("user-1").token();
        Duration retention = JwtIssuer.DEFAULT_TTL.plus(JwtVerifier.DEFAULT_CLOCK_SKEW);
        KeyRing pruned = KeyRing.of(key).rotate(newKey(), NOW).prune(NOW.plus(retention).plusSeconds(1), retention);

        assertEquals(Reason.UNKNOWN_KEY, rejection(verifier(pruned.verificationKeys(), CLOCK), oldToken));
    }

    @Test
    void verify_critHeader_rejected() {
        String headerJson = "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + key.kid() + "\",\"crit\":[\"exp\"]}";

        assertEquals(Reason.UNSUPPORTED_HEADER, rejection(sign(key.privateKey(), headerJson, claims())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"at+jwt\"", "\"JWS\"", "1", "null"})
    void verify_otherTyp_rejected(String typ) {
        String headerJson = "{\"alg\":\"ES256\",\"typ\":" + typ + ",\"kid\":\"" + key.kid() + "\"}";

        assertEquals(Reason.UNSUPPORTED_HEADER, rejection(sign(key.privateKey(), headerJson, claims())));
    }

    @Test
    void verify_lowerCaseTyp_accepted() throws Exception {
        String headerJson = "{\"alg\":\"ES256\",\"typ\":\"jwt\",\"kid\":\"" + key.kid() + "\"}";

        assertEquals("user-1", verifier.verify(sign(key.privateKey(), headerJson, claims())).subject());
    }

    @Test
    void verify_duplicateHeaderMember_rejectedAsMalformed() {
        String headerJson = "{\"alg\":\"ES256\",\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + key.kid() + "\"}";

        assertEquals(Reason.MALFORMED, rejection(sign(key.privateKey(), headerJson, claims())));
    }

    @Test
    void verify_duplicateClaim_rejectedAsMalformed() {
        String payload = claims().replace("\"sub\":\"user-1\"", "\"sub\":\"user-1\",\"sub\":\"admin\"");

        assertEquals(Reason.MALFORMED, rejection(sign(key.privateKey(), header(key.kid()), payload)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub", "iss", "aud", "iat", "exp", "jti"})
    void verify_missingRequiredClaim_rejectedAsInvalidClaims(String claim) {
        Map<String, Object> claims = new LinkedHashMap<>(JoseJson.parseObject(claims().getBytes(StandardCharsets.UTF_8)));
        claims.remove(claim);

        assertEquals(Reason.INVALID_CLAIMS, rejection(sign(key.privateKey(), header(key.kid()), JoseJson.write(claims))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1750000000\"", "1750000000.5", "-1", "1e20", "99999999999999999999", "true"})
    void verify_expOfWrongTypeOrRange_rejectedAsInvalidClaims(String exp) {
        String payload = claims().replaceFirst("\"exp\":\\d+", "\"exp\":" + exp);

        assertEquals(Reason.INVALID_CLAIMS, rejection(sign(key.privateKey(), header(key.kid()), payload)));
    }

    @Test
    void verify_validlySignedNonJsonPayload_rejectedAsMalformed() {
        String input = b64(header(key.kid())) + "." + b64("not json");
        byte[] signature = Es256.sign(key.privateKey(), input.getBytes(StandardCharsets.US_ASCII), Fixtures.RANDOM);

        assertEquals(Reason.MALFORMED, rejection(input + "." + StrictBase64.encodeUrl(signature)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ".", "..", "...", "a.b.c", "a.b", "abc", "eyJ.eyJ.", "....", "a..b", " . . ",
        "eyJhbGciOiJFUzI1NiJ9", "eyJhbGciOiJFUzI1NiJ9..", "\u00e9.\u00e9.\u00e9", "%%%.%%%.%%%",
        "W10.W10.AAAA", "bnVsbA.bnVsbA.AAAA", "e30.e30.AAAA=", "e30=.e30.AAAA"})
    void verify_garbage_rejectedAsMalformed(String garbage) {
        assertEquals(Reason.MALFORMED, rejection(garbage));
    }

    @Test
    void verify_null_rejectedAsMalformed() {
        assertEquals(Reason.MALFORMED, rejection(null));
    }

    @Test
    void verify_paddedOrNonCanonicalBase64_rejectedAsMalformed() {
        String token = issuer(key, CLOCK).issue("user-1").token();
        String[] parts = token.split("\\.");
        // 64 bytes take 86 chars, the last carrying 4 unused bits (canonically zero: A, Q, g or w).
        // Its successor (B, R, h or x) decodes to the same bytes under the JDK's lenient decoder.
        String nonCanonical = parts[2].substring(0, 85) + (char) (parts[2].charAt(85) + 1);

        assertEquals(Reason.MALFORMED, rejection(replacePart(token, 2, parts[2] + "==")));
        assertEquals(Reason.MALFORMED, rejection(replacePart(token, 2, nonCanonical)));
    }

    @Test
    void verify_trailingWhitespace_rejectedAsMalformed() {
        String token = issuer(key, CLOCK).issue("user-1").token();

        assertEquals(Reason.MALFORMED, rejection(token + "\n"));
        assertEquals(Reason.MALFORMED, rejection(" " + token));
    }

    @Test
    void verify_hugeToken_rejectedAsTooLarge() {
        String padding = "A".repeat(JwtVerifier.MAX_TOKEN_CHARS);
        String token = issuer(key, CLOCK).issue("user-1").token();

        assertEquals(Reason.TOO_LARGE, rejection(token + padding));
        assertEquals(Reason.TOO_LARGE, rejection("x".repeat(10_000_000)));
    }

    @Test
    void verify_deeplyNestedJson_rejectedAsMalformed() {
        String nested = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";

        assertEquals(Reason.MALFORMED, rejection(b64(nested) + "." + b64(claims()) + ".AAAA"));
    }

    @Test
    void rejectionMessage_neverContainsToken() {
        String token = issuer(key, CLOCK).issue("user-1").token();
        JwtVerifier later = verifier(Map.of(key.kid(), key.publicKey()), clockAt(Instant.parse("2030-01-01T00:00:00Z")));

        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> later.verify(token));

        assertEquals("token rejected: EXPIRED", e.getMessage());
        for (String part : token.split("\\.")) {
            assertFalse(e.getMessage().contains(part));
        }
        assertEquals(0, e.getStackTrace().length);
    }

    @Test
    void constructor_emptyKeySetOrAbsurdSkew_refused() {
        assertThrows(IllegalArgumentException.class, () -> new JwtVerifier(Map.of(), ISSUER, AUDIENCE,
                JwtVerifier.DEFAULT_CLOCK_SKEW, CLOCK));
        assertThrows(IllegalArgumentException.class, () -> new JwtVerifier(Map.of(key.kid(), key.publicKey()),
                ISSUER, AUDIENCE, Duration.ofHours(1), CLOCK));
        assertThrows(IllegalArgumentException.class, () -> new JwtVerifier(Map.of(key.kid(), key.publicKey()),
                ISSUER, AUDIENCE, Duration.ofSeconds(-1), CLOCK));
    }
}
