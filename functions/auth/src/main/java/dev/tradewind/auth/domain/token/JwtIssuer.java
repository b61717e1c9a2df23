package dev.tradewind.auth.domain.token;

import dev.tradewind.auth.domain.StrictBase64;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Issues ES256-signed access tokens (compact JWS).
 *
 * <p>Header {@code {"alg":"ES256","typ":"JWT","kid":…}}; claims {@code iss, sub, aud, iat, exp, jti} and, when
 * given, {@code sid} (the session).
 * No {@code nbf}: it would always equal {@code iat}, and the verifier already refuses an
 * {@code iat} in the future (it still enforces {@code nbf} when present).
 *
 * <p>Thread-safe. Creates no randomness of its own: the jti and the ECDSA nonce come from the
 * injected sources at call time, so constructing it before a SnapStart snapshot is safe as long as
 * those sources are (see {@code random} below).
 */
public final class JwtIssuer {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

    private static final int JTI_BYTES = 16;

    private final SigningKey key;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;
    private final Supplier<String> jtiSupplier;
    private final SecureRandom random;
    private final String encodedHeader;

    /**
     * @param random ECDSA nonce source: must be snapshot-safe (the Lambda runtime's default
     *               {@code new SecureRandom()}), never a seeded or cloned generator
     */
    public JwtIssuer(SigningKey key, String issuer, String audience, Duration ttl, Clock clock,
            Supplier<String> jtiSupplier, SecureRandom random) {
        this.key = Objects.requireNonNull(key, "key");
        this.issuer = requireText(issuer, "issuer");
        this.audience = requireText(audience, "audience");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("ttl must be at least one second");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jtiSupplier = Objects.requireNonNull(jtiSupplier, "jtiSupplier");
        this.random = Objects.requireNonNull(random, "random");
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("typ", "JWT");
        header.put("kid", key.kid());
        this.encodedHeader = encode(JoseJson.write(header));
    }

    /** A jti supplier of 128 random bits, base64url: unguessable and collision-free in practice. */
    public static Supplier<String> randomJti(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return () -> {
            byte[] bytes = new byte[JTI_BYTES];
            random.nextBytes(bytes);
            return StrictBase64.encodeUrl(bytes);
        };
    }

    public IssuedToken issue(String subject) {
        return issue(subject, null);
    }

    /**
     * @param sessionId written as the {@code sid} claim when not null: the login session (refresh-token family)
     *                  this token belongs to, so a logout can end exactly that session
     */
    public IssuedToken issue(String subject, String sessionId) {
        requireText(subject, "subject");
        // NumericDate is whole seconds; truncating keeps iat/exp exactly what the token says.
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plusSeconds(ttl.toSeconds());
        String jti = requireText(jtiSupplier.get(), "jti");

        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("aud", audience);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("jti", jti);
        if (sessionId != null) {
            claims.put("sid", requireText(sessionId, "sessionId"));
        }

        String signingInput = encodedHeader + '.' + encode(JoseJson.write(claims));
        byte[] signature = Es256.sign(key.privateKey(), signingInput.getBytes(StandardCharsets.US_ASCII), random);
        return new IssuedToken(signingInput + '.' + StrictBase64.encodeUrl(signature), jti, issuedAt, expiresAt);
    }

    private static String encode(String json) {
        return StrictBase64.encodeUrl(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
