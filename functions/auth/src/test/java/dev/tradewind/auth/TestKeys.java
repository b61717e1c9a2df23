package dev.tradewind.auth;

import dev.tradewind.auth.domain.token.KeyRing;
import dev.tradewind.auth.domain.token.SigningKey;
import dev.tradewind.auth.store.keys.KeySource;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Map;

/** Keys held in memory, replaceable by a test, as an SSM parameter would be by a rotation. */
final class TestKeys implements KeySource {

    private volatile KeyRing ring;
    private volatile Map<String, ECPublicKey> publicKeys;

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

    @Override
    public KeyRing ring() {
        return ring;
    }

    @Override
    public Map<String, ECPublicKey> keys() {
        return publicKeys;
    }
}
