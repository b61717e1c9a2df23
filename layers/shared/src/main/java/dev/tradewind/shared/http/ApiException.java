package dev.tradewind.shared.http;

import java.util.Objects;

/**
 * An HTTP-level outcome (no credentials, a body too large, an unknown route), thrown only by handlers and this package;
 * services and stores throw a {@link dev.tradewind.shared.error.DomainException} instead. The message is shown to the
 * caller, so it must never carry internals, secrets or another user's data.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    private ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
    }

    public static ApiException of(int status, String code, String message) {
        return new ApiException(status, code, message);
    }

    public static ApiException badRequest(String code, String message) {
        return of(400, code, message);
    }

    public static ApiException unauthorized(String message) {
        return of(401, "UNAUTHORIZED", message);
    }

    public static ApiException payloadTooLarge(int limitBytes) {
        return of(413, "PAYLOAD_TOO_LARGE", "Request body exceeds the limit of " + limitBytes + " bytes");
    }

    public static ApiException unsupportedMediaType(String message) {
        return of(415, "UNSUPPORTED_MEDIA_TYPE", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
