package dev.tradewind.auth;

import static dev.tradewind.auth.AuthFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.auth.domain.LockoutPolicy;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Wrong passwords sent all at once must not get past the lockout: at most the policy's threshold of them may have
 * their password checked. Deterministic rather than timed: every attempt that reaches the password check (it reads
 * the credential first) waits there until all the others have reached it too or been answered, which is the widest
 * window a read-then-write counter could leave open.
 */
class LoginLockoutRaceIT {

    private static final int ATTEMPTS = 40;
    private static final String WRONG = "wrong passphrase entirely";

    private final CheckGate gate = new CheckGate();
    private final TakenBackFirst takenBackFirst = new TakenBackFirst();
    private final DynamoDbClient client = DynamoDbClient.builder()
            .endpointOverride(URI.create(LocalDynamoDb.environment("AuthFunction").get(DynamoDbClients.ENDPOINT_VARIABLE)))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(Apache5HttpClient.builder().maxConnections(2 * ATTEMPTS).build())
            .overrideConfiguration(c -> c.addExecutionInterceptor(gate).addExecutionInterceptor(takenBackFirst))
            .build();
    private final AuthFixture auth = new AuthFixture(client);
    private final ExecutorService pool = Executors.newFixedThreadPool(ATTEMPTS);

    @AfterEach
    void close() {
        pool.shutdownNow();
        client.close();
    }

    @Test
    void parallelWrongPasswords_toOneAccount_checkExactlyTheThreshold_andTheRestAre429() throws Exception {
        String email = uniqueEmail("burst");
        auth.registered(email);

        List<HttpResult> results = concurrently(ATTEMPTS, i -> auth.login(email, WRONG));

        int threshold = LockoutPolicy.ACCOUNT.threshold();
        assertEquals(threshold, gate.checks(), "password checks");
        assertEquals(Map.of(401, threshold, 429, ATTEMPTS - threshold), statuses(results));
        results.stream().filter(r -> r.status() == 429)
                .forEach(r -> assertEquals("60", r.headers().get("retry-after"), r.toString()));
    }

    @Test
    void parallelWrongPasswords_fromOneAddress_checkExactlyItsThreshold_andTheRestAre429() throws Exception {
        List<HttpResult> results = concurrently(ATTEMPTS, i -> auth.login(uniqueEmail("spray" + i), WRONG));

        int threshold = LockoutPolicy.SOURCE_ADDRESS.threshold();
        assertEquals(threshold, gate.checks(), "password checks");
        assertEquals(Map.of(401, threshold, 429, ATTEMPTS - threshold), statuses(results));
        assertEquals(401, auth.login(uniqueEmail("elsewhere"), WRONG, AuthFixture.nextAddress()).status(),
                "another address is unaffected");
    }

    /**
     * Two right passwords from one address, counted as its 19th and 20th attempts: the 20th locks the address, and the
     * other's take-back lands before the locking one's. Both sign in, and neither was a failure, so the address is
     * left with its 18 failures and unlocked.
     */
    @Test
    void parallelRightPasswords_fromOneAddress_lockingOneTakenBackLast_leaveTheAddressUnlocked() throws Exception {
        List<String> emails = List.of(uniqueEmail("colleague"), uniqueEmail("colleague"));
        emails.forEach(auth::registered);
        int threshold = LockoutPolicy.SOURCE_ADDRESS.threshold();
        for (int i = 0; i < threshold - 2; i++) {
            assertEquals(401, auth.login(uniqueEmail("typo" + i), WRONG).status(), "failure " + (i + 1));
        }
        takenBackFirst.arm();

        List<HttpResult> results = concurrently(2, i -> auth.login(emails.get(i), AuthFixture.PASSWORD));

        assertEquals(Map.of(200, 2), statuses(results));
        HttpResult next = auth.login(emails.get(0), AuthFixture.PASSWORD);
        assertEquals(200, next.status(), "18 failures do not lock the address: " + next);
    }

    /** Runs the attempts on their own threads, released together. */
    private List<HttpResult> concurrently(int attempts, IntFunction<HttpResult> attempt) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResult>> futures = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    return attempt.apply(n);
                } finally {
                    gate.answered();
                }
            }));
        }
        gate.arm(attempts);
        start.countDown();
        List<HttpResult> results = new ArrayList<>();
        for (Future<HttpResult> future : futures) {
            results.add(future.get(2, TimeUnit.MINUTES));
        }
        return results;
    }

    private static Map<Integer, Integer> statuses(List<HttpResult> results) {
        Map<Integer, Integer> counts = new TreeMap<>();
        results.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        return counts;
    }

    /**
     * Holds each credential read (the step right before the password check) until every attempt has either reached
     * one or been answered without. Counts the reads: one per password checked.
     */
    static final class CheckGate implements ExecutionInterceptor {

        private final AtomicInteger checks = new AtomicInteger();
        private final ThreadLocal<Boolean> reachedCheck = ThreadLocal.withInitial(() -> false);
        private volatile CountDownLatch everyAttemptAccounted;

        void arm(int attempts) {
            checks.set(0);
            everyAttemptAccounted = new CountDownLatch(attempts);
        }

        int checks() {
            return checks.get();
        }

        /** On the attempt's thread, when its answer is in. */
        void answered() {
            if (!reachedCheck.get()) {
                everyAttemptAccounted.countDown();
            }
            reachedCheck.remove();
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            CountDownLatch latch = everyAttemptAccounted;
            if (latch == null || !(context.request() instanceof GetItemRequest get)
                    || !get.key().get("pk").s().startsWith("EMAIL#")) {
                return;
            }
            checks.incrementAndGet();
            reachedCheck.set(true);
            latch.countDown();
            try {
                // A safety net only: the latch opens as soon as every attempt is accounted for.
                if (!latch.await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("not every attempt was accounted for");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Holds the put that restores the address's counter from before a lock (the take-back of the attempt that locked
     * it) until another attempt's take-back from that counter has been applied.
     */
    static final class TakenBackFirst implements ExecutionInterceptor {

        private volatile CountDownLatch takenBack;

        void arm() {
            takenBack = new CountDownLatch(1);
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            CountDownLatch latch = takenBack;
            if (latch == null || !(context.request() instanceof PutItemRequest put)
                    || !put.item().get("pk").s().startsWith("LOGINFAIL#IP#") || put.item().containsKey("lockedUntil")) {
                return;
            }
            try {
                if (!latch.await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("no other attempt was taken back");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            CountDownLatch latch = takenBack;
            if (latch != null && context.request() instanceof UpdateItemRequest update
                    && update.key().get("pk").s().startsWith("LOGINFAIL#IP#")
                    && update.updateExpression().contains(":minusOne")) {
                latch.countDown();
            }
        }
    }
}
