package dev.tradewind.market.domain.provider;

import java.time.Duration;

/** Why a venue could not deliver, after any retries; the reason is what the run summary reports per symbol. */
public final class ProviderException extends RuntimeException {

    public enum Reason {
        /** 429: the venue asked us to slow down for longer than this run can wait. */
        THROTTLED,
        /** 418 (Binance): the IP is banned for a while; no further requests this run. */
        BANNED,
        TIMEOUT,
        /** The connection closed before the body its Content-Length promised. */
        TRUNCATED_RESPONSE,
        IO_ERROR,
        SERVER_ERROR,
        MALFORMED_RESPONSE,
        EMPTY_RESPONSE,
        UNKNOWN_SYMBOL,
        CLIENT_ERROR,
        UNSUPPORTED,
        /** The venue has no bars in the window asked (Yahoo says so as an error); its provider answers no bars. */
        NO_DATA,
        INTERRUPTED,
        /** Not called: less time is left in the run than one request may take. The series is deferred, not failed. */
        DEADLINE
    }

    private final Reason reason;
    private final boolean retryable;
    private final Duration retryAfter;

    public ProviderException(Reason reason, String message, boolean retryable, Duration retryAfter) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static ProviderException retryable(Reason reason, String message) {
        return new ProviderException(reason, message, true, null);
    }

    public static ProviderException fatal(Reason reason, String message) {
        return new ProviderException(reason, message, false, null);
    }

    public Reason reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The wait the venue asked for, if it said. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The same failure, no longer retryable (attempts or time ran out). */
    public ProviderException exhausted(String why) {
        return new ProviderException(reason, getMessage() + " (" + why + ")", false, retryAfter);
    }
}
