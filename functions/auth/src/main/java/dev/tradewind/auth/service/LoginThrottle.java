package dev.tradewind.auth.service;

import dev.tradewind.auth.domain.LockoutPolicy;
import dev.tradewind.auth.domain.LoginCounter;
import dev.tradewind.auth.domain.SourceAddress;
import dev.tradewind.auth.store.UsersRepository;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.error.ThrottledException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brute-force protection for sign-in: attempts counted in DynamoDB per account and per source address, each with its
 * {@link LockoutPolicy}. An attempt is counted as a failure before its password is checked, by a conditional write
 * that refuses once the counter is locked, so however many attempts arrive at once, at most the policy's threshold
 * of them get their password checked; a refused one answers how long to wait. A correct password then clears the
 * account's count and takes its attempt back from the address's count.
 *
 * <p>The account counter is keyed by a hash of the normalised email, whether or not an account has it: counting
 * only real accounts would let a caller tell them apart by when the refusals start.
 *
 * <p>Sign-ups are limited per source address and clock hour with the same counter items: each attempt that passed
 * input validation is counted by a conditional {@code ADD} that refuses once the hour's limit is reached, so
 * parallel attempts cannot outrun it (docs/auth.md#registration-limit).
 */
final class LoginThrottle {

    /** Rounds of compare-and-set on one counter before an attempt is refused as part of a burst. */
    private static final int COUNT_ROUNDS = 8;
    private static final Duration BURST_WAIT = Duration.ofSeconds(1);
    private static final Duration REGISTRATION_WINDOW = Duration.ofHours(1);

    private final UsersRepository repository;
    private final LockoutPolicy accountPolicy;
    private final LockoutPolicy addressPolicy;
    private final int registrationsPerAddress;
    private final Clock clock;
    private final IdGenerator ids;

    /** An attempt's failure as counted on one counter: the counter after it, and before it when that is known. */
    record Counted(LoginCounter before, LoginCounter after) {
    }

    /** The counts of an attempt whose password may be checked, under the attempt's own id. */
    record Attempt(String id, Counted account, Counted address) {
    }

    LoginThrottle(UsersRepository repository, LockoutPolicy accountPolicy, LockoutPolicy addressPolicy,
                  int registrationsPerAddress, Clock clock, IdGenerator ids) {
        this.repository = repository;
        this.accountPolicy = accountPolicy;
        this.addressPolicy = addressPolicy;
        this.registrationsPerAddress = registrationsPerAddress;
        this.clock = clock;
        this.ids = ids;
    }

    static String addressKey(String sourceIp) {
        return "LOGINFAIL#IP#" + SourceAddress.bucket(sourceIp);
    }

    static String registrationKey(String sourceIp, Instant windowStart) {
        return "REGISTER#IP#" + SourceAddress.bucket(sourceIp) + "#" + windowStart.getEpochSecond();
    }

    /**
     * Counts a sign-up attempt from the address in the current clock hour, or refuses it without counting.
     *
     * @throws ThrottledException with the time until the hour ends once the address has used its attempts
     */
    void registration(String sourceIp) {
        Instant now = clock.instant();
        long window = REGISTRATION_WINDOW.toSeconds();
        Instant start = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), window) * window);
        Instant end = start.plus(REGISTRATION_WINDOW);
        // The counter item outlives its hour by one more, then its TTL removes it.
        if (repository.addFailure(registrationKey(sourceIp, start), ids.newId(), registrationsPerAddress, now,
                end.plus(REGISTRATION_WINDOW), now).isEmpty()) {
            long millis = Duration.between(now, end).toMillis();
            throw new ThrottledException("Too many sign-ups from this address; try again later",
                    Duration.ofSeconds(Math.max(1, (millis + 999) / 1000)));
        }
    }

    /**
     * Counts the attempt on both counters, or refuses it without counting.
     *
     * @throws ThrottledException with the time to wait while either counter is locked
     */
    Attempt begin(String email, String sourceIp) {
        Instant now = clock.instant();
        String accountKey = UsersRepository.accountCounterKey(email);
        String addressKey = addressKey(sourceIp);
        String attemptId = ids.newId();
        Counted account = count(accountKey, attemptId, accountPolicy, now);
        if (account == null) {
            throw throttled(longest(wait(accountKey, accountPolicy, now), wait(addressKey, addressPolicy, now)));
        }
        Counted address;
        try {
            address = count(addressKey, attemptId, addressPolicy, now);
        } catch (RuntimeException e) {
            // No password is checked (503): a client retrying through a DynamoDB failure must not lock its account.
            takeBackAfter(e, account, attemptId);
            throw e;
        }
        if (address == null) {
            takeBack(account, attemptId);
            throw throttled(wait(addressKey, addressPolicy, now));
        }
        return new Attempt(attemptId, account, address);
    }

    /** A correct password clears the account's failures; the address keeps its count (one address, many accounts). */
    void succeeded(Attempt attempt) {
        try {
            repository.deleteCounter(attempt.account().after().key());
        } catch (RuntimeException e) {
            // The sign-in fails (503) though its password was right: its retries must not add up to a lockout.
            takeBackAfter(e, attempt.account(), attempt.id());
            takeBackAfter(e, attempt.address(), attempt.id());
            throw e;
        }
        takeBack(attempt.address(), attempt.id());
    }

    /**
     * Takes back an attempt whose password was never checked, its credential unread for {@code failure}; a failure of
     * the take-back is added to {@code failure}.
     */
    void notChecked(Attempt attempt, RuntimeException failure) {
        takeBackAfter(failure, attempt.account(), attempt.id());
        takeBackAfter(failure, attempt.address(), attempt.id());
    }

    /**
     * Counts a failure on the counter unless it is locked (null). Below the failure that locks, concurrent attempts
     * simply add up; the one that may lock goes by compare-and-set, so exactly one attempt crosses the threshold and
     * sets the lock it implies, and the others then find the counter locked.
     */
    private Counted count(String key, String attemptId, LockoutPolicy policy, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        for (int round = 0; round < COUNT_ROUNDS; round++) {
            if (policy.threshold() > 1) {
                Optional<LoginCounter> added = repository.addFailure(key, attemptId, policy.threshold() - 1, at,
                        at.plus(policy.memory()), now);
                if (added.isPresent()) {
                    return new Counted(null, added.get());
                }
            }
            LoginCounter current = policy.current(key, repository.findCounter(key), now);
            if (policy.retryAfter(current, now).isPresent()) {
                return null;
            }
            LoginCounter next = policy.afterFailure(current, attemptId, now);
            if (repository.saveCounter(next, attemptId)) {
                return new Counted(current, new LoginCounter(key, next.failures(), next.lastFailureAt(),
                        next.lockedUntil(), next.expiresAt(), next.version() + 1, next.countedAttempts()));
            }
        }
        // Still contended after every round: a burst on this counter; checking a password uncounted is no option.
        return null;
    }

    /**
     * Takes an attempt back that turned out not to be a failure. If it was the one that set the lock, the counter
     * goes back to its state before it while that lock is still in place, keeping what other attempts took back from
     * it since: while locked, nothing else counts on it.
     */
    private void takeBack(Counted counted, String attemptId) {
        LoginCounter after = counted.after();
        if (counted.before() == null || after.lockedUntil() == null) {
            repository.removeFailure(after.key(), attemptId);
            return;
        }
        LoginCounter before = counted.before();
        LoginCounter current = after;
        for (int round = 0; round < COUNT_ROUNDS; round++) {
            // Its answer cannot tell: a counter that refused it still counts this attempt, from the locking put. The
            // counter read back does: this attempt's lock is still in place only while it counts the attempt (another
            // failure may lock it again in the same second, so with the same lockedUntil).
            Set<String> stillCounted = current.countedAttempts().stream().filter(id -> !id.equals(attemptId))
                    .collect(Collectors.toUnmodifiableSet());
            repository.saveCounter(new LoginCounter(before.key(), current.failures() - 1, before.lastFailureAt(),
                    before.lockedUntil(), before.expiresAt(), current.version(), stillCounted), attemptId);
            Optional<LoginCounter> stored = repository.findCounter(after.key());
            if (stored.isEmpty() || !stored.get().countedAttempts().contains(attemptId)
                    || !after.lockedUntil().equals(stored.get().lockedUntil())) {
                // Restored, cleared (a right password on the account), or no longer this attempt's lock.
                return;
            }
            current = stored.get();
        }
    }

    /** {@link #takeBack} on the way out of {@code failure}, which a failure of the take-back itself is added to. */
    private void takeBackAfter(RuntimeException failure, Counted counted, String attemptId) {
        try {
            takeBack(counted, attemptId);
        } catch (RuntimeException takeBackFailure) {
            failure.addSuppressed(takeBackFailure);
        }
    }

    /** How long the counter stays locked, if it is. */
    private Optional<Duration> wait(String key, LockoutPolicy policy, Instant now) {
        return policy.retryAfter(policy.current(key, repository.findCounter(key), now), now);
    }

    /** A refusal with the time to wait; an attempt refused by a burst too contended to count waits a second. */
    private static ThrottledException throttled(Optional<Duration> wait) {
        return new ThrottledException("Too many failed sign-in attempts; try again later", wait.orElse(BURST_WAIT));
    }

    private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().compareTo(b.get()) >= 0 ? a.get() : b.get());
    }
}
