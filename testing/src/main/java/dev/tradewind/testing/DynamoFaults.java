package dev.tradewind.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Injects DynamoDB failures into a real client (over DynamoDB Local), per operation and by a plan, as the SDK would
 * see them: add it with {@code DynamoDbClients.create(env, List.of(faults))}, then
 * {@code faults.on("TransactWriteItems").throttling()} (every attempt), {@code .nth(2)}, {@code .times(3)},
 * {@code .matching(request -> ...)}.
 *
 * <p>Faults fire per attempt, inside the SDK's retry loop, so the SDK retries them as it would retry the real ones
 * (throttling, timeouts, 5xx) and a rule that fires on every attempt is what the code sees once the retries are
 * spent. A rule fires {@link Timing#BEFORE_SEND} (the request never reaches DynamoDB: nothing written) or
 * {@link Timing#AFTER_SEND} (DynamoDB applied it and the answer is lost: the case idempotency must survive).
 *
 * <p>As a JUnit extension ({@code @RegisterExtension}) it prints after each test how many faults it injected, and
 * forgets its rules.
 */
public final class DynamoFaults implements ExecutionInterceptor, AfterEachCallback {

    /** Whether a fault replaces sending the request, or the answer to a request DynamoDB has applied. */
    public enum Timing { BEFORE_SEND, AFTER_SEND }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<String> injected = Collections.synchronizedList(new ArrayList<>());

    /** A rule for one operation ({@code "TransactWriteItems"}, {@code "BatchWriteItem"}, ...; {@code "*"}: any). */
    public Rule on(String operation) {
        Rule rule = new Rule(Objects.requireNonNull(operation, "operation"));
        rules.add(rule);
        return rule;
    }

    /** Drops every rule; counts stay. */
    public void clearRules() {
        rules.clear();
    }

    /** Faults injected so far. */
    public int injected() {
        return injected.size();
    }

    /** Faults injected into {@code operation} so far. */
    public int injected(String operation) {
        synchronized (injected) {
            return (int) injected.stream().filter(line -> line.startsWith(operation + " ")).count();
        }
    }

    /** Attempts the client made of {@code operation} (each SDK retry is one), faulted or not. */
    public int attempts(String operation) {
        AtomicInteger count = attempts.get(operation);
        return count == null ? 0 : count.get();
    }

    /** One line: how many faults, of which kind, into which operation. */
    public String report() {
        Map<String, Integer> byKind = new TreeMap<>();
        synchronized (injected) {
            injected.forEach(line -> byKind.merge(line, 1, Integer::sum));
        }
        return "DynamoFaults injected " + injected() + (byKind.isEmpty() ? "" : " " + byKind);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.out.println("[" + context.getDisplayName() + "] " + report());
        rules.clear();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        attempts.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        fire(Timing.BEFORE_SEND, operation, context.request(), null);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        fire(Timing.AFTER_SEND, operation, context.request(), context.responseBody().orElse(null));
    }

    private void fire(Timing timing, String operation, SdkRequest request, InputStream unreadAnswer) {
        for (Rule rule : rules) {
            if (rule.timing == timing && rule.matches(operation, request)) {
                if (unreadAnswer != null) {
                    // Hands the connection back to the pool, as an aborted read would.
                    try (InputStream answer = unreadAnswer) {
                        answer.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException ignored) {
                        // The answer is being thrown away anyway.
                    }
                }
                injected.add(operation + " " + rule.kind + " " + timing);
                throw rule.fault.apply(request);
            }
        }
    }

    /**
     * When and how one operation fails. Defaults: every matching attempt, before sending, throttled
     * ({@code ProvisionedThroughputExceededException}).
     */
    public final class Rule {
        private final String operation;
        private Predicate<SdkRequest> predicate = request -> true;
        private int pass;
        private int times = Integer.MAX_VALUE;
        private Timing timing = Timing.BEFORE_SEND;
        private String kind = "PROVISIONED_THROUGHPUT_EXCEEDED";
        private Function<SdkRequest, SdkException> fault = request -> throughputExceeded();
        private final AtomicInteger matched = new AtomicInteger();

        private Rule(String operation) {
            this.operation = operation;
        }

        /** Only attempts whose request passes {@code predicate} count and fail. */
        public Rule matching(Predicate<SdkRequest> predicate) {
            this.predicate = Objects.requireNonNull(predicate, "predicate");
            return this;
        }

        /** Lets the first {@code count} matching attempts through. */
        public Rule passFirst(int count) {
            this.pass = count;
            return this;
        }

        /** Fails {@code count} matching attempts (after those let through), then lets every later one through. */
        public Rule times(int count) {
            this.times = count;
            return this;
        }

        /** Fails only the {@code n}th matching attempt (1-based). */
        public Rule nth(int n) {
            return passFirst(n - 1).times(1);
        }

        public Rule beforeSend() {
            this.timing = Timing.BEFORE_SEND;
            return this;
        }

        public Rule afterSend() {
            this.timing = Timing.AFTER_SEND;
            return this;
        }

        /** {@code ProvisionedThroughputExceededException}, 400: the table's or partition's capacity. */
        public Rule provisionedThroughputExceeded() {
            return fault("PROVISIONED_THROUGHPUT_EXCEEDED", request -> throughputExceeded());
        }

        /** {@code ThrottlingException}, 400, as the SDK unmarshals it: a {@link DynamoDbException} with that code. */
        public Rule throttling() {
            return fault("THROTTLING", request -> DynamoDbException.builder().message("Rate of requests exceeds"
                    + " the allowed throughput (injected)").statusCode(400)
                    .awsErrorDetails(details("ThrottlingException", 400)).build());
        }

        /** The attempt timed out ({@code DYNAMODB_ATTEMPT_TIMEOUT}): {@code ApiCallAttemptTimeoutException}. */
        public Rule attemptTimeout() {
            return fault("ATTEMPT_TIMEOUT", request -> ApiCallAttemptTimeoutException.create(2_000));
        }

        /** {@code InternalServerError}, 500: for a transaction, "may or may not have succeeded". */
        public Rule internalServerError() {
            return fault("INTERNAL_SERVER_ERROR", request -> DynamoDbException.builder()
                    .message("Internal server error (injected)").statusCode(500)
                    .awsErrorDetails(details("InternalServerError", 500)).build());
        }

        /**
         * {@code TransactionCanceledException} whose first reason is {@code code} (e.g. {@code ThrottlingError},
         * {@code TransactionConflict}, {@code ConditionalCheckFailed}) and the others {@code None}, one per item.
         */
        public Rule transactionCanceled(String code) {
            return fault("TRANSACTION_CANCELED_" + code, request -> cancelled(request, code));
        }

        private Rule fault(String kind, Function<SdkRequest, SdkException> fault) {
            this.kind = kind;
            this.fault = fault;
            return this;
        }

        private boolean matches(String candidate, SdkRequest request) {
            if (!operation.equals("*") && !operation.equals(candidate)) {
                return false;
            }
            if (!predicate.test(request)) {
                return false;
            }
            int n = matched.incrementAndGet();
            return n > pass && (long) n <= (long) pass + times;
        }
    }

    private static ProvisionedThroughputExceededException throughputExceeded() {
        return ProvisionedThroughputExceededException.builder()
                .message("The level of configured provisioned throughput for the table was exceeded (injected)")
                .statusCode(400).awsErrorDetails(details("ProvisionedThroughputExceededException", 400)).build();
    }

    private static TransactionCanceledException cancelled(SdkRequest request, String code) {
        int items = request instanceof TransactWriteItemsRequest write ? write.transactItems().size() : 1;
        List<CancellationReason> reasons = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            reasons.add(CancellationReason.builder().code(i == 0 ? code : "None")
                    .message(i == 0 ? "injected" : null).build());
        }
        return TransactionCanceledException.builder()
                .message("Transaction cancelled, please refer cancellation reasons for specific reasons (injected)")
                .statusCode(400).cancellationReasons(reasons)
                .awsErrorDetails(details("TransactionCanceledException", 400)).build();
    }

    private static AwsErrorDetails details(String code, int status) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage("injected").serviceName("DynamoDb")
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build();
    }
}
