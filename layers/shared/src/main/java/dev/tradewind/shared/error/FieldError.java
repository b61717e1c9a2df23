package dev.tradewind.shared.error;

/** One invalid input: which field, and what is wrong with it in words a client developer can act on. */
public record FieldError(String field, String message) {
}
