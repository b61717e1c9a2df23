package dev.tradewind.auth.service;

import dev.tradewind.auth.domain.token.JwtVerifier;
import dev.tradewind.auth.store.keys.KeySettings;
import dev.tradewind.shared.config.ConfigException;
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

    public AuthorizerConfig {
        // Checked here, at init: the verifier, built at the first request, would refuse it there on every request.
        if (clockSkew.isNegative() || clockSkew.compareTo(JwtVerifier.MAX_CLOCK_SKEW) > 0) {
            throw new ConfigException("TOKEN_CLOCK_SKEW must be between PT0S and " + JwtVerifier.MAX_CLOCK_SKEW
                    + ", was " + clockSkew);
        }
    }

    public static AuthorizerConfig from(Environment env) {
        return new AuthorizerConfig(env.require("TOKEN_ISSUER"), env.require("TOKEN_AUDIENCE"),
                env.getDuration("TOKEN_CLOCK_SKEW", DEFAULT_CLOCK_SKEW), KeySettings.from(env, false),
                env.require("USERS_TABLE"), env.get("POWERTOOLS_METRICS_NAMESPACE", "Tradewind"));
    }
}
