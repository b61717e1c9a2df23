package dev.tradewind.shared.error;

import java.util.List;

/** The input is malformed: fixing the request, not the state, makes it succeed. */
public final class InvalidInputException extends DomainException {

    public InvalidInputException(String code, String message) {
        super(code, message, List.of());
    }

    private InvalidInputException(String message, List<FieldError> details) {
        super("VALIDATION_FAILED", message, details);
    }

    /** Every invalid field at once, so a client fixes them in one round trip. */
    public static InvalidInputException fields(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("at least one field error");
        }
        String message = errors.size() == 1
                ? errors.getFirst().field() + " " + errors.getFirst().message()
                : errors.size() + " fields are invalid";
        return new InvalidInputException(message, errors);
    }

    public static InvalidInputException field(String field, String problem) {
        return fields(List.of(new FieldError(field, problem)));
    }
}
