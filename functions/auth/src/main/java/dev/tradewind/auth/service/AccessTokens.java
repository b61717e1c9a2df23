package dev.tradewind.auth.service;

import dev.tradewind.auth.domain.token.IssuedToken;
import dev.tradewind.auth.domain.token.JwtIssuer;
import dev.tradewind.auth.domain.token.SigningKey;
import dev.tradewind.auth.store.keys.KeysUnavailableException;
import dev.tradewind.auth.store.keys.SigningKeys;
import dev.tradewind.shared.error.UnavailableException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs access tokens with whichever key of the ring signs now (a scheduled key takes over at its activation time
 * without a redeploy). One {@link JwtIssuer} is kept per signing key.
 */
final class AccessTokens {

    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);
    /** A failed read of the keys is not cached: the next request asks SSM again, so a short wait is enough. */
    private static final Duration KEYS_RETRY_AFTER = Duration.ofSeconds(5);

    private final SigningKeys keys;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random;
    private volatile Signer current;

    private record Signer(String kid, JwtIssuer jwt) {
    }

    AccessTokens(SigningKeys keys, String issuer, String audience, Duration ttl, Clock clock, SecureRandom random) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.ttl = ttl;
        this.clock = clock;
        this.random = random;
    }

    Duration ttl() {
        return ttl;
    }

    IssuedToken issue(String userId, String sessionId) {
        SigningKey key;
        try {
            key = keys.ring().signingKey(clock.instant());
        } catch (KeysUnavailableException e) {
            LOG.error("Signing keys unavailable", e);
            throw unavailable();
        }
        Signer signer = current;
        if (signer == null || !signer.kid().equals(key.kid())) {
            signer = new Signer(key.kid(),
                    new JwtIssuer(key, issuer, audience, ttl, clock, JwtIssuer.randomJti(random), random));
            current = signer;
        }
        return signer.jwt().issue(userId, sessionId);
    }

    /** The keys' store (SSM) failed; the cause is logged, the caller only learns when to retry. */
    static UnavailableException unavailable() {
        return new UnavailableException("AUTH_UNAVAILABLE", "Sign-in is temporarily unavailable; try again shortly",
                KEYS_RETRY_AFTER);
    }
}
