package dev.tradewind.auth;

import static dev.tradewind.auth.AuthFixture.PASSWORD;
import static dev.tradewind.auth.AuthFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.testing.HttpResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failed sign-ins counted per account and per source address in DynamoDB, with exponential lockout. */
class LoginLockoutIT {

    private static final String WRONG = "wrong passphrase entirely";
    private final AuthFixture auth = new AuthFixture();

    @Test
    void fiveFailures_lockTheAccountFor60Seconds_evenForTheRightPassword() {
        String email = uniqueEmail("locked");
        auth.registered(email);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, auth.login(email, WRONG).status(), "failure " + (i + 1));
        }

        HttpResult locked = auth.login(email, PASSWORD);

        assertEquals(429, locked.status());
        assertEquals("TOO_MANY_REQUESTS", locked.errorCode());
        assertEquals("60", locked.headers().get("retry-after"));
        auth.clock.advance(Duration.ofSeconds(45));
        assertEquals("15", auth.login(email, PASSWORD).headers().get("retry-after"));
    }

    @Test
    void afterTheLockoutWindow_theRightPasswordWorks_andResetsTheAccountCounter() {
        String email = uniqueEmail("recovers");
        auth.registered(email);
        for (int i = 0; i < 5; i++) {
            auth.login(email, WRONG);
        }
        auth.clock.advance(Duration.ofSeconds(61));

        assertEquals(200, auth.login(email, PASSWORD).status());
        for (int i = 0; i < 4; i++) {
            assertEquals(401, auth.login(email, WRONG).status(), "counting starts again from zero");
        }
        assertEquals(200, auth.login(email, PASSWORD).status());
    }

    @Test
    void furtherFailuresAfterALockout_doubleTheLockout() {
        String email = uniqueEmail("doubles");
        auth.registered(email);
        for (int i = 0; i < 5; i++) {
            auth.login(email, WRONG);
        }
        auth.clock.advance(Duration.ofSeconds(61));
        assertEquals(401, auth.login(email, WRONG).status());
        assertEquals("120", auth.login(email, PASSWORD).headers().get("retry-after"));
        auth.clock.advance(Duration.ofSeconds(121));
        assertEquals(401, auth.login(email, WRONG).status());
        assertEquals("240", auth.login(email, PASSWORD).headers().get("retry-after"));
    }

    @Test
    void lockedAttempts_areNotCounted_soTheLockoutDoesNotGrowWhileLocked() {
        String email = uniqueEmail("patient");
        auth.registered(email);
        for (int i = 0; i < 5; i++) {
            auth.login(email, WRONG);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(429, auth.login(email, WRONG).status());
        }
        auth.clock.advance(Duration.ofSeconds(61));
        assertEquals(200, auth.login(email, PASSWORD).status());
    }

    @Test
    void aQuietHourAfterTheLastFailure_forgetsTheCount() {
        String email = uniqueEmail("forgotten");
        auth.registered(email);
        for (int i = 0; i < 4; i++) {
            auth.login(email, WRONG);
        }
        auth.clock.advance(Duration.ofMinutes(61));

        assertEquals(401, auth.login(email, WRONG).status(), "a fifth failure, but the first four are forgotten");
        assertEquals(200, auth.login(email, PASSWORD).status());
    }

    @Test
    void unknownEmail_locksExactlyLikeAnExistingOne() {
        String email = uniqueEmail("ghost");
        for (int i = 0; i < 5; i++) {
            assertEquals(401, auth.login(email, WRONG).status());
        }
        HttpResult locked = auth.login(email, WRONG);

        assertEquals(429, locked.status());
        assertEquals("60", locked.headers().get("retry-after"));
    }

    @Test
    void twentyFailuresFromOneAddress_acrossAccounts_lockThatAddressOnly() {
        String victim = uniqueEmail("victim");
        auth.registered(victim);
        for (int i = 0; i < 20; i++) {
            assertEquals(401, auth.login(uniqueEmail("spray" + i), WRONG).status(), "failure " + (i + 1));
        }

        HttpResult fromAttacker = auth.login(victim, PASSWORD);
        HttpResult fromElsewhere = auth.login(victim, PASSWORD, AuthFixture.nextAddress());

        assertEquals(429, fromAttacker.status());
        assertEquals("60", fromAttacker.headers().get("retry-after"));
        assertEquals(200, fromElsewhere.status());
        auth.clock.advance(Duration.ofSeconds(61));
        assertEquals(200, auth.login(victim, PASSWORD).status());
    }

    @Test
    void successfulLogin_doesNotResetTheAddressCounter() {
        String mine = uniqueEmail("mine");
        auth.registered(mine);
        for (int i = 0; i < 19; i++) {
            auth.login(uniqueEmail("spray" + i), WRONG);
        }
        assertEquals(200, auth.login(mine, PASSWORD).status());
        assertEquals(401, auth.login(uniqueEmail("spray-last"), WRONG).status());

        assertEquals(429, auth.login(mine, PASSWORD).status());
    }
}
