package dev.tradewind.local.lambda;

import java.util.Locale;

/**
 * The outcome of one invocation: the response payload or the error, the duration, and the init duration when this
 * invocation had to start a new instance (a cold start).
 */
public record Invocation(String requestId, String functionName, byte[] payload, FunctionError error,
                         double durationMs, Double initDurationMs, int memorySizeMb) {

    public boolean failed() {
        return error != null;
    }

    /** Lambda's REPORT line, with the function named since one console shows every function here. */
    public String reportLine() {
        String line = String.format(Locale.ROOT,
                "REPORT RequestId: %s\tFunction: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB",
                requestId, functionName, durationMs, (long) Math.ceil(durationMs), memorySizeMb);
        if (initDurationMs != null) {
            line += String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initDurationMs);
        }
        if (error != null) {
            line += "\tStatus: error (" + error.errorType() + ")";
        }
        return line;
    }
}
