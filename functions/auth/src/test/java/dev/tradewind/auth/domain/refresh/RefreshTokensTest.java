package dev.tradewind.auth.domain.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.auth.FixedBytesRandom;
import dev.tradewind.auth.domain.StrictBase64;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RefreshTokensTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Duration IDLE = Duration.ofDays(7);
    private static final Duration ABSOLUTE = Duration.ofDays(30);

    private final RefreshTokens tokens = new RefreshTokens(new SecureRandom(), IDLE, ABSOLUTE);

    private static String hashOf(Rotation rotation) {
        return RefreshTokens.storageHash(rotation.token()).orElseThrow();
    }

    @Test
    void start_tokenIs32RandomBytesAndOnlyItsHashIsKept() {
        Rotation rotation = tokens.start("user-1", NOW);

        assertEquals(43, rotation.token().length());
        assertEquals(32, StrictBase64.decodeUrl(rotation.token()).length);
        assertEquals(hashOf(rotation), rotation.family().currentTokenHash());
        assertNotEquals(rotation.token(), rotation.family().currentTokenHash());
        assertEquals("user-1", rotation.family().subject());
        assertEquals(NOW.plus(IDLE), rotation.family().currentExpiresAt());
        assertEquals(NOW.plus(ABSOLUTE), rotation.family().absoluteExpiresAt());
        assertFalse(rotation.family().revoked());
    }

    @Test
    void storageHash_isBase64UrlSha256OfTheRawBytes() {
        // SHA-256 of 32 zero bytes, computed independently.
        assertEquals(Optional.of("Zmh6rfhivXdsj8GLjp-OIAiXFIVu4jOzkCpZHQ1fKSU"),
                RefreshTokens.storageHash("A".repeat(43)));
    }

    @Test
    void start_usesInjectedRandomness() {
        RefreshTokens fixed = new RefreshTokens(new FixedBytesRandom(new byte[] {0}), IDLE, ABSOLUTE);

        Rotation rotation = fixed.start("user-1", NOW);

        assertEquals("A".repeat(43), rotation.token());
        assertEquals("A".repeat(22), rotation.family().familyId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void storageHash_cannotBeOurToken_empty(String presented) {
        assertEquals(Optional.empty(), RefreshTokens.storageHash(presented));
    }

    @Test
    void storageHash_null_empty() {
        assertEquals(Optional.empty(), RefreshTokens.storageHash(null));
    }

    @Test
    void decide_currentToken_rotate() {
        Rotation rotation = tokens.start("user-1", NOW);

        assertEquals(RefreshDecision.ROTATE, RefreshTokens.decide(hashOf(rotation), rotation.family(), NOW.plusSeconds(5)));
    }

    @Test
    void rotate_keepsFamilyAndAbsoluteExpiry_replacesToken() {
        Rotation first = tokens.start("user-1", NOW);
        Instant later = NOW.plus(Duration.ofDays(1));

        Rotation second = tokens.rotate(first.family(), first.token(), later);

        assertEquals(first.family().familyId(), second.family().familyId());
        assertEquals(first.family().absoluteExpiresAt(), second.family().absoluteExpiresAt());
        assertEquals(later.plus(IDLE), second.family().currentExpiresAt());
        assertNotEquals(first.token(), second.token());
        assertEquals(RefreshDecision.ROTATE, RefreshTokens.decide(hashOf(second), second.family(), later));
    }

    @Test
    void decide_previousTokenAfterRotation_reuseDetected() {
        Rotation first = tokens.start("user-1", NOW);
        Rotation second = tokens.rotate(first.family(), first.token(), NOW.plusSeconds(60));

        assertEquals(RefreshDecision.REUSE_DETECTED,
                RefreshTokens.decide(hashOf(first), second.family(), NOW.plusSeconds(120)));
    }

    @Test
    void decide_previousTokenWithinGrace_replayAnswersTheSameNewToken() {
        Rotation first = tokens.start("user-1", NOW);
        Rotation second = tokens.rotate(first.family(), first.token(), NOW.plusSeconds(60));
        Instant inGrace = NOW.plusSeconds(60).plus(RefreshTokens.REUSE_GRACE).minusMillis(1);

        assertEquals(RefreshDecision.REPLAY_IN_GRACE, RefreshTokens.decide(hashOf(first), second.family(), inGrace));
        assertEquals(Optional.of(second.token()), RefreshTokens.replay(second.family(), first.token()));
        assertEquals(RefreshDecision.REUSE_DETECTED, RefreshTokens.decide(hashOf(first), second.family(),
                NOW.plusSeconds(60).plus(RefreshTokens.REUSE_GRACE)), "the window is half-open");
    }

    @Test
    void decide_tokenTwoRotationsBack_reuseDetectedEvenWithinGrace() {
        Rotation first = tokens.start("user-1", NOW);
        Rotation second = tokens.rotate(first.family(), first.token(), NOW.plusSeconds(1));
        Rotation third = tokens.rotate(second.family(), second.token(), NOW.plusSeconds(2));

        assertEquals(RefreshDecision.REUSE_DETECTED, RefreshTokens.decide(hashOf(first), third.family(),
                NOW.plusSeconds(3)));
        assertEquals(Optional.empty(), RefreshTokens.replay(third.family(), first.token()));
    }

    @Test
    void rotate_newTokenIsNotComputableWithoutThePreviousToken() {
        Rotation first = tokens.start("user-1", NOW);
        Rotation second = tokens.rotate(first.family(), first.token(), NOW);
        Rotation other = tokens.start("user-1", NOW);

        assertEquals(Optional.empty(), RefreshTokens.replay(second.family(), other.token()));
        assertFalse(second.family().toString().contains(second.family().lastRotation().successorSeed()));
        assertFalse(second.family().toString().contains(second.family().lastRotation().previousTokenHash()));
    }

    @Test
    void decide_afterRevocation_revokedEvenForCurrentToken() {
        Rotation rotation = tokens.start("user-1", NOW);

        assertEquals(RefreshDecision.REVOKED, RefreshTokens.decide(hashOf(rotation), rotation.family().revoke(), NOW));
        assertThrows(IllegalStateException.class,
                () -> tokens.rotate(rotation.family().revoke(), rotation.token(), NOW));
    }

    @Test
    void decide_idleTimeoutPassed_expired() {
        Rotation rotation = tokens.start("user-1", NOW);

        assertEquals(RefreshDecision.EXPIRED, RefreshTokens.decide(hashOf(rotation), rotation.family(), NOW.plus(IDLE)));
    }

    @Test
    void decide_absoluteLifetimePassed_expiredDespiteActivity() {
        Rotation rotation = tokens.start("user-1", NOW);
        Instant nearEnd = NOW.plus(ABSOLUTE).minusSeconds(60);
        Rotation last = tokens.rotate(rotation.family(), rotation.token(), nearEnd);

        assertEquals(NOW.plus(ABSOLUTE), last.family().currentExpiresAt());
        assertEquals(RefreshDecision.EXPIRED, RefreshTokens.decide(hashOf(last), last.family(), NOW.plus(ABSOLUTE)));
        assertThrows(IllegalStateException.class, () -> tokens.rotate(last.family(), last.token(), NOW.plus(ABSOLUTE)));
    }

    @Test
    void toString_omitsTokenAndHash() {
        Rotation rotation = tokens.start("user-1", NOW);

        assertFalse(rotation.toString().contains(rotation.token()));
        assertFalse(rotation.toString().contains(rotation.family().currentTokenHash()));
        assertTrue(rotation.toString().contains(rotation.family().familyId()));
    }

    @Test
    void constructor_inconsistentLifetimes_refused() {
        assertThrows(IllegalArgumentException.class, () -> new RefreshTokens(new SecureRandom(), Duration.ZERO, ABSOLUTE));
        assertThrows(IllegalArgumentException.class, () -> new RefreshTokens(new SecureRandom(), ABSOLUTE, IDLE));
    }
}
