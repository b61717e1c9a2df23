package dev.tradewind.auth.store.keys;

import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Map;

/**
 * Where verifiers (the authorizer, the JWKS route) get the public keys by kid. Implementations cache; call it per
 * request. The map is empty when no key exists yet (a local runtime before the first login).
 */
@FunctionalInterface
public interface VerificationKeys {

    /**
     * How long the SSM source caches the keys unless {@code KEYS_CACHE_TTL} says otherwise. Here, not on
     * {@link KeySettings}, so the key tool can read it without the AWS SDK on its class path.
     */
    Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

    /** @throws KeysUnavailableException when the keys cannot be read or are not a valid JWK Set */
    Map<String, ECPublicKey> keys();
}
