package dev.tradewind.auth;

import static dev.tradewind.auth.AuthFixture.PASSWORD;
import static dev.tradewind.auth.AuthFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Many simultaneous registrations of one email (in different spellings) against DynamoDB Local: one account. */
class ConcurrentRegistrationIT {

    private static final int CALLERS = 8;
    private final AuthFixture auth = new AuthFixture();

    @RepeatedTest(3)
    void simultaneousRegistrationsOfOneEmail_createExactlyOneAccount() throws Exception {
        String email = uniqueEmail("race");
        CyclicBarrier start = new CyclicBarrier(CALLERS);
        List<Future<HttpResult>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(CALLERS)) {
            for (int i = 0; i < CALLERS; i++) {
                String spelling = i % 2 == 0 ? email : email.toUpperCase();
                String name = "Racer " + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return auth.register(spelling, PASSWORD, name);
                }));
            }
        }
        int created = 0;
        int conflicts = 0;
        for (Future<HttpResult> result : results) {
            switch (result.get().status()) {
                case 201 -> created++;
                case 409 -> conflicts++;
                default -> throw new AssertionError("unexpected " + result.get());
            }
        }

        assertEquals(1, created);
        assertEquals(CALLERS - 1, conflicts);
        assertEquals(1, profilesWithEmail(email), "exactly one profile item, no orphan from a losing transaction");
    }

    private static long profilesWithEmail(String email) {
        return LocalDynamoDb.client().scanPaginator(b -> b.tableName("UsersTable")
                        .filterExpression("email = :e AND sk = :p")
                        .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(email),
                                ":p", AttributeValue.fromS("PROFILE"))))
                .stream().mapToLong(ScanResponse::count).sum();
    }
}
