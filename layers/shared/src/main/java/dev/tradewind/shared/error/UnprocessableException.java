package dev.tradewind.shared.error;

import java.util.List;

/** A well-formed request the rules refuse (insufficient cash, a risk limit, too little history). */
public final class UnprocessableException extends DomainException {

    public UnprocessableException(String code, String message) {
        super(code, message, List.of());
    }

    /** @param details field by field, what is missing (e.g. how many candles) */
    public UnprocessableException(String code, String message, List<FieldError> details) {
        super(code, message, details);
    }
}
