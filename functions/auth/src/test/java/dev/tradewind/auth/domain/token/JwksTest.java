package dev.tradewind.auth.domain.token;

import static dev.tradewind.auth.domain.token.Fixtures.AUDIENCE;
import static dev.tradewind.auth.domain.token.Fixtures.CLOCK;
import static dev.tradewind.auth.domain.token.Fixtures.ISSUER;
import static dev.tradewind.auth.domain.token.Fixtures.issuer;
import static dev.tradewind.auth.domain.token.Fixtures.newKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.auth.domain.StrictBase64;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwksTest {

    /** RFC 7515 Appendix A.3: the ES256 example key and the JWS it signed. */
    private static final String RFC7515_X = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    private static final String RFC7515_Y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
    private static final String RFC7515_JWS = "eyJhbGciOiJFUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
            + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
    /** Computed independently (Python hashlib over the RFC 7638 canonical JSON). */
    private static final String RFC7515_KEY_THUMBPRINT = "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U";

    private static String jwks(String... keys) {
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }

    private static String rfcJwk(String extraMembers) {
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + RFC7515_X + "\",\"y\":\"" + RFC7515_Y + "\"" + extraMembers + "}";
    }

    @Test
    void render_singleKey_hasExactlyTheJwkMembers() {
        SigningKey key = newKey();

        Map<String, Object> root = JoseJson.parseObject(Jwks.render(Map.of(key.kid(), key.publicKey())));

        List<?> keys = (List<?>) root.get("keys");
        assertEquals(1, keys.size());
        Map<?, ?> jwk = (Map<?, ?>) keys.get(0);
        assertEquals(List.of("kty", "crv", "x", "y", "kid", "use", "alg"), List.copyOf(jwk.keySet()));
        assertEquals("EC", jwk.get("kty"));
        assertEquals("P-256", jwk.get("crv"));
        assertEquals(key.kid(), jwk.get("kid"));
        assertEquals("sig", jwk.get("use"));
        assertEquals("ES256", jwk.get("alg"));
        assertEquals(43, ((String) jwk.get("x")).length());
        assertEquals(43, ((String) jwk.get("y")).length());
    }

    @Test
    void roundTrip_verifierBuiltOnlyFromJwksJson_verifiesTokens() throws Exception {
        SigningKey current = newKey();
        KeyRing ring = KeyRing.of(newKey()).rotate(current, Fixtures.NOW);
        String published = Jwks.render(ring.verificationKeys());

        JwtVerifier remote = new JwtVerifier(Jwks.parse(published), ISSUER, AUDIENCE,
                JwtVerifier.DEFAULT_CLOCK_SKEW, CLOCK);

        assertEquals("user-7", remote.verify(issuer(current, CLOCK).issue("user-7").token()).subject());
        assertEquals(2, Jwks.parse(published).size());
    }

    @Test
    void roundTrip_coordinatesWithLeadingZeroByte_keepFixedWidth() {
        // About 1 key in 128 has a coordinate below 2^248, which BigInteger would shorten to 31 bytes.
        ECPublicKey shortCoordinate = null;
        for (int i = 0; i < 5_000 && shortCoordinate == null; i++) {
            ECPublicKey candidate = newKey().publicKey();
            if (candidate.getW().getAffineX().bitLength() <= 248 || candidate.getW().getAffineY().bitLength() <= 248) {
                shortCoordinate = candidate;
            }
        }
        assertTrue(shortCoordinate != null, "no key with a leading zero byte found");
        String kid = EcKeys.thumbprint(shortCoordinate);

        ECPublicKey parsed = Jwks.parse(Jwks.render(Map.of(kid, shortCoordinate))).get(kid);

        assertEquals(shortCoordinate.getW(), parsed.getW());
    }

    @Test
    void coordinate_encodesUnsignedFixedWidth() {
        byte[] one = new byte[32];
        one[31] = 1;
        assertArrayEquals(one, EcKeys.coordinate(BigInteger.ONE));

        // toByteArray() gives 33 bytes here (a 0x00 sign byte first).
        byte[] topBit = EcKeys.coordinate(BigInteger.ONE.shiftLeft(255));
        assertEquals(32, topBit.length);
        assertEquals((byte) 0x80, topBit[0]);

        assertThrows(IllegalArgumentException.class, () -> EcKeys.coordinate(BigInteger.ONE.shiftLeft(256)));
        assertThrows(IllegalArgumentException.class, () -> EcKeys.coordinate(BigInteger.valueOf(-1)));
    }

    @Test
    void parse_rfc7515ExampleKey_verifiesTheRfcSignature() {
        ECPublicKey key = Jwks.parse(jwks(rfcJwk(",\"kid\":\"rfc\""))).get("rfc");
        String[] parts = RFC7515_JWS.split("\\.");

        byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        assertTrue(Es256.verify(key, input, StrictBase64.decodeUrl(parts[2])));
        assertEquals(RFC7515_KEY_THUMBPRINT, EcKeys.thumbprint(key));
    }

    @Test
    void parse_pointNotOnCurve_skipped() {
        byte[] y = StrictBase64.decodeUrl(RFC7515_Y);
        y[31] ^= 1;
        String offCurve = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"bad\",\"x\":\"" + RFC7515_X + "\",\"y\":\""
                + StrictBase64.encodeUrl(y) + "\"}";

        assertTrue(Jwks.parse(jwks(offCurve)).isEmpty());
    }

    @Test
    void parse_unusableEntries_skippedWhileUsableKept() {
        String json = jwks(
                "{\"kty\":\"RSA\",\"kid\":\"rsa\",\"n\":\"AQAB\",\"e\":\"AQAB\"}",
                rfcJwk(",\"kid\":\"p384\"").replace("P-256", "P-384"),
                rfcJwk(",\"kid\":\"enc\",\"use\":\"enc\""),
                rfcJwk(",\"kid\":\"rs\",\"alg\":\"RS256\""),
                rfcJwk(""),
                rfcJwk(",\"kid\":\"short\"").replace(RFC7515_X, RFC7515_X.substring(0, 42)),
                rfcJwk(",\"kid\":\"padded\"").replace(RFC7515_X, RFC7515_X + "="),
                rfcJwk(",\"kid\":\"good\",\"use\":\"sig\",\"alg\":\"ES256\""));

        assertEquals(List.of("good"), List.copyOf(Jwks.parse(json).keySet()));
    }

    @Test
    void parse_duplicateKid_refused() {
        assertThrows(IllegalArgumentException.class,
                () -> Jwks.parse(jwks(rfcJwk(",\"kid\":\"k\""), rfcJwk(",\"kid\":\"k\""))));
    }

    @Test
    void parse_notAJwkSet_refused() {
        assertThrows(IllegalArgumentException.class, () -> Jwks.parse("{\"keys\":{}}"));
        assertThrows(IllegalArgumentException.class, () -> Jwks.parse("[]"));
        assertThrows(IllegalArgumentException.class, () -> Jwks.parse("not json"));
    }

    @Test
    void render_keepsKeyOrderAndNeverIncludesPrivateMembers() {
        SigningKey a = newKey();
        SigningKey b = newKey();
        Map<String, ECPublicKey> keys = new LinkedHashMap<>();
        keys.put(a.kid(), a.publicKey());
        keys.put(b.kid(), b.publicKey());

        String json = Jwks.render(keys);

        assertEquals(List.of(a.kid(), b.kid()), List.copyOf(Jwks.parse(json).keySet()));
        assertFalse(json.contains("\"d\""));
    }
}
