package dev.tradewind.auth.store.keys;

import dev.tradewind.auth.domain.token.KeyRing;

/** Where the auth function gets the key ring it signs with. Implementations cache; call it per request. */
@FunctionalInterface
public interface SigningKeys {

    /** @throws KeysUnavailableException when the ring cannot be read or is not a valid ring */
    KeyRing ring();
}
