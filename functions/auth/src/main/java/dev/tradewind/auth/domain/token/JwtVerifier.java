package dev.tradewind.auth.domain.token;

import static dev.tradewind.auth.domain.token.InvalidTokenException.Reason.BAD_SIGNATURE;
import static dev.tradewind.auth.domain.token.InvalidTokenException.Reason.EXPIRED;
import static dev.tradewind.auth.domain.token.InvalidTokenException.Reason.INVALID_CLAIMS;
import static dev.tradewind.auth.domain.token.InvalidTokenException.Reason.ISSUED_IN_FUTURE;
import static dev.tradewind.auth.domain.token.InvalidTokenException.Reason.MALFORMED;
import static dev.tradewind.auth.domain.token.InvalidTokenException.Reason.NOT_YET_VALID;
import static dev.tradewind.auth.domain.token.InvalidTokenException.Reason.TOO_LARGE;
import static dev.tradewind.auth.domain.token.InvalidTokenException.Reason.UNKNOWN_KEY;
import static dev.tradewind.auth.domain.token.InvalidTokenException.Reason.UNSUPPORTED_ALGORITHM;
import static dev.tradewind.auth.domain.token.InvalidTokenException.Reason.UNSUPPORTED_HEADER;
import static dev.tradewind.auth.domain.token.InvalidTokenException.Reason.WRONG_AUDIENCE;
import static dev.tradewind.auth.domain.token.InvalidTokenException.Reason.WRONG_ISSUER;

import dev.tradewind.auth.domain.StrictBase64;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies access tokens from {@link JwtIssuer}, or any compact JWS meeting the same profile.
 *
 * <p>The algorithm is pinned to ES256: the header's {@code alg} only ever selects rejection, never a
 * verification routine, so {@code none} and HS256-with-the-public-key forgeries cannot work. The key
 * is chosen by {@code kid} among the configured P-256 keys only; header parameters such as
 * {@code jwk}/{@code jku}/{@code x5u} are ignored. The signature is checked before the payload is
 * parsed, so claims JSON from unauthenticated senders is never read.
 *
 * <p>Required claims: {@code sub}, {@code iss} (exact match), {@code aud} (string or array containing
 * ours), {@code iat}, {@code exp} (whole seconds) and {@code jti}; {@code nbf} is checked when present.
 *
 * <p>Thread-safe and allocation-light; build one per key set and reuse it.
 */
public final class JwtVerifier {

    /** Upper bound on the compact serialization; checked before any decoding. */
    public static final int MAX_TOKEN_CHARS = 8 * 1024;

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    /** Larger tolerances are almost certainly a unit mistake in configuration. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /** 9999-12-31T23:59:59Z: keeps NumericDates representable as {@link Instant} and sane. */
    private static final long MAX_NUMERIC_DATE = 253_402_300_799L;

    private final Map<String, ECPublicKey> keysByKid;
    private final String issuer;
    private final String audience;
    private final long clockSkewSeconds;
    private final Clock clock;

