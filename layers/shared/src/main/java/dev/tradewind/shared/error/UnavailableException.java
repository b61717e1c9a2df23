package dev.tradewind.shared.error;

import java.util.List;

/** A dependency cannot serve the request now (no market data yet, models not loaded); retrying later may succeed. */
public final class UnavailableException extends DomainException {

    public UnavailableException(String code, String message) {
        super(code, message, List.of());
    }
}
