package dev.tradewind.auth;

import static dev.tradewind.auth.AuthFixture.PASSWORD;
import static dev.tradewind.auth.AuthFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.auth.domain.refresh.RefreshTokens;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.testing.DynamoFaults;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Refresh-token rotation with DynamoDB failing under it (testing's {@link DynamoFaults}, over DynamoDB Local): the
 * rotation (the family's current token and the new token's item, one transaction) is stored whole or not at all, a
 * caller gets 503 with Retry-After when the SDK's retries are spent, and a retry behaves as docs/auth.md says.
 */
class AuthFaultsIT {

    private static final String NEW_PASSWORD = "a different long passphrase";
    private static final String WRONG = "wrong passphrase entirely";

    @RegisterExtension
    final DynamoFaults faults = new DynamoFaults();
    private final BeforeResend beforeResend = new BeforeResend();

    private AuthFixture auth;
    private String table;

    @BeforeEach
    void setUp() {
        auth = new AuthFixture(List.of(faults, beforeResend));
        table = new Environment(LocalDynamoDb.environment("AuthFunction"), auth.clock).require("USERS_TABLE");
    }

    @Test
    void refresh_throttled_rotationNotHalfApplied() {
        String email = uniqueEmail("throttled");
        auth.registered(email);
        JsonNode login = auth.tokens(email);
        List<Map<String, AttributeValue>> before = items();
        faults.on("TransactWriteItems").provisionedThroughputExceeded();

        assertUnavailable(auth.refresh(login.get("refreshToken").asText()));

        assertEquals(before, items(), "neither the family nor a new token item changed");
        faults.clearRules();
        HttpResult retry = auth.refresh(login.get("refreshToken").asText());
        assertEquals(200, retry.status(), "nothing rotated, so the same token is still the current one: " + retry);
        assertEquals(200, auth.refresh(retry.body().get("refreshToken").asText()).status());
    }

    @Test
    void refresh_transactionCancelledForThrottling_returns503AndKeepsTheSession() {
        String email = uniqueEmail("cancelled");
        auth.registered(email);
        JsonNode login = auth.tokens(email);
        List<Map<String, AttributeValue>> before = items();
        faults.on("TransactWriteItems").transactionCanceled("ThrottlingError");

        assertUnavailable(auth.refresh(login.get("refreshToken").asText()));

        assertEquals(before, items());
        faults.clearRules();
        assertEquals(200, auth.refresh(login.get("refreshToken").asText()).status());
    }

    /** Nothing changed the session, so its token is still good: a 401 would end a session that is fine. */
    @Test
    void refresh_transactionConflictOnEveryPass_returns503_andTheTokenStillRefreshes() {
        String email = uniqueEmail("conflict");
        auth.registered(email);
        String token = auth.tokens(email).get("refreshToken").asText();
        List<Map<String, AttributeValue>> before = items();
        faults.on("TransactWriteItems").transactionCanceled("TransactionConflict");

        assertUnavailable(auth.refresh(token));

        assertEquals(before, items());
        faults.clearRules();
        HttpResult retry = auth.refresh(token);
        assertEquals(200, retry.status(), retry.toString());
    }

    @Test
    void refresh_readThrottled_returns503() {
        String email = uniqueEmail("read");
        auth.registered(email);
        JsonNode login = auth.tokens(email);
        faults.on("GetItem").throttling();

        assertUnavailable(auth.refresh(login.get("refreshToken").asText()));

        faults.clearRules();
        assertEquals(200, auth.refresh(login.get("refreshToken").asText()).status());
    }

    @Test
    void refresh_timeoutAfterCommitOnFirstAttempt_sdkRetryRotatesOnce() {
        String email = uniqueEmail("retried");
        auth.registered(email);
        JsonNode login = auth.tokens(email);
        faults.on("TransactWriteItems").afterSend().attemptTimeout().times(1);

        HttpResult refreshed = auth.refresh(login.get("refreshToken").asText());

        assertEquals(200, refreshed.status(), "the SDK's retry of the committed transaction is not a reuse: "
                + refreshed);
        assertEquals(1, faults.injected());
        assertEquals(200, auth.refresh(refreshed.body().get("refreshToken").asText()).status());
    }

    /**
     * The rotation committed but every answer was lost: the caller never saw the new token. Presenting the old one
     * again within the grace window answers the committed new token (docs/auth.md#refresh-tokens); after it, it is a
     * reuse: the session ends, and signing in starts a new one.
     */
    @Test
    void refresh_failsAfterCommit_retryWithinGraceGetsTheCommittedToken_laterEndsTheSession() {
        String email = uniqueEmail("lost");
        auth.registered(email);
        JsonNode login = auth.tokens(email);
        List<Map<String, AttributeValue>> before = items();
        faults.on("TransactWriteItems").afterSend().attemptTimeout();

        assertUnavailable(auth.refresh(login.get("refreshToken").asText()));

        assertNotEquals(before, items(), "DynamoDB stored the rotation whole");
        assertEquals(before.size() + 1, items().size(), "one new token item, the family replaced in place");
        faults.clearRules();
        HttpResult retry = auth.refresh(login.get("refreshToken").asText());
        assertEquals(200, retry.status(), retry.toString());
        assertEquals(before.size() + 1, items().size(), "the retry stored nothing new");
        auth.clock.advance(RefreshTokens.REUSE_GRACE);
        HttpResult late = auth.refresh(login.get("refreshToken").asText());
        assertEquals(401, late.status(), late.toString());
        assertEquals("INVALID_REFRESH_TOKEN", late.errorCode());
        assertEquals(401, auth.refresh(retry.body().get("refreshToken").asText()).status(), "the family is revoked");
        assertEquals(200, auth.refresh(auth.tokens(email).get("refreshToken").asText()).status());
    }

    /**
     * The new hash was stored but the answer lost, so the SDK sent the same put again: its condition (the old hash)
     * now fails on the caller's own write, which is no change that won meanwhile.
     */
    @Test
    void changePassword_storedButItsAnswerLost_sdkRetry_returns204_andEndsTheOtherSessions() {
        String email = uniqueEmail("changelost");
        auth.registered(email);
        JsonNode laptop = auth.tokens(email);
        JsonNode phone = auth.tokens(email);
        faults.on("PutItem").matching(credentialPut()).afterSend().times(1).internalServerError();

        HttpResult change = auth.changePassword(laptop.get("accessToken").asText(), PASSWORD, NEW_PASSWORD);

        assertEquals(1, faults.injected());
        assertEquals(204, change.status(), change.toString());
        assertPasswordChanged(email, laptop, phone);
    }

    /**
     * The new hash was stored but every answer to it was lost: the caller's retry would check the old password
     * against the new hash (422) and no session would end, so the change reads back what it stored instead.
     */
    @Test
    void changePassword_storedButEveryAnswerLost_returns204_andEndsTheOtherSessions() {
        String email = uniqueEmail("changealllost");
        auth.registered(email);
        JsonNode laptop = auth.tokens(email);
        JsonNode phone = auth.tokens(email);
        faults.on("PutItem").matching(credentialPut()).afterSend().internalServerError();

        HttpResult change = auth.changePassword(laptop.get("accessToken").asText(), PASSWORD, NEW_PASSWORD);

        assertEquals(204, change.status(), change.toString());
        faults.clearRules();
        assertPasswordChanged(email, laptop, phone);
    }

    /**
     * The new hash was stored, but ending the other sessions failed (503): the retry the 503 asks for, with the same
     * passwords, finds the change made and ends the sessions, rather than checking the old password against the new
     * hash (422) and leaving them running.
     */
    @Test
    void changePassword_storedButEndingTheOtherSessionsThrottled_retryEndsThem_returns204() {
        String email = uniqueEmail("changerevoke");
        auth.registered(email);
        JsonNode laptop = auth.tokens(email);
        JsonNode phone = auth.tokens(email);
        faults.on("UpdateItem").matching(request -> request instanceof UpdateItemRequest update
                && update.key().get("sk").s().startsWith("SESSION#")).throttling();

        assertUnavailable(auth.changePassword(laptop.get("accessToken").asText(), PASSWORD, NEW_PASSWORD));

        faults.clearRules();
        HttpResult retry = auth.changePassword(laptop.get("accessToken").asText(), PASSWORD, NEW_PASSWORD);
        assertEquals(204, retry.status(), retry.toString());
        assertPasswordChanged(email, laptop, phone);
    }

    /** The new hash never reached DynamoDB: 503, and the old password and every session stay (docs/auth.md). */
    @Test
    void changePassword_throttled_returns503_andEndsNoSession() {
        String email = uniqueEmail("changethrottled");
        auth.registered(email);
        JsonNode laptop = auth.tokens(email);
        JsonNode phone = auth.tokens(email);
        faults.on("PutItem").matching(credentialPut()).throttling();

        assertUnavailable(auth.changePassword(laptop.get("accessToken").asText(), PASSWORD, NEW_PASSWORD));

        faults.clearRules();
        assertEquals(200, auth.refresh(phone.get("refreshToken").asText()).status(), "no session ended");
        assertEquals(200, auth.login(email, PASSWORD).status(), "the old password");
    }

    /**
     * The account was stored but every answer to it was lost: told 503, the caller's retry would find the email
     * taken by its own account (409), so the registration reads back what it stored instead.
     */
    @Test
    void register_storedButEveryAnswerLost_returns201_andTheAccountSignsIn() {
        String email = uniqueEmail("registerlost");
        faults.on("TransactWriteItems").afterSend().internalServerError();

        HttpResult registered = auth.register(email, PASSWORD, "Lost Answer");

        assertEquals(201, registered.status(), registered.toString());
        faults.clearRules();
        HttpResult login = auth.login(email, PASSWORD);
        assertEquals(200, login.status(), login.toString());
        assertEquals(registered.body().get("userId").asText(),
                auth.me(login.body().get("accessToken").asText()).body().get("userId").asText());
    }

    /**
     * Reading the credential failed, so no password was checked: the 503s a client's retries meet count toward no
     * lockout, and the right password signs in once DynamoDB answers again.
     */
    @Test
    void login_credentialReadThrottled_returns503_andCountsNoFailure() {
        String email = uniqueEmail("readfails");
        auth.registered(email);
        faults.on("GetItem").matching(request -> request instanceof GetItemRequest get
                && get.key().get("pk").s().startsWith("EMAIL#")).throttling();

        assertFiveUnansweredSignInsLockNothing(email);
    }

    /**
     * Counting the attempt on the address fails past the SDK's retries after it was counted on the account: no
     * password is checked, so the account's count is taken back and five retries lock nothing.
     */
    @Test
    void login_addressCountThrottled_returns503_andCountsNoFailureOnTheAccount() {
        String email = uniqueEmail("addressfails");
        auth.registered(email);
        faults.on("UpdateItem").matching(request -> request instanceof UpdateItemRequest update
                && update.key().get("pk").s().startsWith("LOGINFAIL#IP#")).throttling();

        assertFiveUnansweredSignInsLockNothing(email);
    }

    /**
     * The right password, but clearing the account's count fails past the SDK's retries: the sign-in answers 503, and
     * its attempt is taken back, so five such retries lock nothing.
     */
    @Test
    void rightPassword_clearingTheCountThrottled_returns503_andCountsNoFailure() {
        String email = uniqueEmail("clearfails");
        auth.registered(email);
        faults.on("DeleteItem").matching(request -> request instanceof DeleteItemRequest delete
                && delete.key().get("pk").s().startsWith("LOGINFAIL#ACCOUNT#")).throttling();

        assertFiveUnansweredSignInsLockNothing(email);
    }

    /** The failure's ADD was applied but its answer lost; the SDK's retry of it must not count the failure again. */
    @Test
    void wrongPassword_countedButItsAnswerLost_sdkRetry_countsOneFailure() {
        String email = uniqueEmail("countlost");
        auth.registered(email);
        faults.on("UpdateItem").matching(request -> request instanceof UpdateItemRequest update
                && update.key().get("pk").s().startsWith("LOGINFAIL#ACCOUNT#")).afterSend().times(1)
                .internalServerError();

        assertEquals(401, auth.login(email, WRONG).status());

        assertEquals(1, faults.injected());
        for (int i = 0; i < 3; i++) {
            assertEquals(401, auth.login(email, WRONG).status(), "failure " + (i + 2));
        }
        HttpResult fifth = auth.login(email, PASSWORD);
        assertEquals(200, fifth.status(), "four failures do not lock the account: " + fifth);
    }

    /**
     * The failure's ADD was applied but its answer lost, and another wrong password was counted before the SDK sent
     * it again: the resend still finds its own attempt counted (not just the last one), so the 2 + 2 failures leave
     * the right password, the fifth attempt, to sign in.
     */
    @Test
    void wrongPassword_countedButItsAnswerLost_anotherCountedBeforeTheSdkRetry_countsOneFailure() {
        String email = uniqueEmail("countlostbetween");
        auth.registered(email);
        for (int i = 0; i < 2; i++) {
            assertEquals(401, auth.login(email, WRONG).status(), "failure " + (i + 1));
        }
        Predicate<SdkRequest> accountCount = request -> request instanceof UpdateItemRequest update
                && update.key().get("pk").s().startsWith("LOGINFAIL#ACCOUNT#");
        faults.on("UpdateItem").matching(accountCount).afterSend().times(1).internalServerError();
        AtomicReference<HttpResult> between = beforeResend.arm(accountCount, () -> auth.login(email, WRONG));

        assertEquals(401, auth.login(email, WRONG).status());

        assertEquals(1, faults.injected());
        assertEquals(401, between.get().status(), "the attempt counted before the resend: " + between.get());
        HttpResult fifth = auth.login(email, PASSWORD);
        assertEquals(200, fifth.status(), "four failures do not lock the account: " + fifth);
    }

    /** A sign-in takes its attempt back from the address's count; the SDK's retry of that must not take two. */
    @Test
    void rightPassword_takenBackButItsAnswerLost_sdkRetry_takesOneFailureBack() {
        String email = uniqueEmail("takebacklost");
        auth.registered(email);
        assertEquals(401, auth.login(email, WRONG).status());
        faults.on("UpdateItem").matching(request -> request instanceof UpdateItemRequest update
                && update.key().get("pk").s().startsWith("LOGINFAIL#IP#")
                && update.updateExpression().contains(":minusOne")).afterSend().times(1).internalServerError();

        assertEquals(200, auth.login(email, PASSWORD).status());

        assertEquals(1, faults.injected());
        assertEquals(1, addressFailures(), "the wrong password stays counted on the address");
    }

    /**
     * A sign-in's take-back from the address's count was applied but its answer lost, and another sign-in's take-back
     * landed before the SDK sent it again: the resend still finds its own attempt taken back, so the address keeps
     * its one failure.
     */
    @Test
    void rightPassword_takenBackButItsAnswerLost_anotherTakenBackBeforeTheSdkRetry_takesOneFailureBack() {
        String email = uniqueEmail("takebacklostbetween");
        String colleague = uniqueEmail("takebacklostbetween");
        auth.registered(email);
        auth.registered(colleague);
        assertEquals(401, auth.login(email, WRONG).status());
        Predicate<SdkRequest> addressTakeBack = request -> request instanceof UpdateItemRequest update
                && update.key().get("pk").s().startsWith("LOGINFAIL#IP#")
                && update.updateExpression().contains(":minusOne");
        faults.on("UpdateItem").matching(addressTakeBack).afterSend().times(1).internalServerError();
        AtomicReference<HttpResult> between = beforeResend.arm(addressTakeBack,
                () -> auth.login(colleague, PASSWORD));

        assertEquals(200, auth.login(email, PASSWORD).status());

        assertEquals(1, faults.injected());
        assertEquals(200, between.get().status(), "the sign-in taken back before the resend: " + between.get());
        assertEquals(1, addressFailures(), "the wrong password stays counted on the address");
    }

    /** The failure that locks goes by compare-and-set; the SDK's retry of it must not find the lock it just set. */
    @Test
    void rightPassword_lockingCountStoredButItsAnswerLost_sdkRetry_signsIn() {
        String email = uniqueEmail("lockinglost");
        auth.registered(email);
        for (int i = 0; i < 4; i++) {
            assertEquals(401, auth.login(email, WRONG).status(), "failure " + (i + 1));
        }
        faults.on("PutItem").matching(accountCounterPut()).afterSend().times(1).internalServerError();

        HttpResult login = auth.login(email, PASSWORD);

        assertEquals(1, faults.injected());
        assertEquals(200, login.status(), "the right password, checked as the fifth attempt: " + login);
    }

    /** A counter forgotten after a quiet hour starts again by compare-and-set; its SDK retry must not count twice. */
    @Test
    void wrongPassword_restartedCountStoredButItsAnswerLost_sdkRetry_countsOneFailure() {
        String email = uniqueEmail("restartlost");
        auth.registered(email);
        assertEquals(401, auth.login(email, WRONG).status());
        auth.clock.advance(Duration.ofMinutes(61));
        faults.on("PutItem").matching(accountCounterPut()).afterSend().times(1).internalServerError();

        assertEquals(401, auth.login(email, WRONG).status());

        assertEquals(1, faults.injected());
        for (int i = 0; i < 3; i++) {
            assertEquals(401, auth.login(email, WRONG).status(), "failure " + (i + 2));
        }
        HttpResult fifth = auth.login(email, PASSWORD);
        assertEquals(200, fifth.status(), "four failures do not lock the account: " + fifth);
    }

    /**
     * A sign-in whose attempt was the address's locking 20th takes it back; right after that is stored, before it is
     * read back, another address failure is counted as the locking one again, in the same second, so with the same
     * lock: the take-back must see that the counter no longer holds its attempt and leave that lock and failure be.
     */
    @Test
    void rightPassword_tookBackTheAddressLock_anotherFailureLocksItAgainInTheSameSecond_thatLockStays() {
        String email = uniqueEmail("relocked");
        auth.registered(email);
        for (int i = 0; i < 19; i++) {
            assertEquals(401, auth.login(uniqueEmail("stranger"), WRONG).status(), "failure " + (i + 1));
        }
        String addressCounter = "LOGINFAIL#IP#" + auth.sourceIp;
        AtomicReference<AttributeValue> lock = new AtomicReference<>();
        AtomicBoolean takenBack = new AtomicBoolean();
        AtomicBoolean lockedAgain = new AtomicBoolean();
        faults.on("PutItem").matching(request -> {
            if (request instanceof PutItemRequest put && put.item().get("pk").s().equals(addressCounter)) {
                if (put.item().containsKey("lockedUntil")) {
                    lock.set(put.item().get("lockedUntil"));
                } else if (lock.get() != null) {
                    takenBack.set(true);
                }
            }
            return false;
        });
        faults.on("GetItem").matching(request -> {
            if (request instanceof GetItemRequest get && get.key().get("pk").s().equals(addressCounter)
                    && takenBack.get() && lockedAgain.compareAndSet(false, true)) {
                Map<String, AttributeValue> counter = new HashMap<>(LocalDynamoDb.client()
                        .getItem(r -> r.tableName(table).key(get.key()).consistentRead(true)).item());
                List<String> attempts = new ArrayList<>(counter.get("countedAttempts").ss());
                attempts.add("another-address-failure");
                counter.put("failures", AttributeValue.fromN("20"));
                counter.put("lockedUntil", lock.get());
                counter.put("version", AttributeValue.fromN(
                        Long.toString(Long.parseLong(counter.get("version").n()) + 1)));
                counter.put("countedAttempts", AttributeValue.fromSs(attempts));
                LocalDynamoDb.client().putItem(r -> r.tableName(table).item(counter));
            }
            return false;
        });

        assertEquals(200, auth.login(email, PASSWORD).status());

        assertTrue(lockedAgain.get(), "the other failure locked the address again");
        assertEquals(20, addressFailures(), "the other failure stays counted");
        assertEquals(429, auth.login(uniqueEmail("stranger"), WRONG).status(), "the address stays locked");
    }

    /** Five sign-ins with the right password answer 503 under the faults set; once DynamoDB answers, one signs in. */
    private void assertFiveUnansweredSignInsLockNothing(String email) {
        for (int i = 0; i < 5; i++) {
            assertUnavailable(auth.login(email, PASSWORD));
        }
        faults.clearRules();
        HttpResult login = auth.login(email, PASSWORD);
        assertEquals(200, login.status(), "five unanswered attempts lock nothing: " + login);
    }

    /** The put of the credential item (a password change's new hash). */
    private static Predicate<SdkRequest> credentialPut() {
        return request -> request instanceof PutItemRequest put && put.item().get("pk").s().startsWith("EMAIL#");
    }

    private static Predicate<SdkRequest> accountCounterPut() {
        return request -> request instanceof PutItemRequest put
                && put.item().get("pk").s().startsWith("LOGINFAIL#ACCOUNT#");
    }

    private static void assertUnavailable(HttpResult result) {
        assertEquals(503, result.status(), result.toString());
        assertEquals("TEMPORARILY_UNAVAILABLE", result.errorCode());
        assertEquals("1", result.headers().get("retry-after"));
    }

    /** The failures counted on the fixture's address. */
    private int addressFailures() {
        String addressCounter = "LOGINFAIL#IP#" + auth.sourceIp;
        return Integer.parseInt(items().stream().filter(item -> item.get("pk").s().equals(addressCounter))
                .findFirst().orElseThrow().get("failures").n());
    }

    /** Every item of the Users table, in key order. */
    private List<Map<String, AttributeValue>> items() {
        return LocalDynamoDb.items(table);
    }

    /** The change made whole: the phone's session ended, the caller's (laptop) goes on, the new password works. */
    private void assertPasswordChanged(String email, JsonNode laptop, JsonNode phone) {
        assertEquals(401, auth.refresh(phone.get("refreshToken").asText()).status(), "the other session ended");
        assertEquals(200, auth.refresh(laptop.get("refreshToken").asText()).status(), "the caller's goes on");
        assertEquals(200, auth.login(email, NEW_PASSWORD).status(), "the new password");
    }

    /**
     * Runs another sign-in, on its own thread and to its answer, right before the SDK sends a request again whose
     * first answer {@link DynamoFaults} lost: the widest window between a write and its resend.
     */
    private static final class BeforeResend implements ExecutionInterceptor {

        private static final ExecutionAttribute<Boolean> SENT = new ExecutionAttribute<>("AuthFaultsIT.sent");

        private volatile Predicate<SdkRequest> matching = request -> false;
        private final AtomicReference<Runnable> action = new AtomicReference<>();

        /** @return the other sign-in's answer, once the resend is on its way */
        AtomicReference<HttpResult> arm(Predicate<SdkRequest> resent, Supplier<HttpResult> signIn) {
            AtomicReference<HttpResult> answer = new AtomicReference<>();
            matching = resent;
            action.set(() -> answer.set(signIn.get()));
            return answer;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (!matching.test(context.request())) {
                return;
            }
            if (attributes.getAttribute(SENT) == null) {
                attributes.putAttribute(SENT, true);
                return;
            }
            Runnable signIn = action.getAndSet(null);
            if (signIn != null) {
                CompletableFuture.runAsync(signIn).join();
            }
        }
    }
}
