package dev.tradewind.auth.domain.token;

import dev.tradewind.auth.domain.StrictBase64;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Shared test wiring: a fixed clock and hand-built tokens for attack cases. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ISSUER = "https://auth.tradewind.dev";
    static final String AUDIENCE = "tradewind-api";
    static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    static SigningKey newKey() {
        return SigningKey.generate(RANDOM, NOW);
    }

    static JwtIssuer issuer(SigningKey key, Clock clock) {
        return new JwtIssuer(key, ISSUER, AUDIENCE, JwtIssuer.DEFAULT_TTL, clock, JwtIssuer.randomJti(RANDOM), RANDOM);
    }

    static JwtVerifier verifier(Map<String, ECPublicKey> keys, Clock clock) {
        return new JwtVerifier(keys, ISSUER, AUDIENCE, JwtVerifier.DEFAULT_CLOCK_SKEW, clock);
    }

    static JwtVerifier verifier(SigningKey key) {
        return verifier(Map.of(key.kid(), key.publicKey()), CLOCK);
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static Clock clockAt(Duration offsetFromNow) {
        return clockAt(NOW.plus(offsetFromNow));
    }

    static String b64(String json) {
        return StrictBase64.encodeUrl(json.getBytes(StandardCharsets.UTF_8));
    }

    static String header(String kid) {
        return "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
    }

    /** Claims valid at {@link #NOW} unless overridden by the caller's JSON. */
    static String claims() {
        long iat = NOW.getEpochSecond();
        return "{\"iss\":\"" + ISSUER + "\",\"sub\":\"user-1\",\"aud\":\"" + AUDIENCE + "\",\"iat\":" + iat
                + ",\"exp\":" + (iat + 900) + ",\"jti\":\"j1\"}";
    }

    /** Signs arbitrary header and payload JSON with a real ES256 key, as an attacker with a key could. */
    static String sign(ECPrivateKey key, String headerJson, String payloadJson) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        byte[] signature = Es256.sign(key, input.getBytes(StandardCharsets.US_ASCII), RANDOM);
        return input + "." + StrictBase64.encodeUrl(signature);
    }
}
