package dev.tradewind.local.lambda;

/** A function's handler could not be loaded or constructed; Lambda reports this as an init error. */
public final class FunctionInitException extends Exception {

    private final FunctionError error;

    FunctionInitException(FunctionError error) {
        super(error.errorType() + ": " + error.errorMessage());
        this.error = error;
    }

    public FunctionError error() {
        return error;
    }
}
