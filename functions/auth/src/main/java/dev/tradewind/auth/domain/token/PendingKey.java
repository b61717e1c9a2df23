package dev.tradewind.auth.domain.token;

import java.time.Instant;
import java.util.Objects;

/**
 * The next signing key, published before it signs anything. Verifiers that cache the key set (the authorizer, the
 * JWKS route, other services) learn its public half while the current key still signs; signers switch to it on
 * their own at {@code activatesAt}, so no verifier ever sees a token from a key it does not know yet.
 *
 * @param activatesAt first instant at which it signs; set later than every verifier's key-cache lifetime
 */
public record PendingKey(SigningKey key, Instant activatesAt) {

    public PendingKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(activatesAt, "activatesAt");
    }
}
