package dev.tradewind.shared.dynamo;

import dev.tradewind.shared.concurrent.Jitter;
import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The AWS SDK's standard retry mode, which the DynamoDB, Lambda and SSM clients use, with its back-off drawn by
 * {@link Jitter}: the SDK's own exponential back-off draws from {@code ThreadLocalRandom}, whose state a SnapStart
 * snapshot holds, so instances restored from one snapshot would retry a throttled table in step. What is retried, the
 * retry quota and the number of attempts (3) stay the SDK's; the delays are those its standard mode had in AWS SDK
 * 2.59.1 (from 100 ms, from 1 s when throttled, at most 20 s; DynamoDB's own 25 ms and 4 attempts apply only to a
 * client given no retry strategy).
 */
public final class SnapSafeRetries {

    private static final Duration BASE_DELAY = Duration.ofMillis(100);
    private static final Duration THROTTLED_BASE_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofSeconds(20);

    private SnapSafeRetries() {
    }

    public static RetryStrategy standard() {
        return AwsRetryStrategy.forRetryMode(RetryMode.STANDARD).toBuilder()
                .backoffStrategy(exponential(BASE_DELAY, MAX_DELAY))
                .throttlingBackoffStrategy(exponential(THROTTLED_BASE_DELAY, MAX_DELAY))
                .build();
    }

    /**
     * Full jitter as the SDK computes it: none before the first attempt, then uniform in whole milliseconds from 0 up
     * to, not including, {@code base × 2^(attempt − 2)}, capped at {@code max}.
     */
    static BackoffStrategy exponential(Duration base, Duration max) {
        return attempt -> {
            if (attempt < 1) {
                throw new IllegalArgumentException("attempts count from 1: " + attempt);
            }
            if (attempt == 1) {
                return Duration.ZERO;
            }
            long ceiling = Math.min(base.toMillis() << Math.min(attempt - 2, 30), max.toMillis());
            return Duration.ofMillis(Jitter.millisUpTo(ceiling - 1));
        };
    }
}
