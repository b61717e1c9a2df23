package dev.tradewind.auth.domain;

import java.time.Duration;

/**
 * What a sign-in or a refresh hands the caller: a fresh access token with its lifetime and the session's next
 * refresh token. Both tokens are bearer credentials, so {@link #toString()} omits them.
 */
public record SessionTokens(String accessToken, Duration accessTokenTtl, String refreshToken) {

    @Override
    public String toString() {
        return "SessionTokens[accessTokenTtl=" + accessTokenTtl + "]";
    }
}
