package dev.tradewind.auth;

import static dev.tradewind.auth.AuthFixture.PASSWORD;
import static dev.tradewind.auth.AuthFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.auth.domain.password.Argon2Cost;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * A sign-in or password change whose password check straddles another change of the stored hash: the other request
 * runs, on a fixture of its own, right before a write of the first one (an interceptor on that fixture's DynamoDB
 * client), the widest window it leaves between reading the credential and storing what it decided. A password
 * changed meanwhile makes the checked one stale, so the first request must change nothing and leave no session; a
 * hash only upgraded meanwhile (same password) must not.
 */
class SignInRaceIT {

    private static final String NEW_PASSWORD = "a different long passphrase";
    private static final Predicate<SdkRequest> CREDENTIAL_PUT = request -> request instanceof PutItemRequest put
            && put.item().get("pk").s().startsWith("EMAIL#");

    @Test
    void loginRehash_afterConcurrentPasswordChange_returns401_andKeepsTheNewPassword() {
        AuthFixture owner = new AuthFixture(new Argon2Cost(2048, 1, 1));
        String email = uniqueEmail("rehash");
        owner.registered(email);
        String ownerToken = owner.tokens(email).get("accessToken").asText();
        AtomicReference<HttpResult> change = new AtomicReference<>();
        // Another cost than the owner's hashes were made with, so this fixture's sign-in rehashes the password.
        AuthFixture signIn = new AuthFixture(List.of(onFirst(CREDENTIAL_PUT,
                () -> owner.changePassword(ownerToken, PASSWORD, NEW_PASSWORD), change)));

        HttpResult login = signIn.login(email, PASSWORD);

        assertEquals(204, change.get().status(), change.get().toString());
        assertEquals(200, owner.login(email, NEW_PASSWORD, AuthFixture.nextAddress()).status(), "the new password");
        assertEquals(401, owner.login(email, PASSWORD, AuthFixture.nextAddress()).status(), "the old password");
        assertEquals(401, login.status(), "checked against a password changed meanwhile: " + login);
        assertEquals("INVALID_CREDENTIALS", login.errorCode());
    }

    @Test
    void loginRehash_afterAnotherSignInRehashedTheSameHash_returns200() {
        AuthFixture owner = new AuthFixture(new Argon2Cost(2048, 1, 1));
        String email = uniqueEmail("rehashtwice");
        owner.registered(email);
        AuthFixture otherDevice = new AuthFixture();
        AtomicReference<HttpResult> other = new AtomicReference<>();
        // Both sign-ins use another cost than the owner's hash, so both upgrade it; the other device's goes first.
        AuthFixture signIn = new AuthFixture(List.of(onFirst(CREDENTIAL_PUT,
                () -> otherDevice.login(email, PASSWORD), other)));

        HttpResult login = signIn.login(email, PASSWORD);

        assertEquals(200, other.get().status(), "the other device's sign-in: " + other.get());
        assertEquals(200, login.status(), "the right password, only its hash upgraded meanwhile: " + login);
        assertEquals(200, signIn.refresh(login.body().get("refreshToken").asText()).status(), "a working session");
    }

    @Test
    void changePassword_losingToAnotherChange_returns409_andLeavesTheWinnersSession() {
        AuthFixture laptop = new AuthFixture();
        String email = uniqueEmail("twochanges");
        laptop.registered(email);
        JsonNode laptopSession = laptop.tokens(email);
        AtomicBoolean phoneSignedIn = new AtomicBoolean();
        AtomicReference<HttpResult> laptopChange = new AtomicReference<>();
        // The laptop's change runs once the phone's has checked the current password (its lockout counter cleared)
        // and before it stores anything else.
        AuthFixture phone = new AuthFixture(List.of(onFirst(
                request -> phoneSignedIn.get() && request instanceof DeleteItemRequest,
                () -> laptop.changePassword(laptopSession.get("accessToken").asText(), PASSWORD, NEW_PASSWORD),
                laptopChange)));
        JsonNode phoneSession = phone.tokens(email);
        phoneSignedIn.set(true);

        HttpResult phoneChange = phone.changePassword(phoneSession.get("accessToken").asText(), PASSWORD,
                "the phone's own new passphrase");

        assertEquals(204, laptopChange.get().status(), laptopChange.get().toString());
        assertEquals(409, phoneChange.status(), phoneChange.toString());
        assertEquals("PASSWORD_CHANGED", phoneChange.errorCode());
        assertEquals(200, laptop.refresh(laptopSession.get("refreshToken").asText()).status(),
                "the winner's own session goes on");
        assertEquals(200, laptop.me(laptopSession.get("accessToken").asText()).status());
        assertEquals(401, phone.refresh(phoneSession.get("refreshToken").asText()).status(),
                "the winner ended every other session");
        assertEquals(200, laptop.login(email, NEW_PASSWORD, AuthFixture.nextAddress()).status(), "the new password");
    }

