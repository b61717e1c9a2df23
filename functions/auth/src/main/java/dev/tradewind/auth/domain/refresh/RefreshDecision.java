package dev.tradewind.auth.domain.refresh;

/** What to do with a presented refresh token; see {@link RefreshTokens#decide}. */
public enum RefreshDecision {
    /** Valid and current: issue a new token via {@link RefreshTokens#rotate} and new access token. */
    ROTATE,
    /** An already-rotated token of this family came back: it was copied. Revoke the family, answer 401. */
    REUSE_DETECTED,
    /** Idle timeout or absolute session lifetime passed: answer 401, the user logs in again. */
    EXPIRED,
    /** The family was revoked (logout or earlier reuse): answer 401. */
    REVOKED
}