    /**
     * @param keysByKid trusted keys, e.g. {@link KeyRing#verificationKeys()} or {@link Jwks#parse}
     * @param clockSkew tolerance applied to {@code exp}, {@code nbf} and {@code iat}, 0 to 5 minutes
     */
    public JwtVerifier(Map<String, ECPublicKey> keysByKid, String issuer, String audience, Duration clockSkew,
            Clock clock) {
        this.keysByKid = Map.copyOf(keysByKid);
        if (this.keysByKid.isEmpty()) {
            throw new IllegalArgumentException("at least one verification key is required");
        }
        this.keysByKid.values().forEach(EcKeys::requireP256);
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW);
        }
        this.clockSkewSeconds = clockSkew.toSeconds();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @return the verified claims
     * @throws InvalidTokenException with the first reason found; the token is never included
     */
    public VerifiedClaims verify(String token) throws InvalidTokenException {
        if (token == null) {
            throw new InvalidTokenException(MALFORMED);
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException(TOO_LARGE);
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        // Header and claims are never empty; an empty signature is left for the alg check to name
        // (alg "none" tokens end in a bare dot) and would fail verification anyway.
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0 || firstDot == 0 || secondDot == firstDot + 1) {
            throw new InvalidTokenException(MALFORMED);
        }

        // Structure first, so every malformed token gets the same answer whatever its header says.
        byte[] headerBytes = decode(token.substring(0, firstDot));
        byte[] payload = decode(token.substring(firstDot + 1, secondDot));
        byte[] signature = decode(token.substring(secondDot + 1));
        ECPublicKey key = selectKey(parseJson(headerBytes));

        // Every character is base64url by now, so the ASCII bytes are exactly the JWS Signing Input.
        byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
        if (!Es256.verify(key, signingInput, signature)) {
            throw new InvalidTokenException(BAD_SIGNATURE);
        }
        return checkClaims(parseJson(payload));
    }

    private ECPublicKey selectKey(Map<String, Object> header) throws InvalidTokenException {
        if (!"ES256".equals(header.get("alg"))) {
            throw new InvalidTokenException(UNSUPPORTED_ALGORITHM);
        }
        // RFC 7515 §4.1.11: extensions we do not understand must not be silently ignored.
        if (header.containsKey("crit")) {
            throw new InvalidTokenException(UNSUPPORTED_HEADER);
        }
        // Requiring typ stops other JWT kinds signed with the same key passing as access tokens.
        // Media type names are case-insensitive (RFC 7515 §4.1.9).
        if (!(header.get("typ") instanceof String typ) || !typ.equalsIgnoreCase("JWT")) {
            throw new InvalidTokenException(UNSUPPORTED_HEADER);
        }
        if (!(header.get("kid") instanceof String kid) || !keysByKid.containsKey(kid)) {
            throw new InvalidTokenException(UNKNOWN_KEY);
        }
        return keysByKid.get(kid);
    }

    private VerifiedClaims checkClaims(Map<String, Object> claims) throws InvalidTokenException {
        String subject = requiredString(claims, "sub");
        String tokenIssuer = requiredString(claims, "iss");
        List<String> tokenAudience = audience(claims.get("aud"));
        long issuedAt = numericDate(claims, "iat");
        long expiresAt = numericDate(claims, "exp");
        String jti = requiredString(claims, "jti");
        Long notBefore = claims.containsKey("nbf") ? numericDate(claims, "nbf") : null;
        String sessionId = claims.containsKey("sid") ? requiredString(claims, "sid") : null;

        long now = clock.instant().getEpochSecond();
        // RFC 7519 §4.1.4: the current time must be before exp (with leeway).
        if (now - clockSkewSeconds >= expiresAt) {
            throw new InvalidTokenException(EXPIRED);
        }
        if (notBefore != null && notBefore > now + clockSkewSeconds) {
            throw new InvalidTokenException(NOT_YET_VALID);
        }
        if (issuedAt > now + clockSkewSeconds) {
            throw new InvalidTokenException(ISSUED_IN_FUTURE);
        }
        if (!issuer.equals(tokenIssuer)) {
            throw new InvalidTokenException(WRONG_ISSUER);
        }
        if (!tokenAudience.contains(audience)) {
            throw new InvalidTokenException(WRONG_AUDIENCE);
        }
        return new VerifiedClaims(subject, tokenIssuer, tokenAudience, Instant.ofEpochSecond(issuedAt),
                Instant.ofEpochSecond(expiresAt), jti, sessionId);
    }

    private static byte[] decode(String part) throws InvalidTokenException {
        try {
            return StrictBase64.decodeUrl(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(MALFORMED);
        }
    }

    private static Map<String, Object> parseJson(byte[] utf8) throws InvalidTokenException {
        try {
            return JoseJson.parseObject(utf8);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(MALFORMED);
        }
    }

    private static String requiredString(Map<String, Object> claims, String name) throws InvalidTokenException {
        if (claims.get(name) instanceof String value && !value.isEmpty()) {
            return value;
        }
        throw new InvalidTokenException(INVALID_CLAIMS);
    }

    /** Whole seconds only: fractional NumericDates are legal JWT but never produced by our issuer. */
    private static long numericDate(Map<String, Object> claims, String name) throws InvalidTokenException {
        if (claims.get(name) instanceof Long seconds && seconds >= 0 && seconds <= MAX_NUMERIC_DATE) {
            return seconds;
        }
        throw new InvalidTokenException(INVALID_CLAIMS);
    }

    /** RFC 7519 §4.1.3: a single string or an array of strings. */
    private static List<String> audience(Object aud) throws InvalidTokenException {
        if (aud instanceof String single && !single.isEmpty()) {
            return List.of(single);
        }
        if (aud instanceof List<?> values && !values.isEmpty()) {
            List<String> audiences = new ArrayList<>(values.size());
            for (Object value : values) {
                if (!(value instanceof String s)) {
                    throw new InvalidTokenException(INVALID_CLAIMS);
                }
                audiences.add(s);
            }
            return audiences;
        }
        throw new InvalidTokenException(INVALID_CLAIMS);
    }
}
