package dev.tradewind.shared.http;

import dev.tradewind.shared.error.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP-level outcome (no credentials, a body too large, an unknown route), thrown only by handlers and this package;
 * services and stores throw a {@link dev.tradewind.shared.error.DomainException} instead. The message is shown to the
 * caller, so it must never carry internals, secrets or another user's data.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<FieldError> details;
    private final Duration retryAfter;

    private ApiException(int status, String code, String message, List<FieldError> details, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.details = List.copyOf(details);
        this.retryAfter = retryAfter;
    }

    public static ApiException of(int status, String code, String message) {
        return new ApiException(status, code, message, List.of(), null);
    }

    public static ApiException badRequest(String code, String message) {
        return of(400, code, message);
    }

    public static ApiException unauthorized(String message) {
        return of(401, "UNAUTHORIZED", message);
    }

    public static ApiException forbidden(String message) {
        return of(403, "FORBIDDEN", message);
    }

    public static ApiException notFound(String message) {
        return of(404, "NOT_FOUND", message);
    }

    public static ApiException conflict(String code, String message) {
        return of(409, code, message);
    }

    public static ApiException payloadTooLarge(int limitBytes) {
        return of(413, "PAYLOAD_TOO_LARGE", "Request body exceeds the limit of " + limitBytes + " bytes");
    }

    public static ApiException unprocessable(String code, String message) {
        return of(422, code, message);
    }

    /** A 422 whose details say, field by field, what is missing (e.g. how many candles). */
    public static ApiException unprocessable(String code, String message, List<FieldError> details) {
        return new ApiException(422, code, message, details, null);
    }

    public static ApiException tooManyRequests(String message, Duration retryAfter) {
        return new ApiException(429, "TOO_MANY_REQUESTS", message, List.of(), retryAfter);
    }

    public static ApiException unavailable(String code, String message) {
        return of(503, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldError> details() {
        return details;
    }

    /** Present only on 429 answers. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
