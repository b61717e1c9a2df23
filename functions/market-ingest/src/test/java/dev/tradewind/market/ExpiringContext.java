package dev.tradewind.market;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.tradewind.testing.TestContext;

/** A Lambda context with plenty of time for its first {@code calls} reads, then {@code remainingAfter} ms. */
final class ExpiringContext implements Context {

    private final TestContext delegate = new TestContext("MarketIngestFunction", 120_000);
    private final int calls;
    private final int remainingAfter;
    private int reads;

    ExpiringContext(int calls, int remainingAfter) {
        this.calls = calls;
        this.remainingAfter = remainingAfter;
    }

    @Override
    public synchronized int getRemainingTimeInMillis() {
        return ++reads <= calls ? 120_000 : remainingAfter;
    }

    @Override
    public String getAwsRequestId() {
        return delegate.getAwsRequestId();
    }

    @Override
    public String getLogGroupName() {
        return delegate.getLogGroupName();
    }

    @Override
    public String getLogStreamName() {
        return delegate.getLogStreamName();
    }

    @Override
    public String getFunctionName() {
        return delegate.getFunctionName();
    }

    @Override
    public String getFunctionVersion() {
        return delegate.getFunctionVersion();
    }

    @Override
    public String getInvokedFunctionArn() {
        return delegate.getInvokedFunctionArn();
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
    public int getMemoryLimitInMB() {
        return delegate.getMemoryLimitInMB();
    }

    @Override
    public LambdaLogger getLogger() {
        return delegate.getLogger();
    }
}
