package dev.tradewind.shared.error;

import java.util.List;

/** The thing asked for does not exist, or is not the caller's to see (the two are indistinguishable on purpose). */
public final class NotFoundException extends DomainException {

    public NotFoundException(String message) {
        super("NOT_FOUND", message, List.of());
    }
}
