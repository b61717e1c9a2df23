package dev.tradewind.auth.service;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.tradewind.auth.domain.Account;
import dev.tradewind.auth.domain.Credential;
import dev.tradewind.auth.domain.EmailAddress;
import dev.tradewind.auth.domain.SessionTokens;
import dev.tradewind.auth.domain.password.PasswordHasher;
import dev.tradewind.auth.domain.password.PasswordPolicy;
import dev.tradewind.auth.domain.password.PasswordViolation;
import dev.tradewind.auth.domain.refresh.RefreshFamily;
import dev.tradewind.auth.domain.refresh.RefreshTokenRef;
import dev.tradewind.auth.domain.refresh.RefreshTokens;
import dev.tradewind.auth.domain.refresh.Rotation;
import dev.tradewind.auth.domain.token.IssuedToken;
import dev.tradewind.auth.store.UserDataStore;
import dev.tradewind.auth.store.UsersRepository;
import dev.tradewind.auth.store.keys.KeysUnavailableException;
import dev.tradewind.auth.store.keys.VerificationKeys;
import dev.tradewind.shared.dynamo.DynamoFailures;
import dev.tradewind.shared.error.ConflictException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.ThrottledException;
import dev.tradewind.shared.error.UnauthenticatedException;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.validation.FieldRules;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.metrics.Counters;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Accounts and sessions: registration, sign-in with brute-force protection, refresh-token rotation with reuse
 * detection, sign-out, the caller's profile, the account's export and erasure, and the public keys.
 *
 * <p>Sign-in answers an unknown email exactly as a wrong password: the same INVALID_CREDENTIALS error, the same
 * Argon2 work (a dummy verification), the same counter writes. Logs carry user ids and outcomes, never emails,
 * passwords, tokens or hashes.
 */
public final class AuthService {

    static final int MAX_DISPLAY_NAME = 64;
    private static final int ROTATION_PASSES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

    private final UsersRepository repository;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final LoginThrottle throttle;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final VerificationKeys publicKeys;
    private final Clock clock;
    private final IdGenerator ids;
    private final Counters counters;
    private final UserDataStore userData;
    private final int erasureBudget;

    AuthService(UsersRepository repository, UserDataStore userData, int erasureBudget, PasswordHasher hasher,
                PasswordPolicy policy, LoginThrottle throttle, AccessTokens accessTokens, RefreshTokens refreshTokens,
                VerificationKeys publicKeys, Clock clock, IdGenerator ids, Counters counters) {
        this.repository = repository;
        this.userData = userData;
        this.erasureBudget = erasureBudget;
        this.hasher = hasher;
        this.policy = policy;
        this.throttle = throttle;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.publicKeys = publicKeys;
        this.clock = clock;
        this.ids = ids;
        this.counters = counters;
    }

    public Account register(String email, String password, String displayName, String sourceIp) {
        Validation validation = new Validation();
        validation.required(email, "email").required(password, "password").required(displayName, "displayName");
        Optional<String> normalized = email == null || email.isBlank() ? Optional.empty() : EmailAddress.valid(email);
        if (email != null && !email.isBlank() && (normalized.isEmpty() || !FieldRules.isText(email))) {
            validation.add("email", "is not a valid email address");
        }
        // A new password is text like any other: a control character is a 400, before the policy looks at it.
        validation.check(password == null || FieldRules.isText(password), "password", FieldRules.TEXT_RULE);
        String name = checkDisplayName(validation, displayName);
        validation.throwIfInvalid();
        Set<PasswordViolation> violations = policy.check(password);
        if (!violations.isEmpty()) {
            throw new UnprocessableException("WEAK_PASSWORD", describe("password", violations));
        }
        // Counted before the email is looked at: a taken email is an attempt too, or probing for accounts would be
        // free.
        try {
            throttle.registration(sourceIp);
        } catch (ThrottledException e) {
            counters.increment("SignUpsThrottled");
            throw e;
        }

        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String userId = ids.newId();
        Account account = new Account(userId, normalized.orElseThrow(), name, now);
        try {
            repository.createAccount(new Credential(account.email(), userId, hasher.hash(password), now), account);
        } catch (UsersRepository.EmailTakenException e) {
            throw new ConflictException("EMAIL_TAKEN", "An account with this email already exists");
        }
        LOG.info("Account registered", entry("userId", userId));
        counters.increment("SignUps");
        return account;
    }

