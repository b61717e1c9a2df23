package dev.tradewind.auth.domain.refresh;

import dev.tradewind.auth.domain.StrictBase64;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Opaque refresh tokens with rotation and reuse detection; pure logic, persistence is the caller's.
 *
 * <p>Design: a token is 32 random bytes (base64url) and is stored only as its SHA-256, which keys a
 * {@code hash → familyId} item kept until the family's absolute expiry. A family (one login) records
 * the hash of its single current token; refreshing with it rotates to a new token, and presenting any
 * older token of the family proves a copy exists, so the whole family is revoked (RFC 9700 §4.14).
 * The token carries no family id, so it reveals nothing; the hash lookup finds the family.
 *
 * <p>Persist a rotation with a compare-and-set on {@code currentTokenHash} so two concurrent refreshes
 * with one token cannot both win; the loser then reads as {@link RefreshDecision#REUSE_DETECTED}.
 */
public final class RefreshTokens {

    static final int TOKEN_BYTES = 32;
    /** Unpadded base64url length of {@link #TOKEN_BYTES}. */
    static final int TOKEN_CHARS = 43;
    private static final int FAMILY_ID_BYTES = 16;

    private final SecureRandom random;
    private final Duration idleTimeout;
    private final Duration absoluteLifetime;

    /**
     * @param random           token source, read at call time
     * @param idleTimeout      lifetime of each token; the session ends if unused this long
     * @param absoluteLifetime lifetime of the family from login, whatever the refresh activity
     */
    public RefreshTokens(SecureRandom random, Duration idleTimeout, Duration absoluteLifetime) {
        this.random = Objects.requireNonNull(random, "random");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || absoluteLifetime.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("need 0 < idleTimeout <= absoluteLifetime");
        }
        this.idleTimeout = idleTimeout;
        this.absoluteLifetime = absoluteLifetime;
    }

    /** Starts a family at login. */
    public Rotation start(String subject, Instant now) {
        byte[] familyId = new byte[FAMILY_ID_BYTES];
        random.nextBytes(familyId);
        Instant absoluteExpiresAt = now.plus(absoluteLifetime);
        return issue(StrictBase64.encodeUrl(familyId), subject, now, absoluteExpiresAt);
    }

    /**
     * Replaces the family's current token; call only after {@link #decide} returned
     * {@link RefreshDecision#ROTATE}.
     */
    public Rotation rotate(RefreshFamily family, Instant now) {
        if (family.revoked() || !now.isBefore(family.absoluteExpiresAt())) {
            throw new IllegalStateException("cannot rotate a revoked or expired family");
        }
        return issue(family.familyId(), family.subject(), now, family.absoluteExpiresAt());
    }

    private Rotation issue(String familyId, String subject, Instant now, Instant absoluteExpiresAt) {
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        Instant idleExpiry = now.plus(idleTimeout);
        Instant currentExpiresAt = idleExpiry.isBefore(absoluteExpiresAt) ? idleExpiry : absoluteExpiresAt;
        RefreshFamily family = new RefreshFamily(familyId, subject, sha256(secret), currentExpiresAt,
                absoluteExpiresAt, false);
        return new Rotation(StrictBase64.encodeUrl(secret), family);
    }

    /**
     * The storage key for a presented token, or empty if it cannot be one of ours (wrong length or
     * alphabet), in which case the caller answers 401 without a lookup.
     */
    public static Optional<String> storageHash(String presentedToken) {
        if (presentedToken == null || presentedToken.length() != TOKEN_CHARS) {
            return Optional.empty();
        }
        try {
            return Optional.of(sha256(StrictBase64.decodeUrl(presentedToken)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Decides a refresh request, given the family found via the presented token's hash item.
     *
     * @param presentedHash {@link #storageHash} of the presented token
     */
    public static RefreshDecision decide(String presentedHash, RefreshFamily family, Instant now) {
        if (family.revoked()) {
            return RefreshDecision.REVOKED;
        }
        if (!now.isBefore(family.absoluteExpiresAt())) {
            return RefreshDecision.EXPIRED;
        }
        // Constant time out of habit; a hash of attacker input leaks nothing useful anyway.
        boolean current = MessageDigest.isEqual(presentedHash.getBytes(StandardCharsets.US_ASCII),
                family.currentTokenHash().getBytes(StandardCharsets.US_ASCII));
        if (!current) {
            return RefreshDecision.REUSE_DETECTED;
        }
        if (!now.isBefore(family.currentExpiresAt())) {
            return RefreshDecision.EXPIRED;
        }
        return RefreshDecision.ROTATE;
    }

    /**
     * Plain SHA-256 suffices: with 256 random bits there is nothing to brute-force, so salting or
     * stretching would only cost latency.
     */
    private static String sha256(byte[] secret) {
        try {
            return StrictBase64.encodeUrl(MessageDigest.getInstance("SHA-256").digest(secret));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }
}
