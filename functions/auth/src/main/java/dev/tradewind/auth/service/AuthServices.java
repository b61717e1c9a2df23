package dev.tradewind.auth.service;

import dev.tradewind.auth.domain.LockoutPolicy;
import dev.tradewind.auth.domain.password.Argon2Cost;
import dev.tradewind.auth.domain.password.PasswordHasher;
import dev.tradewind.auth.domain.password.PasswordPolicy;
import dev.tradewind.auth.domain.refresh.RefreshTokens;
import dev.tradewind.auth.store.UserDataStore;
import dev.tradewind.auth.store.UsersRepository;
import dev.tradewind.auth.store.keys.KeySource;
import dev.tradewind.auth.store.keys.VerificationKeys;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.metrics.EmfCounters;
import java.security.SecureRandom;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires the function's services once at init: the auth function's {@link AuthService} and the authorizer's keys. */
public final class AuthServices {

    private AuthServices() {
    }

    /**
     * The auth function's service. The tests pass their own clock, keys and a cheaper Argon2 cost.
     *
     * @param keys   opened once at init from {@link AuthConfig#keys()}
     * @param random the one randomness for salts, refresh tokens, token ids and ECDSA nonces; SnapStart-safe in
     *               production ({@link SnapSafeRandom})
     */
    public static AuthService create(AuthConfig config, DynamoDbClient dynamo, KeySource keys, Clock clock,
                                     IdGenerator ids, SecureRandom random, Argon2Cost cost) {
        var repository = new UsersRepository(dynamo, DynamoDbClients.enhanced(dynamo), config.usersTable());
        var userData = new UserDataStore(dynamo, config.usersTable(), config.tradingTable(), config.behaviorTable(),
                config.realtimeTable());
        return new AuthService(repository, userData, config.erasureItemsPerRequest(), new PasswordHasher(cost, random),
                PasswordPolicy.standard(),
                new LoginThrottle(repository, LockoutPolicy.ACCOUNT, LockoutPolicy.SOURCE_ADDRESS,
                        config.registrationsPerAddress(), clock, ids),
                new AccessTokens(keys, config.issuer(), config.audience(), config.accessTokenTtl(), clock, random),
                new RefreshTokens(random, config.refreshTokenTtl(), config.sessionLifetime()),
                keys, clock, ids, new EmfCounters(config.metricsNamespace(), "auth"));
    }

    /** The auth function's keys store (SSM, or the local development file), opened once at init. */
    public static KeySource signingKeys(AuthConfig config, Environment env, SecureRandom random) {
        return config.keys().open(env, env.clock(), random);
    }

    /** The authorizer's public keys, opened once at init; it never reads the private ring. */
    public static VerificationKeys verificationKeys(AuthorizerConfig config, Environment env) {
        return config.keys().open(env, env.clock(), new SnapSafeRandom());
    }
}
