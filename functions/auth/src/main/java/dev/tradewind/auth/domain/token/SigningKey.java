package dev.tradewind.auth.domain.token;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A P-256 key pair that signs access tokens, identified by its RFC 7638 thumbprint.
 *
 * <p>Serialises to a JSON document suitable for an SSM SecureString or a local file:
 * <pre>{"kid":"…","createdAt":"2025-01-01T00:00:00Z","privateKey":"&lt;PKCS#8, base64&gt;","publicKey":"&lt;X.509 SPKI, base64&gt;"}</pre>
 * The public key is stored alongside the private one because the JDK cannot derive it from a
 * PKCS#8 blob that lacks the optional public-key field (which the JDK does not write).
 *
 * @param kid       RFC 7638 thumbprint of {@code publicKey}; checked on construction
 * @param createdAt when the key was generated, for rotation bookkeeping
 */
public record SigningKey(String kid, ECPublicKey publicKey, ECPrivateKey privateKey, Instant createdAt) {

    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(createdAt, "createdAt");
        EcKeys.requireP256(publicKey);
        EcKeys.requireP256(privateKey);
        // A kid that is not the thumbprint would let a stale or edited document mislabel a key.
        if (!kid.equals(EcKeys.thumbprint(publicKey))) {
            throw new IllegalArgumentException("kid is not the JWK thumbprint of the public key");
        }
    }

    /** Generates a fresh key; randomness is injected so nothing is fixed at class-init time. */
    public static SigningKey generate(SecureRandom random, Instant createdAt) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(EcKeys.p256(), random);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate P-256 key", e);
        }
        ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
        return new SigningKey(EcKeys.thumbprint(publicKey), publicKey, (ECPrivateKey) pair.getPrivate(), createdAt);
    }

    /** The secret document; treat the result like the private key itself. */
    public String toJson() {
        return JoseJson.write(toJsonObject());
    }

    /**
     * Parses a document written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException if malformed, not P-256, or the kid does not match
     */
    public static SigningKey fromJson(String json) {
        return fromJsonObject(JoseJson.parseObject(json));
    }

    Map<String, Object> toJsonObject() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("kid", kid);
        object.put("createdAt", createdAt.toString());
        object.put("privateKey", Base64.getEncoder().encodeToString(privateKey.getEncoded()));
        object.put("publicKey", Base64.getEncoder().encodeToString(publicKey.getEncoded()));
        return object;
    }

    static SigningKey fromJsonObject(Map<String, Object> object) {
        return new SigningKey(
                requireString(object, "kid"),
                EcKeys.decodePublic(base64(object, "publicKey")),
                EcKeys.decodePrivate(base64(object, "privateKey")),
                instant(object, "createdAt"));
    }

    static String requireString(Map<String, Object> object, String name) {
        if (object.get(name) instanceof String value && !value.isEmpty()) {
            return value;
        }
        throw new IllegalArgumentException("missing or invalid \"" + name + "\"");
    }

    static Instant instant(Map<String, Object> object, String name) {
        try {
            return Instant.parse(requireString(object, name));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid \"" + name + "\" timestamp");
        }
    }

    static byte[] base64(Map<String, Object> object, String name) {
        try {
            return Base64.getDecoder().decode(requireString(object, name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid base64 in \"" + name + "\"");
        }
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", createdAt=" + createdAt + "]";
    }
}
