package dev.tradewind.auth;

import static dev.tradewind.auth.AuthFixture.PASSWORD;
import static dev.tradewind.auth.AuthFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Sign-ups per source address and clock hour, at the default limit of 10 (docs/auth.md#registration-limit). */
class RegistrationLimitIT {

    private static final int LIMIT = 10;
    private final AuthFixture auth = new AuthFixture();

    @Test
    void register_eleventhFromOneAddressInAnHour_returns429UntilTheHourEnds() {
        auth.clock.advance(Duration.ofMinutes(20));
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(201, auth.register(uniqueEmail("limit" + i), PASSWORD, "Limit").status());
        }

        HttpResult refused = auth.register(uniqueEmail("eleventh"), PASSWORD, "Eleventh");

        assertEquals(429, refused.status(), refused.toString());
        assertEquals("TOO_MANY_REQUESTS", refused.errorCode());
        assertEquals("2400", refused.headers().get("retry-after"));
        assertEquals(201, auth.register(uniqueEmail("elsewhere"), PASSWORD, "Elsewhere", AuthFixture.nextAddress())
                .status(), "another address has its own count");
        auth.clock.advance(Duration.ofMinutes(40));
        assertEquals(201, auth.register(uniqueEmail("next-hour"), PASSWORD, "Next").status());
    }

    @Test
    void register_takenEmail_countsAsAnAttempt() {
        String email = uniqueEmail("taken");
        auth.registered(email);
        for (int i = 1; i < LIMIT; i++) {
            assertEquals(409, auth.register(email, PASSWORD, "Again").status());
        }

        assertEquals(429, auth.register(uniqueEmail("fresh"), PASSWORD, "Fresh").status());
    }

    @Test
    void register_invalidOrWeakInput_isNotCounted() {
        for (int i = 0; i < 2 * LIMIT; i++) {
            assertEquals(400, auth.invoke(HttpEvent.load("auth/register.json").sourceIp(auth.sourceIp)
                    .body("{\"email\":\"not-an-email\",\"password\":\"long enough password\",\"displayName\":\"X\"}"))
                    .status());
            assertEquals(422, auth.register(uniqueEmail("weak"), "short", "Weak").status());
        }

        for (int i = 0; i < LIMIT; i++) {
            assertEquals(201, auth.register(uniqueEmail("valid" + i), PASSWORD, "Valid").status());
        }
        assertEquals(429, auth.register(uniqueEmail("over"), PASSWORD, "Over").status());
    }

    @Test
    void register_twiceTheLimitAtOnce_createsExactlyTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2 * LIMIT);
        try {
            List<Callable<HttpResult>> attempts = new ArrayList<>();
            for (int i = 0; i < 2 * LIMIT; i++) {
                String email = uniqueEmail("burst" + i);
                attempts.add(() -> auth.register(email, PASSWORD, "Burst"));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<HttpResult> result : pool.invokeAll(attempts)) {
                statuses.merge(result.get().status(), 1, Integer::sum);
            }

            assertEquals(Map.of(201, LIMIT, 429, LIMIT), statuses);
        } finally {
            pool.shutdownNow();
        }
    }
}
