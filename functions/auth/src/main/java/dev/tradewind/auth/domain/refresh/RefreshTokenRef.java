package dev.tradewind.auth.domain.refresh;

import java.time.Instant;

/**
 * The stored trace of one refresh token: its SHA-256 (never the token) pointing at its family, kept until the
 * family's absolute expiry so that a rotated token presented again is recognised as reuse.
 */
public record RefreshTokenRef(String tokenHash, String userId, String familyId, Instant expiresAt) {

    @Override
    public String toString() {
        return "RefreshTokenRef[userId=" + userId + ", familyId=" + familyId + ", expiresAt=" + expiresAt + "]";
    }
}
