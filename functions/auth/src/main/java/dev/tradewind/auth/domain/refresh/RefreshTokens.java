package dev.tradewind.auth.domain.refresh;

import dev.tradewind.auth.domain.StrictBase64;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
 * with one token cannot both win.
 *
 * <p>Concurrent refreshes are not theft: the token a rotation replaced, presented again within {@link #REUSE_GRACE}
 * of that rotation, answers the same new token instead of revoking the family (two browser tabs, a client retry).
 * The new token is {@code HMAC-SHA256(seed, previous token)} with a fresh random seed kept in the family, so it can
 * be recomputed from the previous token, which only its holder has, and not from anything stored. After the window,
 * or for any older token, a reuse revokes the family as before. The cost: a thief who presents a stolen token within
 * the window of the owner's rotation gets the owner's new token (docs/auth.md#refresh-tokens).
 */
public final class RefreshTokens {

    static final int TOKEN_BYTES = 32;
    /** Unpadded base64url length of {@link #TOKEN_BYTES}. */
    static final int TOKEN_CHARS = 43;
    private static final int FAMILY_ID_BYTES = 16;
    /** How long after a rotation the replaced token may be presented again and get the same new token. */
    public static final Duration REUSE_GRACE = Duration.ofSeconds(10);

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
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        Instant absoluteExpiresAt = now.plus(absoluteLifetime);
        return issue(StrictBase64.encodeUrl(familyId), subject, secret, now, absoluteExpiresAt, null);
    }

    /**
     * Replaces the family's current token; call only after {@link #decide} returned
     * {@link RefreshDecision#ROTATE} for {@code presentedToken}.
     */
    public Rotation rotate(RefreshFamily family, String presentedToken, Instant now) {
        if (family.revoked() || !now.isBefore(family.absoluteExpiresAt())) {
            throw new IllegalStateException("cannot rotate a revoked or expired family");
        }
        byte[] seed = new byte[TOKEN_BYTES];
        random.nextBytes(seed);
        byte[] presented = StrictBase64.decodeUrl(presentedToken);
        var lastRotation = new RefreshFamily.LastRotation(sha256(presented), now, StrictBase64.encodeUrl(seed));
        return issue(family.familyId(), family.subject(), successor(seed, presented), now, family.absoluteExpiresAt(),
                lastRotation);
    }

    /**
     * The refresh token the family's last rotation issued for {@code presentedToken}; call only after
     * {@link #decide} returned {@link RefreshDecision#REPLAY_IN_GRACE} for it. Empty if the family no longer holds
     * that token (a rotation happened in between).
     */
    public static Optional<String> replay(RefreshFamily family, String presentedToken) {
        RefreshFamily.LastRotation last = family.lastRotation();
        if (last == null) {
            return Optional.empty();
        }
        byte[] secret = successor(StrictBase64.decodeUrl(last.successorSeed()), StrictBase64.decodeUrl(presentedToken));
        return sameHash(sha256(secret), family.currentTokenHash())
                ? Optional.of(StrictBase64.encodeUrl(secret)) : Optional.empty();
    }

    private Rotation issue(String familyId, String subject, byte[] secret, Instant now, Instant absoluteExpiresAt,
                           RefreshFamily.LastRotation lastRotation) {
        Instant idleExpiry = now.plus(idleTimeout);
        Instant currentExpiresAt = idleExpiry.isBefore(absoluteExpiresAt) ? idleExpiry : absoluteExpiresAt;
        RefreshFamily family = new RefreshFamily(familyId, subject, sha256(secret), currentExpiresAt,
                absoluteExpiresAt, false, lastRotation);
        return new Rotation(StrictBase64.encodeUrl(secret), family);
    }

    private static byte[] successor(byte[] seed, byte[] previousToken) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            return mac.doFinal(previousToken);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks HmacSHA256", e);
        }
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
        if (!sameHash(presentedHash, family.currentTokenHash())) {
            RefreshFamily.LastRotation last = family.lastRotation();
            boolean inGrace = last != null && sameHash(presentedHash, last.previousTokenHash())
                    && now.isBefore(last.rotatedAt().plus(REUSE_GRACE)) && now.isBefore(family.currentExpiresAt());
            return inGrace ? RefreshDecision.REPLAY_IN_GRACE : RefreshDecision.REUSE_DETECTED;
        }
        if (!now.isBefore(family.currentExpiresAt())) {
            return RefreshDecision.EXPIRED;
        }
        return RefreshDecision.ROTATE;
    }

    /** Constant time out of habit; a hash of attacker input leaks nothing useful anyway. */
    private static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
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
