package dev.tradewind.auth.service;

import dev.tradewind.auth.store.keys.KeySettings;
import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.config.Environment;
import java.time.Duration;

/**
 * The auth function's configuration, read once at init.
 *
 * @param accessTokenTtl   lifetime of an access token (JWT {@code exp - iat})
 * @param refreshTokenTtl  lifetime of each refresh token; a rotation issues a new one with a fresh lifetime
 * @param sessionLifetime  a login's absolute limit, however often its refresh token is rotated
 * @param registrationsPerAddress {@code REGISTRATIONS_PER_ADDRESS_PER_HOUR} (default 10): sign-ups one source
 *                         address may attempt per clock hour (docs/auth.md#registration-limit)
 * @param metricsNamespace {@code POWERTOOLS_METRICS_NAMESPACE} (default Tradewind): where the sign-in counts go
 * @param tradingTable     {@code TRADING_TABLE} and {@code BEHAVIOR_TABLE}: read for an export, emptied of the
 * @param behaviorTable    user's items by an account deletion
 * @param realtimeTable    {@code REALTIME_TABLE}: emptied of the user's WebSocket connections by an account deletion
 * @param erasureItemsPerRequest {@code ERASURE_ITEMS_PER_REQUEST} (default 2,000): the most items one account deletion
 *                         request deletes (80 BatchWriteItem calls), to stay far below the function's timeout; the
 *                         client repeats it
 */
public record AuthConfig(String usersTable, String issuer, String audience, Duration accessTokenTtl,
                  Duration refreshTokenTtl, Duration sessionLifetime, KeySettings keys, int registrationsPerAddress,
                  String metricsNamespace, String tradingTable, String behaviorTable, String realtimeTable,
                  int erasureItemsPerRequest) {

    static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofMinutes(15);
    static final Duration DEFAULT_REFRESH_TOKEN_TTL = Duration.ofDays(30);
    static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofDays(90);
    static final int DEFAULT_REGISTRATIONS_PER_ADDRESS = 10;
    static final int DEFAULT_ERASURE_ITEMS_PER_REQUEST = 2_000;

    public AuthConfig {
        if (accessTokenTtl.toSeconds() < 60 || accessTokenTtl.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigException("ACCESS_TOKEN_TTL must be between PT1M and PT1H, was " + accessTokenTtl);
        }
        if (refreshTokenTtl.toSeconds() < 60 || sessionLifetime.compareTo(refreshTokenTtl) < 0) {
            throw new ConfigException("REFRESH_TOKEN_TTL must be at least PT1M and at most SESSION_MAX_LIFETIME");
        }
        if (registrationsPerAddress < 1) {
            throw new ConfigException("REGISTRATIONS_PER_ADDRESS_PER_HOUR must be at least 1, was "
                    + registrationsPerAddress);
        }
        if (erasureItemsPerRequest < 100) {
            throw new ConfigException("ERASURE_ITEMS_PER_REQUEST must be at least 100, was " + erasureItemsPerRequest);
        }
    }

    public static AuthConfig from(Environment env) {
        return new AuthConfig(
                env.require("USERS_TABLE"),
                env.require("TOKEN_ISSUER"),
                env.require("TOKEN_AUDIENCE"),
                env.getDuration("ACCESS_TOKEN_TTL", DEFAULT_ACCESS_TOKEN_TTL),
                env.getDuration("REFRESH_TOKEN_TTL", DEFAULT_REFRESH_TOKEN_TTL),
                env.getDuration("SESSION_MAX_LIFETIME", DEFAULT_SESSION_LIFETIME),
                KeySettings.from(env, true),
                env.getInt("REGISTRATIONS_PER_ADDRESS_PER_HOUR", DEFAULT_REGISTRATIONS_PER_ADDRESS),
                env.get("POWERTOOLS_METRICS_NAMESPACE", "Tradewind"),
                env.require("TRADING_TABLE"),
                env.require("BEHAVIOR_TABLE"),
                env.require("REALTIME_TABLE"),
                env.getInt("ERASURE_ITEMS_PER_REQUEST", DEFAULT_ERASURE_ITEMS_PER_REQUEST));
    }
}
