package dev.tradewind.auth.domain.token;

/**
 * An access token was rejected. The message is only the {@link Reason} (never the token), so it is
 * safe to log; map every reason to the same 401 for clients so they learn nothing extra.
 *
 * <p>Checked on purpose: callers must decide what a rejection means. No stack trace is captured,
 * because rejections are expected traffic (and a cheap way to flood a verifier), not bugs.
 */
public final class InvalidTokenException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Machine-readable rejection cause, for metrics and logs. */
    public enum Reason {
        /** Not a 3-part compact JWS of canonical base64url-encoded JSON objects. */
        MALFORMED,
        /** Longer than {@link JwtVerifier#MAX_TOKEN_CHARS}; rejected before any parsing. */
        TOO_LARGE,
        /** {@code alg} is anything but {@code ES256}, including {@code none} and HMAC algorithms. */
        UNSUPPORTED_ALGORITHM,
        /** {@code typ} is not {@code JWT}, or the header lists {@code crit} extensions. */
        UNSUPPORTED_HEADER,
        /** {@code kid} is missing or names no key this verifier trusts. */
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        /** A required claim is missing or has the wrong JSON type or range. */
        INVALID_CLAIMS,
        EXPIRED,
        NOT_YET_VALID,
        /** {@code iat} lies further in the future than the allowed clock skew. */
        ISSUED_IN_FUTURE,
        WRONG_ISSUER,
        WRONG_AUDIENCE
    }

    private final Reason reason;

    InvalidTokenException(Reason reason) {
        super("token rejected: " + reason, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
