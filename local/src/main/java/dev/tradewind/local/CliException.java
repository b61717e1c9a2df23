package dev.tradewind.local;

/** The command line was wrong; the message is printed as one line with the usage hint, exit code 2. */
public final class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }
}
