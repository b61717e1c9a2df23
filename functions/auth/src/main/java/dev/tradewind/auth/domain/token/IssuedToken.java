package dev.tradewind.auth.domain.token;

import java.time.Instant;

/**
 * A freshly signed access token and the facts a login response needs about it.
 *
 * @param token compact JWS; a bearer credential, so {@link #toString()} omits it
 * @param jti   unique token id, e.g. for a deny-list entry on logout
 */
public record IssuedToken(String token, String jti, Instant issuedAt, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedToken[jti=" + jti + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}
