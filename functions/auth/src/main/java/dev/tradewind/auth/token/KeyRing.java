package dev.tradewind.auth.token;

import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The signing key plus the retired keys whose tokens may still be in circulation.
 *
 * <p>Rotation: {@link #rotate} makes a new key active and keeps only the public half of the old one;
 * {@link #prune} drops a retired key once every token it could have signed has expired, i.e. after
 * {@code token lifetime + clock skew}. Stored as one JSON document so a single SSM parameter holds
 * the whole ring:
 * <pre>{"active":{…SigningKey…},"retired":[{"kid":"…","retiredAt":"…","publicKey":"&lt;SPKI base64&gt;"}]}</pre>
 *
 * @param retired most recently retired first
 */
public record KeyRing(SigningKey active, List<RetiredKey> retired) {

    public KeyRing {
        Objects.requireNonNull(active, "active");
        retired = List.copyOf(retired);
        Set<String> kids = new HashSet<>();
        kids.add(active.kid());
        for (RetiredKey key : retired) {
            if (!kids.add(key.kid())) {
                throw new IllegalArgumentException("duplicate kid in key ring");
            }
        }
    }

    public static KeyRing of(SigningKey active) {
        return new KeyRing(active, List.of());
    }

    /** Makes {@code next} the signing key; the current one keeps verifying until pruned. */
    public KeyRing rotate(SigningKey next, Instant now) {
        List<RetiredKey> newRetired = new ArrayList<>(retired.size() + 1);
        newRetired.add(new RetiredKey(active.kid(), active.publicKey(), now));
        newRetired.addAll(retired);
        return new KeyRing(next, newRetired);
    }

    /**
     * Drops retired keys that can no longer have live tokens.
     *
     * @param retention the longest a token may stay acceptable after being signed: access-token
     *                  lifetime plus the verifier's clock skew
     */
    public KeyRing prune(Instant now, Duration retention) {
        List<RetiredKey> kept = retired.stream()
                .filter(key -> key.retiredAt().plus(retention).isAfter(now))
                .toList();
        return new KeyRing(active, kept);
    }

    /** All keys a verifier should accept, by kid, active key first. */
    public Map<String, ECPublicKey> verificationKeys() {
        Map<String, ECPublicKey> keys = new LinkedHashMap<>();
        keys.put(active.kid(), active.publicKey());
        for (RetiredKey key : retired) {
            keys.put(key.kid(), key.publicKey());
        }
        return Collections.unmodifiableMap(keys);
    }

    /** The secret document (it contains the active private key). */
    public String toJson() {
        List<Object> retiredJson = new ArrayList<>(retired.size());
        for (RetiredKey key : retired) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("kid", key.kid());
            object.put("retiredAt", key.retiredAt().toString());
            object.put("publicKey", Base64.getEncoder().encodeToString(key.publicKey().getEncoded()));
            retiredJson.add(object);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("active", active.toJsonObject());
        root.put("retired", retiredJson);
        return JoseJson.write(root);
    }

    /** @throws IllegalArgumentException if the document is malformed or any key is invalid */
    public static KeyRing fromJson(String json) {
        Map<String, Object> root = JoseJson.parseObject(json);
        if (!(root.get("active") instanceof Map<?, ?> activeJson)) {
            throw new IllegalArgumentException("missing \"active\" key");
        }
        if (!(root.get("retired") instanceof List<?> retiredJson)) {
            throw new IllegalArgumentException("missing \"retired\" list");
        }
        List<RetiredKey> retired = new ArrayList<>(retiredJson.size());
        for (Object item : retiredJson) {
            if (!(item instanceof Map<?, ?> object)) {
                throw new IllegalArgumentException("retired key is not an object");
            }
            Map<String, Object> key = stringKeyed(object);
            retired.add(new RetiredKey(
                    SigningKey.requireString(key, "kid"),
                    EcKeys.decodePublic(SigningKey.base64(key, "publicKey")),
                    SigningKey.instant(key, "retiredAt")));
        }
        return new KeyRing(SigningKey.fromJsonObject(stringKeyed(activeJson)), retired);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeyed(Map<?, ?> object) {
        // JoseJson.parseObject only produces String member names.
        return (Map<String, Object>) object;
    }
}
