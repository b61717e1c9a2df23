package dev.tradewind.shared.error;

import java.util.List;

/** The request contradicts the current state (a duplicate, a finished session, a concurrent change). */
public final class ConflictException extends DomainException {

    public ConflictException(String code, String message) {
        super(code, message, List.of());
    }
}
