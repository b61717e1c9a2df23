package dev.tradewind.auth.api;

import dev.tradewind.auth.domain.SessionTokens;

/** What login and refresh answer. Both tokens are bearer credentials, so {@link #toString()} omits them. */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken) {

    public static TokenResponse of(SessionTokens tokens) {
        return new TokenResponse(tokens.accessToken(), "Bearer", tokens.accessTokenTtl().toSeconds(),
                tokens.refreshToken());
    }

    @Override
    public String toString() {
        return "TokenResponse[tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
    }
}
