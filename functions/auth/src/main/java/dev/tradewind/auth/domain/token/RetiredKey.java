package dev.tradewind.auth.domain.token;

import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A former signing key kept only to verify tokens it signed before rotation. Its private half is
 * deliberately gone: a retired key must never sign again.
 *
 * @param retiredAt when it stopped signing; tokens it signed expire at most one token lifetime later
 */
public record RetiredKey(String kid, ECPublicKey publicKey, Instant retiredAt) {

    public RetiredKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(retiredAt, "retiredAt");
        EcKeys.requireP256(publicKey);
        if (!kid.equals(EcKeys.thumbprint(publicKey))) {
            throw new IllegalArgumentException("kid is not the JWK thumbprint of the public key");
        }
    }

    /** Short form: the JDK key's own toString dumps the whole encoding over many lines. */
    @Override
    public String toString() {
        return "RetiredKey[kid=" + kid + ", retiredAt=" + retiredAt + "]";
    }
}
