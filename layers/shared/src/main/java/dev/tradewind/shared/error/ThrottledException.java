package dev.tradewind.shared.error;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Too many attempts; the caller may try again after {@link #retryAfter()}. */
public final class ThrottledException extends DomainException {

    private final Duration retryAfter;

    public ThrottledException(String message, Duration retryAfter) {
        this("TOO_MANY_REQUESTS", message, retryAfter);
    }

    /** A limit with a code of its own ({@code TOO_MANY_CONNECTIONS}), where the caller needs to know which. */
    public ThrottledException(String code, String message, Duration retryAfter) {
        super(code, message, List.of());
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(retryAfter);
    }
}
