package dev.tradewind.local;

/** The runtime cannot start or run as asked; printed as one line, exit code 1. */
final class RuntimeFailure extends RuntimeException {
    RuntimeFailure(String message) {
        super(message);
    }
}
