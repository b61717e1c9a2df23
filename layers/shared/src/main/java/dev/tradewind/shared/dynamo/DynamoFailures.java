package dev.tradewind.shared.dynamo;

import dev.tradewind.shared.error.UnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * Which DynamoDB failures mean "not now" rather than "wrong", once the SDK's own retries are spent: throttling
 * (DynamoDB's capacity, not the caller's rate), a timed-out attempt or call, a network failure, a 5xx, and a
 * transaction cancelled only for capacity or a concurrent transaction. {@code HttpApiHandler} answers those with
 * 503 {@value #CODE} and {@code Retry-After}. Nothing else is translated: a failed condition is a business outcome
 * the store handles where it writes, and anything left (a validation error, a missing table) is a bug, a 500.
 */
public final class DynamoFailures {

    public static final String CODE = "TEMPORARILY_UNAVAILABLE";
    /** A guess, not a measurement: DynamoDB's adaptive capacity reacts within seconds, and clients back off anyway. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    /** Cancellation reasons that say nothing about the data: retrying the same transaction can succeed. */
    private static final Set<String> TRANSIENT_REASONS =
            Set.of("ThrottlingError", "ProvisionedThroughputExceeded", "TransactionConflict");
    private static final int MAX_CAUSES = 16;

    private DynamoFailures() {
    }

    /** The 503 for {@code failure} if it is (or was caused by) a transient SDK failure. */
    public static Optional<UnavailableException> unavailable(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof SdkException sdk) {
                return isTransient(sdk) ? Optional.of(busy()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The 503 for a write that kept meeting concurrent transactions: nothing is wrong with it, retry shortly. */
    public static UnavailableException busy() {
        return new UnavailableException(CODE, "The service is busy; retry the request shortly", RETRY_AFTER);
    }

    public static boolean isTransient(SdkException e) {
        if (e instanceof TransactionCanceledException cancelled) {
            return isTransientCancellation(cancelled);
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500
                    || e instanceof TransactionConflictException;
        }
        return e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException
                || e instanceof RetryableException || e.getCause() instanceof IOException
                || e.getCause() instanceof UncheckedIOException;
    }

    /** Cancelled for capacity or a concurrent transaction only: no condition failed, so nothing is wrong with it. */
    public static boolean isTransientCancellation(TransactionCanceledException e) {
        if (!e.hasCancellationReasons()) {
            return false;
        }
        boolean any = false;
        for (CancellationReason reason : e.cancellationReasons()) {
            String code = reason.code();
            if (code == null || code.equals("None")) {
                continue;
            }
            if (!TRANSIENT_REASONS.contains(code)) {
                return false;
            }
            any = true;
        }
        return any;
    }
}
