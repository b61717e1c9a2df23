package dev.tradewind.auth;

import dev.tradewind.auth.domain.token.KeyRing;
import dev.tradewind.auth.domain.token.SigningKey;
import dev.tradewind.auth.store.keys.KeySource;
import dev.tradewind.auth.store.keys.KeysUnavailableException;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Map;

/** Keys held in memory, replaceable by a test, as an SSM parameter would be by a rotation. */
final class TestKeys implements KeySource {

    private volatile KeyRing ring;
    private volatile Map<String, ECPublicKey> publicKeys;
    private volatile boolean ringUnavailable;

    TestKeys(KeyRing ring) {
        set(ring);
    }

    static TestKeys generate(Instant now) {
        return new TestKeys(KeyRing.of(SigningKey.generate(new SecureRandom(), now)));
    }

    void set(KeyRing ring) {
        this.ring = ring;
        this.publicKeys = ring.verificationKeys();
    }

    /** Makes reading the ring fail, as SSM would when it cannot be reached after the cache expired. */
    void ringUnavailable(boolean unavailable) {
        this.ringUnavailable = unavailable;
    }

    @Override
    public KeyRing ring() {
        if (ringUnavailable) {
            throw new KeysUnavailableException("the test made the ring unavailable");
        }
        return ring;
    }

    @Override
    public Map<String, ECPublicKey> keys() {
        return publicKeys;
    }
}
