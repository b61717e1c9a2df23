package dev.tradewind.auth.domain.token;

import static dev.tradewind.auth.domain.token.Fixtures.AUDIENCE;
import static dev.tradewind.auth.domain.token.Fixtures.CLOCK;
import static dev.tradewind.auth.domain.token.Fixtures.ISSUER;
import static dev.tradewind.auth.domain.token.Fixtures.NOW;
import static dev.tradewind.auth.domain.token.Fixtures.RANDOM;
import static dev.tradewind.auth.domain.token.Fixtures.newKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tradewind.auth.domain.StrictBase64;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class JwtIssuerTest {

    private final SigningKey key = newKey();

    private static Map<String, Object> part(String token, int index) {
        return JoseJson.parseObject(StrictBase64.decodeUrl(token.split("\\.")[index]));
    }

    @Test
    void issue_headerIsEs256JwtWithKid() {
        String token = Fixtures.issuer(key, CLOCK).issue("user-1").token();

        assertEquals(Map.of("alg", "ES256", "typ", "JWT", "kid", key.kid()), part(token, 0));
    }

    @Test
    void issue_claimsCarryFifteenMinuteLifetimeAndInjectedJti() {
        Supplier<String> jti = () -> "fixed-jti";
        JwtIssuer issuer = new JwtIssuer(key, ISSUER, AUDIENCE, JwtIssuer.DEFAULT_TTL, CLOCK, jti, RANDOM);

        IssuedToken issued = issuer.issue("user-1");

        Map<String, Object> claims = part(issued.token(), 1);
        assertEquals(List.of("iss", "sub", "aud", "iat", "exp", "jti"), List.copyOf(claims.keySet()));
        assertEquals(NOW.getEpochSecond(), claims.get("iat"));
        assertEquals(NOW.getEpochSecond() + 15 * 60, claims.get("exp"));
        assertEquals("fixed-jti", claims.get("jti"));
        assertEquals("fixed-jti", issued.jti());
        assertEquals(NOW.plus(Duration.ofMinutes(15)), issued.expiresAt());
    }

    @Test
    void issue_withSession_addsSidThatTheVerifierReturns() throws InvalidTokenException {
        String token = Fixtures.issuer(key, CLOCK).issue("user-1", "session-9").token();

        assertEquals("session-9", part(token, 1).get("sid"));
        assertEquals("session-9", Fixtures.verifier(key).verify(token).sessionId());
        assertEquals(null, Fixtures.verifier(key).verify(Fixtures.issuer(key, CLOCK).issue("user-1").token())
                .sessionId());
    }

    @Test
    void issue_subSecondClock_truncatedToWholeSeconds() {
        Clock clock = Clock.fixed(NOW.plusMillis(999), ZoneOffset.UTC);

        IssuedToken issued = Fixtures.issuer(key, clock).issue("user-1");

        assertEquals(NOW, issued.issuedAt());
    }

    @Test
    void randomJti_isUniqueUnpaddedBase64Url() {
        Supplier<String> jti = JwtIssuer.randomJti(RANDOM);

        String first = jti.get();

        assertEquals(22, first.length());
        assertEquals(16, StrictBase64.decodeUrl(first).length);
        assertNotEquals(first, jti.get());
    }

    @Test
    void issue_blankSubjectOrJti_refused() {
        JwtIssuer blankJti = new JwtIssuer(key, ISSUER, AUDIENCE, JwtIssuer.DEFAULT_TTL, CLOCK, () -> " ", RANDOM);

        assertThrows(IllegalArgumentException.class, () -> Fixtures.issuer(key, CLOCK).issue(" "));
        assertThrows(IllegalArgumentException.class, () -> blankJti.issue("user-1"));
    }

    @Test
    void issuedToken_toStringOmitsToken() {
        IssuedToken issued = Fixtures.issuer(key, CLOCK).issue("user-1");

        assertFalse(issued.toString().contains(issued.token()));
        for (String part : issued.token().split("\\.")) {
            assertFalse(issued.toString().contains(part));
        }
    }
}