    @Test
    void loginVerifiedWithOldPassword_committedAfterPasswordChange_returns401_andLeavesNoSession() {
        AuthFixture owner = new AuthFixture();
        String email = uniqueEmail("straddle");
        String userId = owner.registered(email);
        String ownerSession = owner.tokens(email).get("accessToken").asText();
        AtomicReference<HttpResult> change = new AtomicReference<>();
        AuthFixture signIn = new AuthFixture(List.of(onFirst(TransactWriteItemsRequest.class::isInstance,
                () -> owner.changePassword(ownerSession, PASSWORD, NEW_PASSWORD), change)));

        HttpResult login = signIn.login(email, PASSWORD);

        assertEquals(204, change.get().status(), change.get().toString());
        assertEquals(401, login.status(), "checked against a password changed meanwhile: " + login);
        assertEquals("INVALID_CREDENTIALS", login.errorCode());
        assertEquals(1, sessions(userId).size(), "only the owner's session: " + sessions(userId));
    }

    @Test
    void login_committedAfterTheAccountsErasure_returns401_andLeavesNothing() {
        AuthFixture owner = new AuthFixture();
        String email = uniqueEmail("erased");
        String userId = owner.registered(email);
        String ownerSession = owner.tokens(email).get("accessToken").asText();
        AtomicReference<HttpResult> erasure = new AtomicReference<>();
        AuthFixture signIn = new AuthFixture(List.of(onFirst(TransactWriteItemsRequest.class::isInstance,
                () -> owner.deleteAccount(ownerSession, PASSWORD), erasure)));

        HttpResult login = signIn.login(email, PASSWORD);

        assertEquals(200, erasure.get().status(), erasure.get().toString());
        assertEquals(401, login.status(), login.toString());
        assertEquals(List.of(), sessions(userId));
    }

    /**
     * The caller's own session refreshed (another tab) after the erasure noted its tokens and before its last step:
     * the rotation leaves the token it replaced, which the session no longer names, and it must go too
     * (docs/auth.md#deleting-an-account: every refresh token ever issued).
     */
    @Test
    void deleteAccount_withTheCallersSessionRefreshedMeanwhile_leavesNoRefreshToken() {
        AuthFixture otherTab = new AuthFixture();
        AtomicReference<String> tabsToken = new AtomicReference<>();
        AtomicReference<HttpResult> refreshed = new AtomicReference<>();
        AuthFixture owner = new AuthFixture(List.of(onFirst(request -> request instanceof TransactWriteItemsRequest
                        write && write.transactItems().stream().anyMatch(item -> item.delete() != null
                        && item.delete().key().get("pk").s().startsWith("EMAIL#")),
                () -> otherTab.refresh(tabsToken.get()), refreshed)));
        String email = uniqueEmail("erase-refresh");
        String userId = owner.registered(email);
        HttpResult rotated = owner.refresh(owner.tokens(email).get("refreshToken").asText());
        assertEquals(200, rotated.status(), rotated.toString());
        tabsToken.set(rotated.body().get("refreshToken").asText());

        HttpResult erasure = owner.deleteAccount(rotated.body().get("accessToken").asText(), PASSWORD);

        assertEquals(200, erasure.status(), erasure.toString());
        assertEquals(200, refreshed.get().status(), "the other tab's refresh ran meanwhile: " + refreshed.get());
        assertEquals(List.of(), usersItemsNaming(userId));
    }

    private static List<Map<String, AttributeValue>> usersItemsNaming(String userId) {
        return LocalDynamoDb.items(LocalDynamoDb.client(), usersTable()).stream()
                .filter(item -> item.values().stream().anyMatch(v -> v.s() != null && v.s().contains(userId)))
                .toList();
    }

    private static String usersTable() {
        return new Environment(LocalDynamoDb.environment("AuthFunction"), Clock.systemUTC()).require("USERS_TABLE");
    }

    /** The user's sessions that are not revoked. */
    private static List<Map<String, AttributeValue>> sessions(String userId) {
        return LocalDynamoDb.client().query(r -> r.tableName(usersTable()).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :session)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#" + userId),
                                ":session", AttributeValue.fromS("SESSION#"))))
                .items().stream()
                .filter(item -> !item.containsKey("revoked") || !item.get("revoked").bool())
                .toList();
    }

    /** Runs {@code action} once, just before the fixture's first DynamoDB request that {@code write} matches. */
    private static ExecutionInterceptor onFirst(Predicate<SdkRequest> write, Supplier<HttpResult> action,
                                                AtomicReference<HttpResult> answer) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (answer.get() == null && write.test(context.request())) {
                    answer.set(action.get());
                }
            }
        };
    }
}
