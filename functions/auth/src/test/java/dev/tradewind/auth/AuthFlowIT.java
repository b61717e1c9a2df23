package dev.tradewind.auth;

import static dev.tradewind.auth.AuthFixture.PASSWORD;
import static dev.tradewind.auth.AuthFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.auth.domain.refresh.RefreshTokens;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.StandardOutput;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/** Register, login, refresh, logout and me through the handler, on DynamoDB Local with the template's table. */
class AuthFlowIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AuthFixture auth = new AuthFixture();

    @Test
    void register_returns201WithTheNormalisedEmail_andTheAccountIsMe() {
        String email = uniqueEmail("ann");
        HttpResult result = auth.register(email.toUpperCase(), PASSWORD, "  Ann Trader ");

        assertEquals(201, result.status(), result.toString());
        assertEquals("/v1/auth/me", result.headers().get("location"));
        assertEquals(email, result.body().get("email").asText());
        assertEquals("Ann Trader", result.body().get("displayName").asText());
        assertEquals(26, result.body().get("userId").asText().length());
        assertFalse(result.body().has("password") || result.body().has("passwordHash"));

        JsonNode me = auth.me(auth.tokens(email).get("accessToken").asText()).body();
        assertEquals(result.body().get("userId").asText(), me.get("userId").asText());
        assertEquals(email, me.get("email").asText());
    }

    @Test
    void register_sameEmailInAnotherSpelling_returns409() {
        String email = uniqueEmail("bob");
        auth.registered(email);

        HttpResult again = auth.register(email.toUpperCase(), "another long passphrase", "Bob Again");

        assertEquals(409, again.status());
        assertEquals("EMAIL_TAKEN", again.errorCode());
    }

    @Test
    void register_missingAndMalformedFields_return400NamingEachField() {
        HttpResult result = auth.invoke(HttpEvent.load("auth/register.json")
                .body("{\"email\":\"not-an-email\",\"password\":\"long enough password\"}"));

        assertEquals(400, result.status());
        assertEquals("VALIDATION_FAILED", result.errorCode());
        assertEquals("[displayName, email]", fields(result));
    }

    @Test
    void register_unknownField_returns400() {
        HttpResult result = auth.invoke(HttpEvent.load("auth/register.json")
                .body("{\"email\":\"x@example.com\",\"password\":\"long enough password\",\"displayName\":\"X\","
                        + "\"userId\":\"someone-else\"}"));

        assertEquals(400, result.status());
        assertEquals("[userId]", fields(result));
    }

    @Test
    void register_shortOrCommonPassword_returns422AndCreatesNothing() {
        String email = uniqueEmail("weak");
        HttpResult tooShort = auth.register(email, "short", "Weak");
        HttpResult common = auth.register(email, "Q1W2E3R4T5", "Weak");

        assertEquals(422, tooShort.status());
        assertEquals("WEAK_PASSWORD", tooShort.errorCode());
        assertTrue(tooShort.body().path("error").path("message").asText().contains("at least 10 characters"));
        assertEquals(422, common.status());
        assertTrue(common.body().path("error").path("message").asText().contains("too common"));
        assertEquals(201, auth.register(email, PASSWORD, "Weak").status());
    }

    @Test
    void login_returnsAnEs256AccessTokenAndAnOpaqueRefreshToken() throws Exception {
        String email = uniqueEmail("carol");
        String userId = auth.registered(email);

        HttpResult result = auth.login(email.toUpperCase(), PASSWORD);

        assertEquals(200, result.status(), result.toString());
        assertEquals("Bearer", result.body().get("tokenType").asText());
        assertEquals(900, result.body().get("expiresIn").asLong());
        assertEquals(43, result.body().get("refreshToken").asText().length());
        String[] parts = result.body().get("accessToken").asText().split("\\.");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertEquals("ES256", header.get("alg").asText());
        assertEquals(auth.keys.ring().active().kid(), header.get("kid").asText());
        assertEquals(userId, claims.get("sub").asText());
        assertEquals(auth.config.issuer(), claims.get("iss").asText());
        assertEquals(auth.config.audience(), claims.get("aud").asText());
        assertEquals(AuthFixture.START.getEpochSecond(), claims.get("iat").asLong());
        assertEquals(900, claims.get("exp").asLong() - claims.get("iat").asLong());
        assertTrue(claims.hasNonNull("jti") && claims.hasNonNull("sid"));
    }

    @Test
    void login_unknownEmailAndWrongPassword_answerTheSame() {
        String email = uniqueEmail("dave");
        auth.registered(email);

        HttpResult wrongPassword = auth.login(email, "not the right passphrase");
        HttpResult unknownEmail = auth.login(uniqueEmail("nobody"), "not the right passphrase");

        assertEquals(401, wrongPassword.status());
        assertEquals(wrongPassword.status(), unknownEmail.status());
        assertEquals(withoutRequestId(wrongPassword.body()), withoutRequestId(unknownEmail.body()));
        assertEquals(wrongPassword.headers().keySet(), unknownEmail.headers().keySet());
        assertEquals("INVALID_CREDENTIALS", unknownEmail.errorCode());
    }

    @Test
    void refresh_rotatesThePair_andTheUsedTokenIsConsumed() {
        String email = uniqueEmail("erin");
        auth.registered(email);
        JsonNode first = auth.tokens(email);

        auth.clock.advance(Duration.ofMinutes(20));
        HttpResult refreshed = auth.refresh(first.get("refreshToken").asText());

        assertEquals(200, refreshed.status(), refreshed.toString());
        assertNotEquals(first.get("refreshToken").asText(), refreshed.body().get("refreshToken").asText());
        assertEquals(401, auth.me(first.get("accessToken").asText()).status(), "the old access token has expired");
        assertEquals(200, auth.me(refreshed.body().get("accessToken").asText()).status());
        JsonNode second = refreshed.body();
        assertEquals(200, auth.refresh(second.get("refreshToken").asText()).status(), "the new one rotates once");
    }

    @Test
    void refresh_reuseOfAConsumedTokenAfterTheGraceWindow_returns401AndRevokesTheWholeFamily() {
        String email = uniqueEmail("frank");
        auth.registered(email);
        JsonNode login = auth.tokens(email);
        JsonNode rotated = auth.refresh(login.get("refreshToken").asText()).body();
        auth.clock.advance(RefreshTokens.REUSE_GRACE);

        HttpResult reuse = auth.refresh(login.get("refreshToken").asText());

        assertEquals(401, reuse.status());
        assertEquals("INVALID_REFRESH_TOKEN", reuse.errorCode());
        HttpResult legitimate = auth.refresh(rotated.get("refreshToken").asText());
        assertEquals(401, legitimate.status(), "the family is revoked, so the thief's copy and the owner's both die");
        assertEquals(200, auth.refresh(auth.tokens(email).get("refreshToken").asText()).status(),
                "a new login starts a new family");
    }

    @Test
    void login_signingKeysUnavailable_returns503_andStoresNoSession() {
        String email = uniqueEmail("nokeys-login");
        auth.registered(email);
        auth.keys.ringUnavailable(true);

        HttpResult unavailable = auth.login(email, PASSWORD);

        assertEquals(503, unavailable.status(), unavailable.toString());
        assertEquals("AUTH_UNAVAILABLE", unavailable.errorCode());
        auth.keys.ringUnavailable(false);
        HttpResult export = auth.export(auth.tokens(email).get("accessToken").asText());
        List<String> sessions = new ArrayList<>();
        export.body().get("tables").get("users").forEach(item -> {
            if (item.get("kind").asText().equals("session")) {
                sessions.add(item.get("attributes").toString());
            }
        });
        assertEquals(1, sessions.size(), "only the sign-in answered 200 started a session: " + sessions);
    }

    @Test
    void login_signingKeysUnavailable_returns503WithRetryAfter() {
        String email = uniqueEmail("nokeys-retry");
        auth.registered(email);
        auth.keys.ringUnavailable(true);

        HttpResult unavailable = auth.login(email, PASSWORD);

        assertEquals(503, unavailable.status(), unavailable.toString());
        assertEquals("5", unavailable.headers().get("retry-after"), "a store that passes by itself says when to retry");
    }

    @Test
    void refresh_signingKeysUnavailable_returns503_andTheSameTokenRefreshesAfterTheGraceWindow() {
        String email = uniqueEmail("nokeys");
        auth.registered(email);
        String token = auth.tokens(email).get("refreshToken").asText();
        auth.keys.ringUnavailable(true);

        HttpResult unavailable = auth.refresh(token);

        assertEquals(503, unavailable.status(), unavailable.toString());
        auth.keys.ringUnavailable(false);
        auth.clock.advance(RefreshTokens.REUSE_GRACE.plusSeconds(5));
        HttpResult retry = auth.refresh(token);
        assertEquals(200, retry.status(), "the 503 consumed no token, so its retry is no reuse: " + retry);
        assertEquals(200, auth.refresh(retry.body().get("refreshToken").asText()).status());
    }

    @Test
    void refresh_sameTokenAgainWithinTheGraceWindow_returnsTheSameRefreshTokenAndKeepsTheSession() {
        String email = uniqueEmail("tabs");
        auth.registered(email);
        JsonNode login = auth.tokens(email);
        HttpResult first = auth.refresh(login.get("refreshToken").asText());
        auth.clock.advance(RefreshTokens.REUSE_GRACE.minusSeconds(1));

        HttpResult second = auth.refresh(login.get("refreshToken").asText());

        assertEquals(200, second.status(), second.toString());
        assertEquals(first.body().get("refreshToken").asText(), second.body().get("refreshToken").asText());
        assertEquals(200, auth.me(second.body().get("accessToken").asText()).status());
        assertEquals(200, auth.refresh(second.body().get("refreshToken").asText()).status(),
                "the session goes on with the one new token");
    }

    @Test
    void refresh_twoAtOnceWithOneToken_bothAnswerTheSameNewToken() throws Exception {
        String email = uniqueEmail("race");
        auth.registered(email);
        String token = auth.tokens(email).get("refreshToken").asText();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<HttpResult>> results = pool.invokeAll(List.of(() -> auth.refresh(token),
                    () -> auth.refresh(token)));
            HttpResult a = results.get(0).get();
            HttpResult b = results.get(1).get();

            assertEquals(List.of(200, 200), List.of(a.status(), b.status()), a + " / " + b);
            assertEquals(a.body().get("refreshToken").asText(), b.body().get("refreshToken").asText());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refresh_tokenTwoRotationsBackWithinTheGraceWindow_revokesTheFamily() {
        String email = uniqueEmail("stale");
        auth.registered(email);
        String first = auth.tokens(email).get("refreshToken").asText();
        String second = auth.refresh(first).body().get("refreshToken").asText();
        String third = auth.refresh(second).body().get("refreshToken").asText();

        assertEquals(401, auth.refresh(first).status());
        assertEquals(401, auth.refresh(third).status(), "a copy older than the last rotation is theft: all revoked");
    }

    @Test
    void refresh_unknownMalformedOrExpiredToken_returns401() {
        String email = uniqueEmail("gina");
        auth.registered(email);
        JsonNode login = auth.tokens(email);

        assertEquals(401, auth.refresh("A".repeat(43)).status());
        assertEquals(401, auth.refresh("not-a-token").status());
        assertEquals(400, auth.refresh("").status());
        auth.clock.advance(Duration.ofDays(30).plusSeconds(1));
        assertEquals(401, auth.refresh(login.get("refreshToken").asText()).status());
    }

    @Test
    void refresh_afterTheSessionsAbsoluteLifetime_returns401EvenIfRotatedRecently() {
        String email = uniqueEmail("hank");
        auth.registered(email);
        String refreshToken = auth.tokens(email).get("refreshToken").asText();
        for (int i = 0; i < 4; i++) {
            auth.clock.advance(Duration.ofDays(25));
            HttpResult result = auth.refresh(refreshToken);
            if (i < 3) {
                assertEquals(200, result.status(), "day " + 25 * (i + 1));
                refreshToken = result.body().get("refreshToken").asText();
            } else {
                assertEquals(401, result.status(), "day 100 is past the 90-day session limit");
            }
        }
    }

    @Test
    void logout_endsThatSessionOnly() {
        String email = uniqueEmail("iris");
        auth.registered(email);
        JsonNode phone = auth.tokens(email);
        JsonNode laptop = auth.tokens(email);

        HttpResult logout = auth.logout(phone.get("accessToken").asText());

        assertEquals(204, logout.status(), logout.toString());
        assertEquals(401, auth.refresh(phone.get("refreshToken").asText()).status());
        assertEquals(200, auth.refresh(laptop.get("refreshToken").asText()).status());
        assertEquals(401, auth.me(phone.get("accessToken").asText()).status(), "its access token ends with it");
        assertEquals(401, auth.logout(phone.get("accessToken").asText()).status());
        assertEquals(200, auth.me(laptop.get("accessToken").asText()).status());
    }

    @Test
    void changePassword_endsEveryOtherSession_andOnlyTheNewPasswordSignsIn() {
        String email = uniqueEmail("jo");
        auth.registered(email);
        JsonNode phone = auth.tokens(email);
        JsonNode laptop = auth.tokens(email);
        String newPassword = "a different long passphrase";

        HttpResult changed = auth.changePassword(laptop.get("accessToken").asText(), PASSWORD, newPassword);

        assertEquals(204, changed.status(), changed.toString());
        assertEquals(401, auth.me(phone.get("accessToken").asText()).status(), "the other session's access ends");
        assertEquals(401, auth.refresh(phone.get("refreshToken").asText()).status());
        assertEquals(200, auth.me(laptop.get("accessToken").asText()).status(), "the caller's session goes on");
        assertEquals(401, auth.login(email, PASSWORD).status());
        assertEquals(200, auth.login(email, newPassword).status());
    }

    @Test
    void changePassword_wrongCurrentPassword_returns422AndCountsTowardsTheLockout() {
        String email = uniqueEmail("kim");
        auth.registered(email);
        String token = auth.tokens(email).get("accessToken").asText();

        for (int i = 0; i < 4; i++) {
            HttpResult wrong = auth.changePassword(token, "not my password at all", "a brand new passphrase");
            assertEquals(422, wrong.status(), wrong.toString());
            assertEquals("WRONG_PASSWORD", wrong.errorCode());
        }
        assertEquals(422, auth.changePassword(token, "not my password at all", "a brand new passphrase").status());
        HttpResult locked = auth.changePassword(token, PASSWORD, "a brand new passphrase");
        assertEquals(429, locked.status(), "the fifth failure locked the account: " + locked);
        assertEquals(200, auth.me(token).status(), "nothing else changed");
    }

    @Test
    void changePassword_weakOrSameNewPassword_returns422AndChangesNothing() {
        String email = uniqueEmail("lee");
        auth.registered(email);
        String token = auth.tokens(email).get("accessToken").asText();

        assertEquals("WEAK_PASSWORD", auth.changePassword(token, PASSWORD, "short").errorCode());
        assertEquals("SAME_PASSWORD", auth.changePassword(token, PASSWORD, PASSWORD).errorCode());
        assertEquals(200, auth.login(email, PASSWORD).status());
        assertEquals(200, auth.me(token).status());
    }

    @Test
    void changePassword_shortOrCommonNewPassword_messageNamesNewPassword() {
        String email = uniqueEmail("weaknew");
        auth.registered(email);
        String token = auth.tokens(email).get("accessToken").asText();

        HttpResult tooShort = auth.changePassword(token, PASSWORD, "kq7#zv");
        HttpResult common = auth.changePassword(token, PASSWORD, "Q1W2E3R4T5");

        assertEquals("newPassword must be at least 10 characters", tooShort.body().path("error").path("message")
                .asText(), tooShort.toString());
        assertEquals("newPassword is too common: it appears in lists of leaked passwords",
                common.body().path("error").path("message").asText(), common.toString());
    }

    @Test
    void changePassword_sameNewPasswordInAnotherUnicodeForm_returns422AndChangesNothing() {
        String email = uniqueEmail("noe");
        String composed = Normalizer.normalize("café crème brûlée", Normalizer.Form.NFC);
        String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
        assertNotEquals(composed, decomposed);
        assertEquals(201, auth.register(email, composed, "Noe").status());
        String phone = auth.login(email, composed).body().get("accessToken").asText();
        String laptop = auth.login(email, composed).body().get("accessToken").asText();

        HttpResult same = auth.changePassword(laptop, composed, decomposed);

        assertEquals(422, same.status(), same.toString());
        assertEquals("SAME_PASSWORD", same.errorCode());
        assertEquals(200, auth.me(phone).status(), "the other session goes on");
    }

    @Test
    void updateProfile_setsTheDisplayNameWithTheRegistrationRules() {
        String email = uniqueEmail("max");
        auth.registered(email);
        String token = auth.tokens(email).get("accessToken").asText();

        HttpResult updated = auth.updateProfile(token, "{\"displayName\":\"  Max Trader  \"}");

        assertEquals(200, updated.status(), updated.toString());
        assertEquals("Max Trader", updated.body().get("displayName").asText());
        assertEquals(400, auth.updateProfile(token, "{}").status());
        assertEquals(email, updated.body().get("email").asText());
        assertEquals("Max Trader", auth.me(token).body().get("displayName").asText());
        assertEquals(400, auth.updateProfile(token, "{\"displayName\":\"" + "x".repeat(65) + "\"}").status());
        assertEquals(400, auth.updateProfile(token, "{\"displayName\":\"Max\",\"email\":\"a@b.c\"}").status());
        assertEquals("Max Trader", auth.me(token).body().get("displayName").asText());
    }

    /** DynamoDB Local is always consistent, so what is checked is that the read asks DynamoDB for consistency. */
    @Test
    void me_afterUpdateProfile_readsTheProfileConsistently() {
        List<GetItemRequest> profileReads = new CopyOnWriteArrayList<>();
        AuthFixture recorded = new AuthFixture(List.of(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof GetItemRequest read && read.key().containsKey("sk")
                        && "PROFILE".equals(read.key().get("sk").s())) {
                    profileReads.add(read);
                }
            }
        }));
        String email = uniqueEmail("read-your-writes");
        recorded.registered(email);
        String token = recorded.tokens(email).get("accessToken").asText();
        assertEquals(200, recorded.updateProfile(token, "{\"displayName\":\"Max\"}").status());
        profileReads.clear();

        assertEquals("Max", recorded.me(token).body().get("displayName").asText());

        assertFalse(profileReads.isEmpty(), "GET /v1/auth/me reads the profile");
        profileReads.forEach(read -> assertTrue(Boolean.TRUE.equals(read.consistentRead()),
                "a profile just updated is read as written: " + read));
    }

    @Test
    void me_forAUserWithoutAProfile_returns404() {
        HttpResult result = auth.invoke(HttpEvent.load("auth/me.json").user("01JGXQ5V8K3M2N4P6R8T0V2XXX"));

        assertEquals(404, result.status());
    }

    @Test
    void jwks_publishesTheVerificationKeys() {
        HttpResult result = auth.invoke(HttpEvent.load("auth/jwks.json"));

        assertEquals(200, result.status());
        assertEquals("public, max-age=60", result.headers().get("cache-control"),
                "with the keys' cache (KEYS_CACHE_TTL, 5 min) a client's set is at most 6 min old: below PT7M");
        JsonNode key = result.body().get("keys").get(0);
        assertEquals(auth.keys.ring().active().kid(), key.get("kid").asText());
        assertEquals("ES256", key.get("alg").asText());
        assertFalse(key.has("d"), "no private part");
    }

    @Test
    void responses_neverCarryCredentialsBackInErrors() {
        HttpResult result = auth.login(uniqueEmail("nobody"), "hunter2-is-my-secret");

        assertFalse(result.body().toString().contains("hunter2"));
    }

    @Test
    void logs_carryNoPasswordsTokensHashesOrEmails() throws Exception {
        String email = uniqueEmail("quiet");
        String wrongPassword = "a-wrong-but-secret-passphrase";
        JsonNode[] tokens = new JsonNode[2];
        String logs = StandardOutput.capture(() -> {
            auth.registered(email);
            auth.login(email, wrongPassword);
            tokens[0] = auth.tokens(email);
            tokens[1] = auth.refresh(tokens[0].get("refreshToken").asText()).body();
            auth.refresh(tokens[0].get("refreshToken").asText());
            auth.clock.advance(RefreshTokens.REUSE_GRACE);
            auth.refresh(tokens[0].get("refreshToken").asText());
            auth.me(tokens[1].get("accessToken").asText());
            auth.authorize("Bearer not-a-token");
            auth.logout(tokens[1].get("accessToken").asText());
        });
        JsonNode first = tokens[0];
        JsonNode refreshed = tokens[1];

        assertTrue(logs.contains("Signed in") && logs.contains("Concurrent refresh answered with the same token")
                && logs.contains("Refresh token reused"), "the flow was logged");
        for (String secret : List.of(PASSWORD, wrongPassword, email, first.get("accessToken").asText(),
                first.get("refreshToken").asText(), refreshed.get("refreshToken").asText(), "$argon2id", "Bearer",
                "not-a-token")) {
            assertFalse(logs.contains(secret), "the logs contain " + secret);
        }
    }

    private static String fields(HttpResult result) {
        StringBuilder fields = new StringBuilder("[");
        result.body().path("error").path("details").forEach(d -> fields.append(fields.length() > 1 ? ", " : "")
                .append(d.get("field").asText()));
        return fields.append("]").toString();
    }

    private static JsonNode withoutRequestId(JsonNode body) {
        JsonNode copy = body.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("error")).remove("requestId");
        return copy;
    }

    @Test
    void signInsAndFailures_areCountedAsMetrics() throws Exception {
        String email = uniqueEmail("counted");
        auth.registered(email);

        String output = StandardOutput.capture(() -> {
            auth.login(email, "not the password at all");
            auth.tokens(email);
        });

        assertTrue(output.lines().anyMatch(line -> line.contains("\"SignInsFailed\":1")
                && line.contains("\"Service\":\"auth\"")), output);
        assertTrue(output.lines().anyMatch(line -> line.contains("\"SignIns\":1")), output);
    }

}
