package dev.tradewind.auth.domain.token;

import java.time.Instant;
import java.util.List;

/**
 * Claims of an access token whose signature, algorithm, key, lifetime, issuer and audience have
 * all been checked. {@code sessionId} is the optional {@code sid} claim, null when absent. Holds no
 * secrets, so the default {@code toString()} is safe to log.
 */
public record VerifiedClaims(String subject, String issuer, List<String> audience, Instant issuedAt,
        Instant expiresAt, String jti, String sessionId) {

    public VerifiedClaims {
        audience = List.copyOf(audience);
    }
}