    public SessionTokens login(String email, String password, String sourceIp) {
        new Validation().required(email, "email").required(password, "password")
                .check(email == null || email.length() <= EmailAddress.MAX_LENGTH, "email", "is too long")
                .throwIfInvalid();
        String normalized = EmailAddress.normalize(email);
        LoginThrottle.Attempt attempt;
        try {
            attempt = throttle.begin(normalized, sourceIp);
        } catch (ThrottledException e) {
            counters.increment("SignInsLockedOut");
            throw e;
        }
        Optional<Credential> credential = credentialFor(attempt, normalized);
        boolean verified = credential.isPresent()
                ? hasher.verify(password, credential.get().passwordHash())
                : hasher.dummyVerify(password);
        if (!verified) {
            // Already counted as a failure by begin(), before the check.
            LOG.info("Sign-in failed", entry("knownAccount", credential.isPresent()));
            counters.increment("SignInsFailed");
            throw invalidCredentials();
        }
        throttle.succeeded(attempt);
        Credential checked = credential.get();
        if (hasher.needsRehash(checked.passwordHash())) {
            Credential rehashed = checked.withPasswordHash(hasher.hash(password));
            if (repository.replacePasswordHash(checked, rehashed.passwordHash())) {
                checked = rehashed;
            } else {
                // Replaced since it was read: by another sign-in's upgrade of the same hash, which the password
                // verifies against too, or by a password change, so the one checked is no longer the account's.
                Optional<Credential> current = stillTheAccountsPassword(checked, normalized, password);
                if (current.isEmpty()) {
                    LOG.info("Sign-in refused: password changed meanwhile", entry("userId", checked.userId()));
                    throw invalidCredentials();
                }
                checked = current.get();
            }
        }
        SessionTokens tokens = startSession(checked);
        LOG.info("Signed in", entry("userId", checked.userId()));
        counters.increment("SignIns");
        return tokens;
    }

    public SessionTokens refresh(String presentedToken) {
        new Validation().required(presentedToken, "refreshToken").throwIfInvalid();
        Instant now = clock.instant();
        String hash = RefreshTokens.storageHash(presentedToken).orElseThrow(AuthService::invalidRefreshToken);
        RefreshTokenRef ref = repository.findRefreshToken(hash)
                .filter(found -> found.expiresAt() != null && found.expiresAt().isAfter(now))
                .orElseThrow(AuthService::invalidRefreshToken);
        // Another pass only when the rotation's compare-and-set lost: the family is read again and decided anew. A
        // transaction conflict can make two concurrent rotations both lose once, hence three passes.
        for (int pass = 0; pass < ROTATION_PASSES; pass++) {
            RefreshFamily family = repository.findSession(ref.userId(), ref.familyId())
                    .orElseThrow(AuthService::invalidRefreshToken);
            switch (RefreshTokens.decide(hash, family, now)) {
                case ROTATE -> {
                    Rotation rotation = refreshTokens.rotate(family, presentedToken, now);
                    RefreshFamily rotated = rotation.family();
                    RefreshTokenRef next = new RefreshTokenRef(rotated.currentTokenHash(), rotated.subject(),
                            rotated.familyId(), rotated.absoluteExpiresAt());
                    // Signed before the rotation is stored: signing keys that cannot be read (503) then consume no
                    // token, where a retry after the grace window would be a reuse that ends the session.
                    IssuedToken access = accessTokens.issue(rotated.subject(), rotated.familyId());
                    if (repository.rotateSession(rotated, hash, next)) {
                        return sessionTokens(access, rotation.token());
                    }
                }
                case REPLAY_IN_GRACE -> {
                    Optional<String> token = RefreshTokens.replay(family, presentedToken);
                    if (token.isEmpty()) {
                        revokeForReuse(family);
                        throw invalidRefreshToken();
                    }
                    LOG.info("Concurrent refresh answered with the same token", entry("userId", family.subject()),
                            entry("sessionId", family.familyId()));
                    return sessionTokens(accessTokens.issue(family.subject(), family.familyId()), token.get());
                }
                case REUSE_DETECTED -> {
                    revokeForReuse(family);
                    throw invalidRefreshToken();
                }
                default -> throw invalidRefreshToken();
            }
        }
        // Lost every compare-and-set without the family changing to anything decidable (transaction conflicts): the
        // token is still good, so not a 401 that ends the session; nothing changed, a retry shortly can rotate.
        throw DynamoFailures.busy();
    }

