package dev.tradewind.auth.domain.token;

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
 * The signing key, the next one if a rotation is scheduled, and the retired keys whose tokens may still be in
 * circulation.
 *
 * <p>Rotation without a verifier-cache gap: {@link #schedule} publishes the next key with an activation time later
 * than any verifier's key-cache lifetime; {@link #signingKey} switches to it at that instant; {@link #promote} then
 * makes it the active key and keeps only the public half of the old one. {@link #rotate} is the immediate variant
 * (tests, a fresh development key). {@link #prune} drops a retired key once every token it could have signed has
 * expired. Stored as one JSON document so a single SSM parameter holds the whole ring:
 * <pre>{"active":{…SigningKey…},"next":{…SigningKey…,"activatesAt":"…"},
 *  "retired":[{"kid":"…","retiredAt":"…","publicKey":"&lt;SPKI base64&gt;"}]}</pre>
 * ({@code next} only while a rotation is scheduled).
 *
 * @param next    the scheduled next key, or null
 * @param retired most recently retired first
 */
public record KeyRing(SigningKey active, PendingKey next, List<RetiredKey> retired) {

    public KeyRing {
        Objects.requireNonNull(active, "active");
        retired = List.copyOf(retired);
        Set<String> kids = new HashSet<>();
        kids.add(active.kid());
        if (next != null && !kids.add(next.key().kid())) {
            throw new IllegalArgumentException("duplicate kid in key ring");
        }
        for (RetiredKey key : retired) {
            if (!kids.add(key.kid())) {
                throw new IllegalArgumentException("duplicate kid in key ring");
            }
        }
    }

    public KeyRing(SigningKey active, List<RetiredKey> retired) {
        this(active, null, retired);
    }

    public static KeyRing of(SigningKey active) {
        return new KeyRing(active, null, List.of());
    }

    /** Makes {@code next} the signing key now; the current one keeps verifying until pruned. */
    public KeyRing rotate(SigningKey next, Instant now) {
        if (this.next != null) {
            throw new IllegalStateException("a rotation is already scheduled");
        }
        return new KeyRing(next, null, retiredWith(new RetiredKey(active.kid(), active.publicKey(), now)));
    }

    /**
     * Publishes {@code next} now and lets it sign from {@code activatesAt} on.
     *
     * @throws IllegalStateException if a rotation is already scheduled and not yet promoted
     */
    public KeyRing schedule(SigningKey next, Instant activatesAt) {
        if (this.next != null) {
            throw new IllegalStateException("a rotation is already scheduled");
        }
        return new KeyRing(active, new PendingKey(next, activatesAt), retired);
    }

    /** The key that signs at {@code now}: the scheduled one once it is due, else the active one. */
    public SigningKey signingKey(Instant now) {
        return next != null && !now.isBefore(next.activatesAt()) ? next.key() : active;
    }

    /**
     * Once the scheduled key is due, makes it the active key and retires the old one (public half only) as of the
     * activation time, which is when it stopped signing. Otherwise returns this ring.
     */
    public KeyRing promote(Instant now) {
        if (next == null || now.isBefore(next.activatesAt())) {
            return this;
        }
        return new KeyRing(next.key(), null,
                retiredWith(new RetiredKey(active.kid(), active.publicKey(), next.activatesAt())));
    }

    private List<RetiredKey> retiredWith(RetiredKey newlyRetired) {
        List<RetiredKey> newRetired = new ArrayList<>(retired.size() + 1);
        newRetired.add(newlyRetired);
        newRetired.addAll(retired);
        return newRetired;
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
        return new KeyRing(active, next, kept);
    }

    /** All keys a verifier should accept, by kid: active, then the scheduled one, then retired ones. */
    public Map<String, ECPublicKey> verificationKeys() {
        Map<String, ECPublicKey> keys = new LinkedHashMap<>();
        keys.put(active.kid(), active.publicKey());
        if (next != null) {
            keys.put(next.key().kid(), next.key().publicKey());
        }
        for (RetiredKey key : retired) {
            keys.put(key.kid(), key.publicKey());
        }
        return Collections.unmodifiableMap(keys);
    }

    /** The secret document (it contains the active and scheduled private keys). */
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
        if (next != null) {
            Map<String, Object> pending = new LinkedHashMap<>(next.key().toJsonObject());
            pending.put("activatesAt", next.activatesAt().toString());
            root.put("next", pending);
        }
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
        PendingKey next = null;
        if (root.get("next") != null) {
            if (!(root.get("next") instanceof Map<?, ?> nextJson)) {
                throw new IllegalArgumentException("\"next\" is not an object");
            }
            Map<String, Object> pending = stringKeyed(nextJson);
            next = new PendingKey(SigningKey.fromJsonObject(pending), SigningKey.instant(pending, "activatesAt"));
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
        return new KeyRing(SigningKey.fromJsonObject(stringKeyed(activeJson)), next, retired);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeyed(Map<?, ?> object) {
        // JoseJson.parseObject only produces String member names.
        return (Map<String, Object>) object;
    }
}
