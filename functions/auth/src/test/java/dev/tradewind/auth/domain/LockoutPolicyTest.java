package dev.tradewind.auth.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private final LockoutPolicy policy = LockoutPolicy.ACCOUNT;

    @Test
    void belowTheThreshold_noLock() {
        LoginCounter counter = fail(policy.current("k", Optional.empty(), NOW), 4);
        assertEquals(4, counter.failures());
        assertNull(counter.lockedUntil());
        assertEquals(Optional.empty(), policy.retryAfter(counter, NOW));
        assertEquals(NOW.plus(Duration.ofHours(1)), counter.expiresAt());
    }

    @Test
    void theThresholdFailure_locksForTheBase_andEachFurtherOneDoubles_upToTheCap() {
        LoginCounter counter = fail(policy.current("k", Optional.empty(), NOW), 5);
        assertEquals(Optional.of(Duration.ofMinutes(1)), policy.retryAfter(counter, NOW));
        assertEquals(Duration.ofMinutes(2), policy.lockout(1));
        assertEquals(Duration.ofMinutes(32), policy.lockout(5));
        assertEquals(Duration.ofHours(1), policy.lockout(6));
        assertEquals(Duration.ofHours(1), policy.lockout(1000));
    }

    @Test
    void retryAfter_roundsUpToWholeSeconds_andEndsAtTheLockEnd() {
        LoginCounter counter = fail(policy.current("k", Optional.empty(), NOW), 5);
        assertEquals(Optional.of(Duration.ofSeconds(1)), policy.retryAfter(counter, NOW.plusMillis(59_001)));
        assertEquals(Optional.empty(), policy.retryAfter(counter, NOW.plusSeconds(60)));
    }

    @Test
    void anExpiredCounter_readsAsFresh_butKeepsItsVersionForTheConditionalWrite() {
        LoginCounter stored = new LoginCounter("k", 9, NOW, NOW.plusSeconds(60), NOW.plusSeconds(3660), 7, Set.of("a"));
        LoginCounter later = policy.current("k", Optional.of(stored), NOW.plusSeconds(3660));
        assertEquals(0, later.failures());
        assertEquals(Set.of(), later.countedAttempts());
        assertEquals(7, later.version());
        assertEquals(9, policy.current("k", Optional.of(stored), NOW.plusSeconds(3659)).failures());
    }

    @Test
    void forgettingStartsWhenTheLockEnds() {
        LoginCounter counter = fail(policy.current("k", Optional.empty(), NOW), 5);
        assertEquals(NOW.plusSeconds(60).plus(Duration.ofHours(1)), counter.expiresAt());
        assertTrue(LockoutPolicy.SOURCE_ADDRESS.threshold() > policy.threshold());
    }

    @Test
    void eachFailure_remembersItsAttempt_upToAFewPastTheThreshold_forgettingTheOldestOthers() {
        LoginCounter counter = fail(policy.current("k", Optional.empty(), NOW), 5);
        assertEquals(Set.of("attempt00", "attempt01", "attempt02", "attempt03", "attempt04"),
                counter.countedAttempts());

        int remembered = policy.threshold() + LockoutPolicy.REMEMBERED_PAST_THRESHOLD;
        LoginCounter later = fail(counter, 10);
        assertEquals(remembered, later.countedAttempts().size());
        assertTrue(later.countedAttempts().contains("attempt14"), "the newest");
        assertFalse(later.countedAttempts().contains("attempt05"), "an old one");
        assertTrue(policy.afterFailure(later, "a first-sorting id", NOW).countedAttempts()
                .contains("a first-sorting id"), "the counted one, however its id sorts");
    }

    private LoginCounter fail(LoginCounter counter, int times) {
        for (int i = 0; i < times; i++) {
            counter = policy.afterFailure(counter, "attempt%02d".formatted(counter.failures()), NOW);
        }
        return counter;
    }
}
