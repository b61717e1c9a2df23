package dev.tradewind.trainer.evaluate;

/**
 * A data folder the evaluation cannot read: a missing {@code instruments.csv} or bar file, or a malformed line. The
 * message is the whole story ({@code data/x/AAPL.csv:17: Close is not a number: 'abc'}); it is printed as is, without
 * a stack trace.
 */
public final class DataFileException extends RuntimeException {

    public DataFileException(String message) {
        super(message);
    }

    /** {@code file:line: problem}. */
    static DataFileException at(Object file, int line, String problem) {
        return new DataFileException(file + ":" + line + ": " + problem);
    }
}
