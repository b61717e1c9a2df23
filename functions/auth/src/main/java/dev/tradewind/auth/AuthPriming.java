package dev.tradewind.auth;

import dev.tradewind.auth.domain.password.Argon2Cost;
import dev.tradewind.auth.domain.password.PasswordHasher;
import dev.tradewind.auth.domain.password.PasswordPolicy;
import dev.tradewind.auth.domain.token.JwtIssuer;
import dev.tradewind.auth.domain.token.JwtVerifier;
import dev.tradewind.auth.domain.token.SigningKey;
import dev.tradewind.auth.service.SnapSafeRandom;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Warms the expensive paths before the SnapStart snapshot, so the first sign-in after a restore runs compiled code:
 * Argon2 (with C2 enabled for this function, the compiled Blake2b loop is ~3× faster than C1's), the
 * common-password list, and one ES256 sign/verify (the JDK's EC code costs ~100 ms on first use). The authorizer
 * registers the ES256 part only.
 *
 * <p>Creates nothing that outlives the hook: the dummy verifications use a fixed public salt, and the throwaway
 * key and token are discarded. Outside SnapStart (locally) the hook never runs.
 */
final class AuthPriming implements Resource {

    private static final int ARGON2_ROUNDS = 12;

    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final SecureRandom random;

    AuthPriming(PasswordHasher hasher, PasswordPolicy policy, SecureRandom random) {
        this.hasher = hasher;
        this.policy = policy;
        this.random = random;
    }

    /** Strongly held here: the CRaC context keeps resources only weakly. */
    private static AuthPriming registered;

    /** Registers the hook once per class loader (one Lambda instance); the public handler constructor calls it. */
    static synchronized void registerOnce() {
        if (registered == null) {
            SecureRandom random = new SnapSafeRandom();
            registered = new AuthPriming(new PasswordHasher(Argon2Cost.OWASP, random), PasswordPolicy.standard(),
                    random);
            Core.getGlobalContext().register(registered);
        }
    }

    /** The authorizer's variant: ES256 verification only (it never hashes a password). */
    static synchronized void registerForVerifierOnce() {
        if (registered == null) {
            registered = new AuthPriming(null, null, new SnapSafeRandom());
            Core.getGlobalContext().register(registered);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: the primed state holds no secrets and nothing unique.
    }

    void prime() {
        if (hasher != null) {
            for (int i = 0; i < ARGON2_ROUNDS; i++) {
                hasher.dummyVerify("priming-password-" + i);
            }
            // A cheap cost as well, so the verification of older, cheaper hashes is compiled too.
            new PasswordHasher(new Argon2Cost(1024, 1, 1), random).dummyVerify("priming");
            policy.check("priming-password");
        }
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        SigningKey key = SigningKey.generate(random, clock.instant());
        String token = new JwtIssuer(key, "priming", "priming", Duration.ofMinutes(1), clock,
                JwtIssuer.randomJti(random), random).issue("priming", "priming").token();
        try {
            new JwtVerifier(Map.of(key.kid(), key.publicKey()), "priming", "priming", Duration.ZERO, clock)
                    .verify(token);
        } catch (Exception e) {
            throw new IllegalStateException("priming token did not verify", e);
        }
    }
}
