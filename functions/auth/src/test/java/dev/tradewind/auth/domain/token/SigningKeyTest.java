package dev.tradewind.auth.domain.token;

import static dev.tradewind.auth.domain.token.Fixtures.NOW;
import static dev.tradewind.auth.domain.token.Fixtures.newKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigningKeyTest {

    @Test
    void generate_kidIsRfc7638Thumbprint() {
        SigningKey key = newKey();

        assertEquals(EcKeys.thumbprint(key.publicKey()), key.kid());
        assertEquals(43, key.kid().length());
        assertEquals(NOW, key.createdAt());
    }

    @Test
    void json_roundTrip_preservesKeyMaterialAndMetadata() {
        SigningKey key = newKey();

        SigningKey restored = SigningKey.fromJson(key.toJson());

        assertEquals(key.kid(), restored.kid());
        assertEquals(key.createdAt(), restored.createdAt());
        assertArrayEquals(key.privateKey().getEncoded(), restored.privateKey().getEncoded());
        assertArrayEquals(key.publicKey().getEncoded(), restored.publicKey().getEncoded());
    }

    @Test
    void json_containsPkcs8PrivateKeyBase64() {
        SigningKey key = newKey();

        Map<String, Object> json = JoseJson.parseObject(key.toJson());

        assertEquals(key.kid(), json.get("kid"));
        assertEquals(NOW.toString(), json.get("createdAt"));
        assertArrayEquals(key.privateKey().getEncoded(), Base64.getDecoder().decode((String) json.get("privateKey")));
        assertEquals("PKCS#8", key.privateKey().getFormat());
    }

    @Test
    void fromJson_kidNotMatchingKey_refused() {
        SigningKey key = newKey();
        String edited = key.toJson().replace(key.kid(), newKey().kid());

        assertThrows(IllegalArgumentException.class, () -> SigningKey.fromJson(edited));
    }

    @Test
    void fromJson_malformed_refusedWithoutEchoingInput() {
        String secretLooking = "{\"kid\":\"k\",\"createdAt\":\"2025-01-01T00:00:00Z\",\"privateKey\":\"TOPSECRETxx=\",\"publicKey\":\"QUJD\"}";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SigningKey.fromJson(secretLooking));

        assertFalse(e.getMessage().contains("TOPSECRET"));
        assertThrows(IllegalArgumentException.class, () -> SigningKey.fromJson("{}"));
        assertThrows(IllegalArgumentException.class, () -> SigningKey.fromJson("{\"kid\":1}"));
    }

    @Test
    void constructor_keyOnOtherCurve_refused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        var pair = generator.generateKeyPair();

        assertThrows(IllegalArgumentException.class, () -> new SigningKey("kid", (ECPublicKey) pair.getPublic(),
                (ECPrivateKey) pair.getPrivate(), NOW));
    }

    @Test
    void toString_revealsNoKeyMaterial() {
        SigningKey key = newKey();
        String text = key.toString();
        String privateBase64 = Base64.getEncoder().encodeToString(key.privateKey().getEncoded());

        assertEquals("SigningKey[kid=" + key.kid() + ", createdAt=" + NOW + "]", text);
        assertFalse(text.contains(privateBase64));
        assertFalse(text.contains(key.privateKey().getS().toString()));
        assertFalse(text.contains(key.privateKey().getS().toString(16)));
    }
}
