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
 */
public record RefreshFamily(String familyId, String subject, String currentTokenHash, Instant currentExpiresAt,
        Instant absoluteExpiresAt, boolean revoked) {

    public RefreshFamily {
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(currentTokenHash, "currentTokenHash");
        Objects.requireNonNull(currentExpiresAt, "currentExpiresAt");
        Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
    }

    public RefreshFamily revoke() {
        return new RefreshFamily(familyId, subject, currentTokenHash, currentExpiresAt, absoluteExpiresAt, true);
    }

    /** Omits the token hash, which is a lookup key for a live credential. */
    @Override
    public String toString() {
        return "RefreshFamily[familyId=" + familyId + ", subject=" + subject + ", currentExpiresAt=" + currentExpiresAt
                + ", absoluteExpiresAt=" + absoluteExpiresAt + ", revoked=" + revoked + "]";
    }
}
