package dev.tradewind.local.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.tradewind.local.template.Intrinsics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Lambda {@code Context} of one local invocation; remaining time counts down from the function's timeout.
 * Not the shared layer's {@code SyntheticContext}: the runtime keeps layers off its own class path, so each function
 * loads them from its artifacts as on Lambda.
 */
public class LocalContext implements Context {

    private final String requestId;
    private final String functionName;
    private final int memoryLimitMb;
    private final long deadlineNanos;
    private final PrintStream logStream;

    public LocalContext(String requestId, String functionName, int memoryLimitMb, Duration timeout,
                        PrintStream logStream) {
        this.requestId = requestId;
        this.functionName = functionName;
        this.memoryLimitMb = memoryLimitMb;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.logStream = logStream;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + requestId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                logStream.print(message);
            }

            @Override
            public void log(byte[] message) {
                logStream.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
