package dev.tradewind.auth.domain.token;

import dev.tradewind.auth.domain.StrictBase64;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JWK Set (RFC 7517) rendering and parsing for ES256 verification keys, e.g. for a
 * {@code /.well-known/jwks.json} endpoint or for a verifier in another service.
 */
public final class Jwks {

    /**
     * How long a client may keep the set served at {@code /.well-known/jwks.json} ({@code Cache-Control: max-age}).
     * Added to the keys' cache in the function that serves it, it bounds how old a client's set can be, which a new
     * key's activation delay must exceed (KeyRingTool); short, so that a rotation after a leak is quick.
     */
    public static final Duration MAX_AGE = Duration.ofSeconds(60);

    private Jwks() {
    }

    /** Renders {@code {"keys":[{"kty":"EC","crv":"P-256","x","y","kid","use":"sig","alg":"ES256"}…]}}. */
    public static String render(Map<String, ECPublicKey> keysByKid) {
        List<Object> keys = new ArrayList<>(keysByKid.size());
        keysByKid.forEach((kid, key) -> {
            EcKeys.requireP256(key);
            Map<String, Object> jwk = new LinkedHashMap<>();
            jwk.put("kty", "EC");
            jwk.put("crv", "P-256");
            jwk.put("x", EcKeys.x(key));
            jwk.put("y", EcKeys.y(key));
            jwk.put("kid", kid);
            jwk.put("use", "sig");
            jwk.put("alg", "ES256");
            keys.add(jwk);
        });
        return JoseJson.write(Map.of("keys", keys));
    }

    /**
     * Extracts the ES256 verification keys by kid. As RFC 7517 §5 recommends, entries this
     * verifier cannot use (other key types or curves, another {@code use}/{@code alg}, no kid,
     * malformed or off-curve coordinates) are skipped rather than failing the whole set.
     *
     * @throws IllegalArgumentException if the document is not a JWK Set or repeats a kid
     */
    public static Map<String, ECPublicKey> parse(String json) {
        Map<String, Object> root = JoseJson.parseObject(json);
        if (!(root.get("keys") instanceof List<?> entries)) {
            throw new IllegalArgumentException("not a JWK Set: missing \"keys\" array");
        }
        Map<String, ECPublicKey> keys = new LinkedHashMap<>();
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> jwk && isEs256SigningKey(jwk) && jwk.get("kid") instanceof String kid) {
                ECPublicKey key = toPublicKey(jwk);
                // Ambiguous kids would make key selection depend on document order.
                if (key != null && keys.put(kid, key) != null) {
                    throw new IllegalArgumentException("duplicate kid in JWK Set");
                }
            }
        }
        return Collections.unmodifiableMap(keys);
    }

    private static boolean isEs256SigningKey(Map<?, ?> jwk) {
        Object use = jwk.get("use");
        Object alg = jwk.get("alg");
        return "EC".equals(jwk.get("kty")) && "P-256".equals(jwk.get("crv"))
                && (use == null || "sig".equals(use)) && (alg == null || "ES256".equals(alg));
    }

    /** Null when the coordinates do not form a valid P-256 point. */
    private static ECPublicKey toPublicKey(Map<?, ?> jwk) {
        if (!(jwk.get("x") instanceof String x) || !(jwk.get("y") instanceof String y)) {
            return null;
        }
        try {
            return EcKeys.publicKey(StrictBase64.decodeUrl(x), StrictBase64.decodeUrl(y));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
