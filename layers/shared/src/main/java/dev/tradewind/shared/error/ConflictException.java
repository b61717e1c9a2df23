package dev.tradewind.shared.error;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The request contradicts the current state (a duplicate, a finished session, a concurrent change). */
public final class ConflictException extends DomainException {

    private final Duration retryAfter;

    public ConflictException(String code, String message) {
        this(code, message, null);
    }

    /** @param retryAfter when the state that refused the request is expected to have passed; null when unknown */
    public ConflictException(String code, String message, Duration retryAfter) {
        super(code, message, List.of());
        this.retryAfter = retryAfter;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
