package dev.tradewind.auth;

import static dev.tradewind.auth.AuthFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.auth.domain.token.KeyRing;
import dev.tradewind.auth.domain.token.SigningKey;
import dev.tradewind.testing.HttpEvent;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Key rotation as the SSM procedure performs it: the next key is published with an activation time, signs from
 * then on, and the previous key keeps verifying the tokens it signed until they expire and it is pruned.
 */
class KeyRotationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AuthFixture auth = new AuthFixture();

    @Test
    void scheduledKey_isPublishedFirst_signsFromItsActivation_andOldTokensVerifyUntilTheyExpire() throws Exception {
        String email = uniqueEmail("rotor");
        auth.registered(email);
        KeyRing original = auth.keys.ring();
        String oldKid = original.active().kid();
        SigningKey next = SigningKey.generate(new SecureRandom(), auth.clock.instant());

        auth.keys.set(original.schedule(next, auth.clock.instant().plus(Duration.ofMinutes(10))));
        assertEquals(List.of(oldKid, next.kid()), jwksKids(), "published before it signs");
        assertEquals(oldKid, kid(auth.tokens(email).get("accessToken").asText()), "not yet due");

        auth.clock.advance(Duration.ofMinutes(9));
        String lastOldToken = auth.tokens(email).get("accessToken").asText();
        assertEquals(oldKid, kid(lastOldToken));
        auth.clock.advance(Duration.ofMinutes(1));
        String newToken = auth.tokens(email).get("accessToken").asText();
        assertEquals(next.kid(), kid(newToken), "due: the new kid signs without a redeploy");

        auth.keys.set(auth.keys.ring().promote(auth.clock.instant()));
        assertEquals(next.kid(), auth.keys.ring().active().kid());
        assertEquals(200, auth.me(lastOldToken).status(), "the old key still verifies its tokens");
        assertEquals(200, auth.me(newToken).status());

        auth.clock.advance(Duration.ofMinutes(14));
        assertEquals(200, auth.me(lastOldToken).status());
        auth.clock.advance(Duration.ofMinutes(2));
        assertEquals(401, auth.me(lastOldToken).status(), "expired");
        assertEquals(200, auth.me(auth.tokens(email).get("accessToken").asText()).status());

        auth.keys.set(auth.keys.ring().prune(auth.clock.instant(), Duration.ofMinutes(16)));
        assertEquals(List.of(next.kid()), jwksKids(), "pruned once no token of it can be valid");
        assertNotEquals(oldKid, auth.keys.ring().active().kid());
    }

    @Test
    void refreshAcrossARotation_getsATokenFromTheNewKey() throws Exception {
        String email = uniqueEmail("rotor2");
        auth.registered(email);
        JsonNode tokens = auth.tokens(email);
        SigningKey next = SigningKey.generate(new SecureRandom(), auth.clock.instant());
        auth.keys.set(auth.keys.ring().rotate(next, auth.clock.instant()));

        JsonNode refreshed = auth.refresh(tokens.get("refreshToken").asText()).body();

        assertEquals(next.kid(), kid(refreshed.get("accessToken").asText()));
        assertTrue(auth.authorize("Bearer " + tokens.get("accessToken").asText()).isPresent());
    }

    private List<String> jwksKids() {
        JsonNode keys = auth.invoke(HttpEvent.load("auth/jwks.json")).body().get("keys");
        return keys.findValuesAsText("kid");
    }

    private static String kid(String token) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0])).get("kid").asText();
    }
}
