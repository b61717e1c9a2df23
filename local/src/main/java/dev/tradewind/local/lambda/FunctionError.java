package dev.tradewind.local.lambda;

/** A failed invocation as Lambda reports it: the error type and message of an unhandled exception, init failure or timeout. */
public record FunctionError(String errorType, String errorMessage) {

    static FunctionError of(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.lang.reflect.InvocationTargetException
                || cause instanceof java.util.concurrent.ExecutionException
                || cause instanceof ExceptionInInitializerError) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return new FunctionError(cause.getClass().getName(), cause.getMessage() == null ? "" : cause.getMessage());
    }
}
