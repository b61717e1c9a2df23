package dev.tradewind.shared.error;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A dependency cannot serve the request now (no market data yet, models not loaded); retrying later may succeed. */
public final class UnavailableException extends DomainException {

    private final Duration retryAfter;

    public UnavailableException(String code, String message) {
        this(code, message, null);
    }

    /** @param retryAfter how long the caller should wait, sent as {@code Retry-After}; null when unknown */
    public UnavailableException(String code, String message, Duration retryAfter) {
        super(code, message, List.of());
        this.retryAfter = retryAfter;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
