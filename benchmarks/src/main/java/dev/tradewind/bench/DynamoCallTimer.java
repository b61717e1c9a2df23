package dev.tradewind.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records when each DynamoDB call started and ended and how large its request body was, so a benchmark can split a
 * run into phases (before the first candle write, the writes, after the last) without timers in production code.
 */
final class DynamoCallTimer implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("bench.callStarted");
    private static final ExecutionAttribute<Long> REQUEST_BYTES = new ExecutionAttribute<>("bench.requestBytes");

    /** One call: its operation, start and end ({@link System#nanoTime()}), request body size, and whether it failed. */
    record Call(String operation, long started, long ended, long requestBytes, boolean failed) {
    }

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterMarshalling(Context.AfterMarshalling context, ExecutionAttributes attributes) {
        attributes.putAttribute(REQUEST_BYTES, context.requestBody()
                .flatMap(body -> body.optionalContentLength()).orElse(0L));
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes, false);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes, true);
    }

    private void record(ExecutionAttributes attributes, boolean failed) {
        Long started = attributes.getAttribute(STARTED);
        Long bytes = attributes.getAttribute(REQUEST_BYTES);
        calls.add(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                started == null ? System.nanoTime() : started, System.nanoTime(), bytes == null ? 0 : bytes, failed));
    }

    /** The calls recorded since the last drain. */
    List<Call> drain() {
        List<Call> drained = new ArrayList<>();
        for (Call call; (call = calls.poll()) != null; ) {
            drained.add(call);
        }
        return drained;
    }
}
