package dev.tradewind.shared.auth;

import java.time.Instant;

/**
 * Whether a sign-in session may still be used: the authorizer's check that a logout ends access
 * (docs/auth.md#ending-access).
 */
@FunctionalInterface
public interface ActiveSessions {

    /** True while the session exists, is not revoked and has not reached its absolute end at {@code now}. */
    boolean isActive(String userId, String sessionId, Instant now);
}