    /**
     * Changes the caller's password and ends every other session of theirs (docs/auth.md#password-and-profile). The
     * current password is checked like a sign-in, counted against the account's and the address's lockout, so a
     * stolen access token cannot be used to guess it.
     */
    public void changePassword(String userId, String sessionId, String currentPassword, String newPassword,
                               String sourceIp) {
        new Validation().required(currentPassword, "currentPassword").required(newPassword, "newPassword")
                .check(newPassword == null || FieldRules.isText(newPassword), "newPassword", FieldRules.TEXT_RULE)
                .throwIfInvalid();
        Set<PasswordViolation> violations = policy.check(newPassword);
        if (!violations.isEmpty()) {
            throw new UnprocessableException("WEAK_PASSWORD", describe("newPassword", violations));
        }
        if (policy.samePassword(newPassword, currentPassword)) {
            throw new UnprocessableException("SAME_PASSWORD", "newPassword must differ from the current password");
        }
        Credential credential = verifyPassword(me(userId), currentPassword, sourceIp, "currentPassword");
        // Sessions are ended only once the new hash is stored, so a change that loses to another (409) or fails
        // ends none, the winner's included. A sign-in with the old password stored before the write is ended here;
        // one stored after it is refused, its condition naming the old hash.
        Credential changed = credential.withPasswordHash(hasher.hash(newPassword));
        if (!repository.replacePasswordHash(credential, changed.passwordHash())) {
            throw new ConflictException("PASSWORD_CHANGED", "The password was changed meanwhile; sign in again");
        }
        try {
            endOtherSessions(userId, sessionId);
        } catch (RuntimeException e) {
            // Told 503, the caller sends the same passwords again: with the new hash left in place the old password
            // would no longer verify (422) and the sessions not yet ended would go on, so the old one goes back.
            try {
                repository.replacePasswordHash(changed, credential.passwordHash());
            } catch (RuntimeException restoreFailure) {
                e.addSuppressed(restoreFailure);
            }
            throw e;
        }
        LOG.info("Password changed", entry("userId", userId));
        counters.increment("PasswordChanges");
    }

    /** Sets the caller's display name, with the rules of registration. */
    public Account updateProfile(String userId, String displayName) {
        Validation validation = new Validation();
        validation.required(displayName, "displayName");
        String name = checkDisplayName(validation, displayName);
        validation.throwIfInvalid();
        return repository.updateDisplayName(userId, name)
                .orElseThrow(() -> new NotFoundException("Account not found"));
    }

    /** Ends the caller's session (the refresh family the access token belongs to); idempotent. */
    public void logout(String userId, String sessionId) {
        if (sessionId != null) {
            repository.revokeSession(userId, sessionId);
        }
        LOG.info("Signed out", entry("userId", userId));
    }

    /**
     * Erases everything stored for the caller (docs/auth.md#deleting-an-account), confirmed by the password, which is
     * checked like a sign-in. At most {@code erasureBudget} items go per request; the caller repeats the request
     * until the answer is {@link Erasure#complete()}. The caller's session, credential and profile go last, so an
     * erasure cut short anywhere (a crash, a timeout, the budget) is finished by the same request again.
     */
    public Erasure deleteAccount(String userId, String sessionId, String password, String sourceIp) {
        new Validation().required(password, "password").throwIfInvalid();
        Account account = me(userId);
        verifyPassword(account, password, sourceIp, "password");
        UserDataStore.Tally tally = new UserDataStore.Tally(erasureBudget);
        boolean complete = userData.eraseActivity(userId, tally)
                && userData.eraseSessions(userId, account.email(), sessionId, tally);
        if (complete) {
            userData.eraseAccount(userId, account.email(), sessionId, tally);
            LOG.info("Account erased", entry("userId", userId));
            counters.increment("AccountsErased");
            try {
                userData.sweepAfterAccount(userId, tally);
            } catch (SdkException e) {
                // The caller's token went with the account, so a 503's retry could only be refused: what is left is
                // only what another device wrote while the erasure ran, for operators to find by this line.
                LOG.error("Account erased, but the sweep for writes made meanwhile failed", entry("userId", userId),
                        e);
                counters.increment("ErasureSweepsFailed");
            }
        } else {
            LOG.info("Account erasure continues on the next request", entry("userId", userId));
        }
        return new Erasure(complete, tally.erased());
    }

    /** What one erasure request deleted (table → kind → items), and whether nothing is left. */
    public record Erasure(boolean complete, Map<String, Map<String, Integer>> erased) {
    }

    /** Everything stored for the caller, table by table, without secrets (docs/auth.md#exporting-your-data). */
    public UserExport export(String userId) {
        Account account = me(userId);
        UserExport export = new UserExport(account, clock.instant());
        userData.forEachItem(userId, account.email(), export::add);
        return export;
    }

    public Account me(String userId) {
        return repository.findProfile(userId).orElseThrow(() -> new NotFoundException("Account not found"));
    }

    public Map<String, ECPublicKey> publicKeys() {
        try {
            return publicKeys.keys();
        } catch (KeysUnavailableException e) {
            LOG.error("Public keys unavailable", e);
            throw AccessTokens.unavailable();
        }
    }

