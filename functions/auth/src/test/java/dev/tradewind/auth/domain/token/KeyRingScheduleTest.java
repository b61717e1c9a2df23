package dev.tradewind.auth.domain.token;

import static dev.tradewind.auth.domain.token.Fixtures.NOW;
import static dev.tradewind.auth.domain.token.Fixtures.newKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scheduled rotation: publish the next key, let it sign from its activation time, then retire the old one. */
class KeyRingScheduleTest {

    private static final Duration DELAY = Duration.ofMinutes(10);

    @Test
    void schedule_publishesTheNextKeyButTheActiveOneSignsUntilItsTime() {
        SigningKey active = newKey();
        SigningKey next = newKey();
        KeyRing ring = KeyRing.of(active).schedule(next, NOW.plus(DELAY));

        assertEquals(List.of(active.kid(), next.kid()), List.copyOf(ring.verificationKeys().keySet()));
        assertEquals(active, ring.signingKey(NOW.plus(DELAY).minusMillis(1)));
        assertEquals(next, ring.signingKey(NOW.plus(DELAY)));
    }

    @Test
    void promote_retiresTheOldKeyAsOfTheActivationTime_onlyOnceDue() {
        SigningKey active = newKey();
        SigningKey next = newKey();
        KeyRing ring = KeyRing.of(active).schedule(next, NOW.plus(DELAY));

        assertSame(ring, ring.promote(NOW));
        KeyRing promoted = ring.promote(NOW.plus(Duration.ofHours(2)));
        assertEquals(next, promoted.active());
        assertNull(promoted.next());
        assertEquals(List.of(new RetiredKey(active.kid(), active.publicKey(), NOW.plus(DELAY))), promoted.retired());
    }

    @Test
    void schedule_twice_isRefused() {
        KeyRing ring = KeyRing.of(newKey()).schedule(newKey(), NOW.plus(DELAY));
        assertThrows(IllegalStateException.class, () -> ring.schedule(newKey(), NOW.plus(DELAY)));
        assertThrows(IllegalStateException.class, () -> ring.rotate(newKey(), NOW));
    }

    @Test
    void json_roundTrip_keepsTheScheduledKeyAndItsTime() {
        SigningKey next = newKey();
        KeyRing ring = KeyRing.of(newKey()).rotate(newKey(), NOW).schedule(next, NOW.plus(DELAY));

        KeyRing restored = KeyRing.fromJson(ring.toJson());

        assertEquals(next.kid(), restored.next().key().kid());
        assertEquals(NOW.plus(DELAY), restored.next().activatesAt());
        assertEquals(ring.verificationKeys(), restored.verificationKeys());
        assertEquals(2, ring.toJson().split("\"privateKey\"", -1).length - 1, "active and next only");
    }

    @Test
    void duplicateKidBetweenActiveAndNext_isRefused() {
        SigningKey key = newKey();
        assertThrows(IllegalArgumentException.class, () -> KeyRing.of(key).schedule(key, NOW));
    }

    @Test
    void toString_ofAScheduledRing_showsNoKeyMaterial() {
        SigningKey next = newKey();
        String text = KeyRing.of(newKey()).schedule(next, NOW).toString();
        assertFalse(text.contains(Base64.getEncoder().encodeToString(next.privateKey().getEncoded())));
        assertFalse(text.contains(next.privateKey().getS().toString()));
    }
}
