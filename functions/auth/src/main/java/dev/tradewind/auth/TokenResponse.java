package dev.tradewind.auth;

/** What login and refresh answer. Both tokens are bearer credentials, so {@link #toString()} omits them. */
record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken) {

    @Override
    public String toString() {
        return "TokenResponse[tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
    }
}
