package dev.tradewind.auth.service;

import dev.tradewind.auth.store.keys.KeySettings;
import dev.tradewind.shared.config.Environment;
import java.time.Duration;

/**
 * The authorizer's configuration, read once at init. It reads public keys only, never the private ring, and the
 * sessions of the users table ({@code USERS_TABLE}) to refuse tokens of ended sessions; refused tokens are counted in
 * {@code POWERTOOLS_METRICS_NAMESPACE} (default Tradewind).
 */
public record AuthorizerConfig(String issuer, String audience, Duration clockSkew, KeySettings keys,
                               String usersTable, String metricsNamespace) {

    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    public static AuthorizerConfig from(Environment env) {
        return new AuthorizerConfig(env.require("TOKEN_ISSUER"), env.require("TOKEN_AUDIENCE"),
                env.getDuration("TOKEN_CLOCK_SKEW", DEFAULT_CLOCK_SKEW), KeySettings.from(env, false),
                env.require("USERS_TABLE"), env.get("POWERTOOLS_METRICS_NAMESPACE", "Tradewind"));
    }
}
