package dev.tradewind.auth.domain.token;

import static dev.tradewind.auth.domain.token.Fixtures.NOW;
import static dev.tradewind.auth.domain.token.Fixtures.newKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRingTest {

    private static final Duration RETENTION = JwtIssuer.DEFAULT_TTL.plus(JwtVerifier.DEFAULT_CLOCK_SKEW);

    @Test
    void rotate_newKeySigns_oldKeyOnlyVerifies() {
        SigningKey first = newKey();
        SigningKey second = newKey();

        KeyRing ring = KeyRing.of(first).rotate(second, NOW);

        assertEquals(second, ring.active());
        assertEquals(List.of(new RetiredKey(first.kid(), first.publicKey(), NOW)), ring.retired());
        assertEquals(List.of(second.kid(), first.kid()), List.copyOf(ring.verificationKeys().keySet()));
    }

    @Test
    void prune_keepsRetiredKeyUntilItsLastTokenExpired() {
        SigningKey first = newKey();
        KeyRing ring = KeyRing.of(first).rotate(newKey(), NOW);

        assertEquals(1, ring.prune(NOW.plus(RETENTION).minusSeconds(1), RETENTION).retired().size());
        assertEquals(0, ring.prune(NOW.plus(RETENTION), RETENTION).retired().size());
    }

    @Test
    void json_roundTrip_keepsActiveAndRetiredKeys() {
        KeyRing ring = KeyRing.of(newKey()).rotate(newKey(), NOW).rotate(newKey(), NOW.plusSeconds(60));

        KeyRing restored = KeyRing.fromJson(ring.toJson());

        assertEquals(ring.active().kid(), restored.active().kid());
        assertEquals(ring.retired(), restored.retired());
        assertEquals(ring.verificationKeys(), restored.verificationKeys());
    }

    @Test
    void json_retiredKeysCarryNoPrivateKey() {
        SigningKey first = newKey();
        KeyRing ring = KeyRing.of(first).rotate(newKey(), NOW);

        String json = ring.toJson();

        assertFalse(json.contains(Base64.getEncoder().encodeToString(first.privateKey().getEncoded())));
        assertEquals(1, json.split("\"privateKey\"", -1).length - 1);
    }

    @Test
    void constructor_duplicateKid_refused() {
        SigningKey key = newKey();

        assertThrows(IllegalArgumentException.class,
                () -> new KeyRing(key, List.of(new RetiredKey(key.kid(), key.publicKey(), NOW))));
    }

    @Test
    void toString_listsKidsOnly() {
        SigningKey key = newKey();
        KeyRing ring = KeyRing.of(key).rotate(newKey(), NOW);

        assertTrue(ring.toString().contains(key.kid()));
        assertFalse(ring.toString().contains(Base64.getEncoder().encodeToString(ring.active().privateKey().getEncoded())));
        assertFalse(ring.toString().contains(ring.active().privateKey().getS().toString()));
    }
}
