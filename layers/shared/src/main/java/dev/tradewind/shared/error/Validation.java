package dev.tradewind.shared.error;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem with an input before failing, so a client fixes them in one round trip. */
public final class Validation {

    private final List<FieldError> errors = new ArrayList<>();

    public Validation check(boolean valid, String field, String message) {
        if (!valid) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    public Validation required(Object value, String field) {
        boolean present = value != null && !(value instanceof String s && s.isBlank());
        return check(present, field, "is required");
    }

    public Validation add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    /** The problems found so far, in the order they were found. */
    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw InvalidInputException.fields(errors);
        }
    }
}
