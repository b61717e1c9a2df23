package dev.tradewind.auth.service;

import dev.tradewind.auth.domain.LockoutPolicy;
import dev.tradewind.auth.domain.LoginCounter;
import dev.tradewind.auth.domain.SourceAddress;
import dev.tradewind.auth.domain.StrictBase64;
import dev.tradewind.auth.store.UsersRepository;
import dev.tradewind.shared.error.ThrottledException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Brute-force protection for sign-in: failed attempts counted in DynamoDB per account and per source address,
 * each with its {@link LockoutPolicy}. A locked counter refuses the attempt, saying how long to wait, before the
 * password is checked, whatever the password.
 *
 * <p>The account counter is keyed by a hash of the normalised email, whether or not an account has it: counting
 * only real accounts would let a caller tell them apart by when the refusals start.
 */
final class LoginThrottle {

    private static final int SAVE_ATTEMPTS = 3;

    private final UsersRepository repository;
    private final LockoutPolicy accountPolicy;
    private final LockoutPolicy addressPolicy;
    private final Clock clock;

    /** The counters read when an attempt starts, to update when it fails. */
    record Attempt(LoginCounter account, LoginCounter address) {
    }

    LoginThrottle(UsersRepository repository, LockoutPolicy accountPolicy, LockoutPolicy addressPolicy, Clock clock) {
        this.repository = repository;
        this.accountPolicy = accountPolicy;
        this.addressPolicy = addressPolicy;
        this.clock = clock;
    }

    static String accountKey(String email) {
        // Hashed: the counter exists for any email tried, and those of people without an account are not ours to keep.
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(email.getBytes(StandardCharsets.UTF_8));
            return "LOGINFAIL#ACCOUNT#" + StrictBase64.encodeUrl(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }

    static String addressKey(String sourceIp) {
        return "LOGINFAIL#IP#" + SourceAddress.bucket(sourceIp);
    }

    /**
     * @throws ThrottledException with the time to wait while either counter is locked
     */
    Attempt begin(String email, String sourceIp) {
        Instant now = clock.instant();
        LoginCounter account = accountPolicy.current(accountKey(email), repository.findCounter(accountKey(email)), now);
        String addressKey = addressKey(sourceIp);
        LoginCounter address = addressPolicy.current(addressKey, repository.findCounter(addressKey), now);
        Optional<Duration> wait = longest(accountPolicy.retryAfter(account, now), addressPolicy.retryAfter(address, now));
        if (wait.isPresent()) {
            throw new ThrottledException("Too many failed sign-in attempts; try again later", wait.get());
        }
        return new Attempt(account, address);
    }

    void failed(Attempt attempt) {
        record(attempt.account(), accountPolicy);
        record(attempt.address(), addressPolicy);
    }

    /** A correct password clears the account's failures; the address keeps its count (one address, many accounts). */
    void succeeded(Attempt attempt) {
        if (attempt.account().failures() > 0) {
            repository.deleteCounter(attempt.account().key());
        }
    }

    /** Optimistic update; on a concurrent change, re-read and apply this failure on top. */
    private void record(LoginCounter counter, LockoutPolicy policy) {
        LoginCounter current = counter;
        for (int attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            if (repository.saveCounter(policy.afterFailure(current, now))) {
                return;
            }
            current = policy.current(counter.key(), repository.findCounter(counter.key()), now);
        }
        // Persistent contention means a burst from many callers at once; the counters it did store still apply.
    }

    private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().compareTo(b.get()) >= 0 ? a.get() : b.get());
    }
}
