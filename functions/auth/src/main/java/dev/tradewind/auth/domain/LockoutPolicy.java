package dev.tradewind.auth.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Exponential lockout after repeated failed sign-ins, for one kind of counter (per account or per source address).
 * The {@code threshold}-th failure locks for {@code baseLockout}; every further failure (possible only once a
 * lockout has ended, since locked attempts are refused before the password is checked and are not counted) doubles
 * it, up to {@code maxLockout}. A counter is forgotten {@code memory} after its last failure or lockout end,
 * whichever is later. Pure: the caller loads and stores the counter.
 */
public record LockoutPolicy(int threshold, Duration baseLockout, Duration maxLockout, Duration memory) {

    /** 5 failures lock the account for 1 min, then 2, 4, … up to 1 h; forgotten after a quiet hour. */
    public static final LockoutPolicy ACCOUNT = new LockoutPolicy(5, Duration.ofMinutes(1), Duration.ofHours(1),
            Duration.ofHours(1));
    /** Higher threshold: many people may share one address (offices, carrier NAT). */
    public static final LockoutPolicy SOURCE_ADDRESS = new LockoutPolicy(20, Duration.ofMinutes(1), Duration.ofHours(1),
            Duration.ofHours(1));
    /** Counted attempts a counter remembers beyond the threshold: a margin, since past the lock no more are needed. */
    static final int REMEMBERED_PAST_THRESHOLD = 4;

    public LockoutPolicy {
        if (threshold < 1 || baseLockout.isNegative() || baseLockout.isZero() || maxLockout.compareTo(baseLockout) < 0
                || memory.isNegative()) {
            throw new IllegalArgumentException("invalid lockout policy");
        }
    }

    /** The stored counter if it still counts at {@code now}, else a fresh one (version kept for the write). */
    public LoginCounter current(String key, Optional<LoginCounter> stored, Instant now) {
        long version = stored.map(LoginCounter::version).orElse(0L);
        return stored.filter(counter -> counter.expiresAt() != null && counter.expiresAt().isAfter(now))
                .orElseGet(() -> new LoginCounter(key, 0, null, null, null, version, Set.of()));
    }

    /** How long the caller must wait, if the counter is locked at {@code now}; whole seconds, rounded up. */
    public Optional<Duration> retryAfter(LoginCounter counter, Instant now) {
        if (counter.lockedUntil() == null || !counter.lockedUntil().isAfter(now)) {
            return Optional.empty();
        }
        long millis = Duration.between(now, counter.lockedUntil()).toMillis();
        return Optional.of(Duration.ofSeconds((millis + 999) / 1000));
    }

    /**
     * The counter after one more failure at {@code now}, that of the attempt {@code attemptId}, which it remembers as
     * counted. It remembers at most {@code threshold + REMEMBERED_PAST_THRESHOLD} attempts: a counter can hold more
     * only after a lock has come and gone, so the oldest others (ids sort by when they were made) were counted before
     * that lock, at least {@code baseLockout} ago, and no write or take-back of theirs is still to come.
     */
    public LoginCounter afterFailure(LoginCounter counter, String attemptId, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        int failures = counter.failures() + 1;
        Instant lockedUntil = null;
        if (failures >= threshold) {
            lockedUntil = at.plus(lockout(failures - threshold));
        }
        Instant forgetFrom = lockedUntil != null ? lockedUntil : at;
        Set<String> counted = counter.countedAttempts();
        int forgotten = Math.max(0, counted.size() + 1 - (threshold + REMEMBERED_PAST_THRESHOLD));
        Set<String> remembered = Stream.concat(counted.stream().sorted().skip(forgotten), Stream.of(attemptId))
                .collect(Collectors.toUnmodifiableSet());
        return new LoginCounter(counter.key(), failures, at, lockedUntil, forgetFrom.plus(memory), counter.version(),
                remembered);
    }

    /** {@code baseLockout × 2^doublings}, capped. */
    Duration lockout(int doublings) {
        Duration lockout = baseLockout;
        for (int i = 0; i < doublings && lockout.compareTo(maxLockout) < 0; i++) {
            lockout = lockout.multipliedBy(2);
        }
        return lockout.compareTo(maxLockout) > 0 ? maxLockout : lockout;
    }
}
