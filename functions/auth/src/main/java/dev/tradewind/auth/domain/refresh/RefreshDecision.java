package dev.tradewind.auth.domain.refresh;

/** What to do with a presented refresh token; see {@link RefreshTokens#decide}. */
public enum RefreshDecision {
    /** Valid and current: issue a new token via {@link RefreshTokens#rotate} and new access token. */
    ROTATE,
    /**
     * The token the current one replaced came back within the grace window of that rotation: a concurrent refresh
     * (two tabs, a retry). Answer the same new refresh token again via {@link RefreshTokens#replay}; nothing changes.
     */
    REPLAY_IN_GRACE,
    /** An already-rotated token of this family came back: it was copied. Revoke the family, answer 401. */
    REUSE_DETECTED,
    /** Idle timeout or absolute session lifetime passed: answer 401, the user logs in again. */
    EXPIRED,
    /** The family was revoked (logout or earlier reuse): answer 401. */
    REVOKED
}
