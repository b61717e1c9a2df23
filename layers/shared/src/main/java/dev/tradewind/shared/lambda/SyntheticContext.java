package dev.tradewind.shared.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A Lambda {@code Context} for invocations Lambda does not make: SnapStart priming requests, benchmarks and probes.
 * Remaining time counts down from {@code timeout} on the monotonic timer (a duration, not market time).
 */
public final class SyntheticContext implements Context {

    private final String requestId;
    private final String functionName;
    private final int memoryLimitMb;
    private final long deadlineNanos;
    private final Consumer<String> log;

    public SyntheticContext(String requestId, String functionName, int memoryLimitMb, Duration timeout,
                            Consumer<String> log) {
        this.requestId = requestId;
        this.functionName = functionName;
        this.memoryLimitMb = memoryLimitMb;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.log = log;
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
        return functionName;
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
        return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
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
                log.accept(message);
            }

            @Override
            public void log(byte[] message) {
                log.accept(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
