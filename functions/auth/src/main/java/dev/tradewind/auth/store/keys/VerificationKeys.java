package dev.tradewind.auth.store.keys;

import java.security.interfaces.ECPublicKey;
import java.util.Map;

/**
 * Where verifiers (the authorizer, the JWKS route) get the public keys by kid. Implementations cache; call it per
 * request. The map is empty when no key exists yet (a local runtime before the first login).
 */
@FunctionalInterface
public interface VerificationKeys {

    /** @throws KeysUnavailableException when the keys cannot be read or are not a valid JWK Set */
    Map<String, ECPublicKey> keys();
}