    /**
     * Checks a signed-in caller's password like a sign-in, counted against the account's and the address's lockout,
     * so a stolen access token cannot be used to guess it.
     */
    private Credential verifyPassword(Account account, String password, String sourceIp, String field) {
        LoginThrottle.Attempt attempt = throttle.begin(account.email(), sourceIp);
        Credential credential = credentialFor(attempt, account.email())
                .filter(found -> found.userId().equals(account.userId()))
                .orElseThrow(() -> new NotFoundException("Account not found"));
        if (!hasher.verify(password, credential.passwordHash())) {
            LOG.info("Password confirmation refused", entry("userId", account.userId()));
            throw new UnprocessableException("WRONG_PASSWORD", field + " is incorrect");
        }
        throttle.succeeded(attempt);
        return credential;
    }

    /**
     * The credential a counted attempt checks its password against. When it cannot be read (503) no password is
     * checked, so the attempt is taken back: a client retrying through a DynamoDB failure locks nothing.
     */
    private Optional<Credential> credentialFor(LoginThrottle.Attempt attempt, String email) {
        try {
            return repository.findCredential(email);
        } catch (RuntimeException e) {
            throttle.notChecked(attempt, e);
            throw e;
        }
    }

    /**
     * The credential as stored now if {@code password} still verifies against it and it is still {@code read}'s
     * account; empty when the password was changed, or the account erased, since {@code read} was read.
     */
    private Optional<Credential> stillTheAccountsPassword(Credential read, String email, String password) {
        return repository.findCredential(email)
                .filter(fresh -> fresh.userId().equals(read.userId()))
                .filter(fresh -> hasher.verify(password, fresh.passwordHash()));
    }

    private void endOtherSessions(String userId, String keptSessionId) {
        for (String sessionId : repository.activeSessionIds(userId)) {
            if (!sessionId.equals(keptSessionId)) {
                repository.revokeSession(userId, sessionId);
            }
        }
    }

    /** The display name as stored (surrounding spaces dropped), its problems added to {@code validation}. */
    private static String checkDisplayName(Validation validation, String displayName) {
        String name = displayName == null ? null : displayName.strip();
        if (name != null && !name.isEmpty()) {
            validation.check(name.codePointCount(0, name.length()) <= MAX_DISPLAY_NAME, "displayName",
                    "must be at most " + MAX_DISPLAY_NAME + " characters");
            validation.check(FieldRules.isText(displayName), "displayName", FieldRules.TEXT_RULE);
        }
        return name;
    }

    private SessionTokens startSession(Credential verified) {
        String userId = verified.userId();
        Rotation rotation = refreshTokens.start(userId, clock.instant());
        RefreshFamily family = rotation.family();
        // Signed before the session is stored: signing keys that cannot be read (503) then leave no session that
        // nobody holds a token of, as in refresh.
        IssuedToken access = accessTokens.issue(userId, family.familyId());
        if (!repository.startSession(verified, family, new RefreshTokenRef(family.currentTokenHash(), userId,
                family.familyId(), family.absoluteExpiresAt()))) {
            // The password was changed, or the account erased, after the password was checked.
            LOG.info("Sign-in refused: credential changed meanwhile", entry("userId", userId));
            throw invalidCredentials();
        }
        return sessionTokens(access, rotation.token());
    }

    private SessionTokens sessionTokens(IssuedToken access, String refreshToken) {
        return new SessionTokens(access.token(), accessTokens.ttl(), refreshToken);
    }

    private void revokeForReuse(RefreshFamily family) {
        repository.revokeSession(family.subject(), family.familyId());
        LOG.warn("Refresh token reused; session revoked", entry("userId", family.subject()),
                entry("sessionId", family.familyId()));
        counters.increment("RefreshReuseDetected");
    }

    private static UnauthenticatedException invalidCredentials() {
        return new UnauthenticatedException("INVALID_CREDENTIALS", "Email or password is incorrect");
    }

    private static UnauthenticatedException invalidRefreshToken() {
        return new UnauthenticatedException("INVALID_REFRESH_TOKEN", "Refresh token is invalid or expired");
    }

    /** The policy's objections to the password in the request's {@code field}, named as the caller sent it. */
    private String describe(String field, Set<PasswordViolation> violations) {
        List<String> problems = new ArrayList<>();
        for (PasswordViolation violation : violations) {
            problems.add(switch (violation) {
                case TOO_SHORT -> field + " must be at least " + policy.minCodePoints() + " characters";
                case TOO_LONG -> field + " must be at most " + policy.maxCodePoints() + " characters";
                case COMMON -> field + " is too common: it appears in lists of leaked passwords";
            });
        }
        return String.join("; ", problems);
    }
}
