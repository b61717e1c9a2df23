package dev.tradewind.auth.domain.refresh;

import java.time.Instant;
import java.util.Objects;

/**
 * One login session's chain of refresh tokens, as persisted (keyed by {@code familyId}).
 *
 * @param currentTokenHash  storage hash of the only token of this family that may be used now
 * @param currentExpiresAt  idle timeout: the current token is refused after this instant
 * @param absoluteExpiresAt hard end of the session, however often it is refreshed
 * @param revoked           set on logout or when reuse of an older token is detected
 * @param lastRotation      what a replay of the previous token within the grace window needs; null before the first
 *                          rotation
 */
public record RefreshFamily(String familyId, String subject, String currentTokenHash, Instant currentExpiresAt,
        Instant absoluteExpiresAt, boolean revoked, LastRotation lastRotation) {

    /**
     * The rotation that made the current token.
     *
     * @param previousTokenHash storage hash of the token it replaced
     * @param rotatedAt         when; the grace window starts here
     * @param successorSeed     the random HMAC key that, applied to the previous token, gives the current one: only
     *                          a caller holding the previous token can recompute it, and the store alone cannot
     */
    public record LastRotation(String previousTokenHash, Instant rotatedAt, String successorSeed) {

        public LastRotation {
            Objects.requireNonNull(previousTokenHash, "previousTokenHash");
            Objects.requireNonNull(rotatedAt, "rotatedAt");
            Objects.requireNonNull(successorSeed, "successorSeed");
        }

        @Override
        public String toString() {
            return "LastRotation[rotatedAt=" + rotatedAt + "]";
        }
    }

    public RefreshFamily {
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(currentTokenHash, "currentTokenHash");
        Objects.requireNonNull(currentExpiresAt, "currentExpiresAt");
        Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
    }

    public RefreshFamily revoke() {
        return new RefreshFamily(familyId, subject, currentTokenHash, currentExpiresAt, absoluteExpiresAt, true,
                lastRotation);
    }

    /** Omits the token hashes and the seed: lookup keys and a key for live credentials. */
    @Override
    public String toString() {
        return "RefreshFamily[familyId=" + familyId + ", subject=" + subject + ", currentExpiresAt=" + currentExpiresAt
                + ", absoluteExpiresAt=" + absoluteExpiresAt + ", revoked=" + revoked + "]";
    }
}
