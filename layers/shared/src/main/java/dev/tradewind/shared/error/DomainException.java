package dev.tradewind.shared.error;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An outcome a service or store reports to whoever called it, with a stable machine-readable code. It knows nothing of
 * HTTP: the HTTP layer maps each kind to a status in one place ({@code dev.tradewind.shared.http.ErrorMapping}).
 * The message reaches the caller, so it must never carry internals, secrets or another user's data.
 */
public abstract sealed class DomainException extends RuntimeException
        permits NotFoundException, ConflictException, InvalidInputException, UnprocessableException,
        UnavailableException, ThrottledException, UnauthenticatedException {

    private final String code;
    private final List<FieldError> details;

    DomainException(String code, String message, List<FieldError> details) {
        // No stack trace: these are expected outcomes, thrown often on hot paths, and never logged as failures.
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.details = List.copyOf(details);
    }

    public String code() {
        return code;
    }

    /** Field by field, what is wrong or missing; empty when the message says it all. */
    public List<FieldError> details() {
        return details;
    }

    /** How long the caller should wait before trying again, where that is known. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }
}
