package dev.tradewind.auth.store.keys;

/** Both views of one key store: the ring to sign with and the public keys to verify with. */
public interface KeySource extends SigningKeys, VerificationKeys {
}
