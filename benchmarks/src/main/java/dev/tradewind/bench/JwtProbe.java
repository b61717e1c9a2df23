package dev.tradewind.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tradewind.auth.domain.token.JwtIssuer;
import dev.tradewind.auth.domain.token.JwtVerifier;
import dev.tradewind.auth.domain.token.SigningKey;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Runs in a fresh JVM: signs and verifies ES256 access tokens with the claims auth issues (sub, sid, iss, aud, iat,
 * exp, jti; kid and typ in the header), either with auth's own code ({@link JwtIssuer}, {@link JwtVerifier}) or with
 * nimbus-jose-jwt configured to check the same (ES256 only, the key by kid, iss, aud, exp, iat). Prints the first
 * sign + verify (class loading included), the process CPU then, and warm medians of each.
 * Usage: {@code JwtProbe own|nimbus <warm iterations>}.
 */
public final class JwtProbe {

    private static final String ISSUER = "tradewind-auth";
    private static final String AUDIENCE = "tradewind-api:bench";

    /** One way to sign and verify. */
    private interface Jws {
        String sign() throws Exception;

        void verify(String token) throws Exception;
    }

    private JwtProbe() {
    }

    public static void main(String[] args) throws Exception {
        SigningKey key = SigningKey.generate(new SecureRandom(), Instant.now());
        int iterations = Integer.parseInt(args[1]);
        long started = System.nanoTime();
        Jws jws = args[0].equals("nimbus") ? nimbus(key) : own(key);
        jws.verify(jws.sign());
        double first = (System.nanoTime() - started) / 1e6;
        double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
        double jvmToFirst = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        double[] sign = new double[iterations];
        double[] verify = new double[iterations];
        String token = jws.sign();
        for (int i = 0; i < 2 * iterations; i++) {
            long a = System.nanoTime();
            token = jws.sign();
            long b = System.nanoTime();
            jws.verify(token);
            long c = System.nanoTime();
            if (i >= iterations) {
                sign[i - iterations] = (b - a) / 1e3;
                verify[i - iterations] = (c - b) / 1e3;
            }
        }
        System.out.printf(Locale.ROOT, "PROBE %.1f %.1f %.1f %.1f %.1f%n", first, jvmToFirst, cpu,
                Medians.of(sign), Medians.of(verify));
        System.out.flush();
        System.exit(0);
    }

    private static Jws own(SigningKey key) {
        Clock clock = Clock.systemUTC();
        JwtIssuer issuer = new JwtIssuer(key, ISSUER, AUDIENCE, Duration.ofMinutes(15), clock,
                JwtIssuer.randomJti(new SecureRandom()), new SecureRandom());
        JwtVerifier verifier = new JwtVerifier(Map.of(key.kid(), key.publicKey()), ISSUER, AUDIENCE,
                Duration.ofSeconds(30), clock);
        return new Jws() {
            @Override
            public String sign() {
                return issuer.issue("user-1", "session-1").token();
            }

            @Override
            public void verify(String token) throws Exception {
                verifier.verify(token);
            }
        };
    }

    private static Jws nimbus(SigningKey key) throws Exception {
        ECKey jwk = new ECKey.Builder(Curve.P_256, key.publicKey()).keyID(key.kid()).build();
        ECDSASigner signer = new ECDSASigner(key.privateKey());
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid()).type(JOSEObjectType.JWT)
                .build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                new ImmutableJWKSet<>(new JWKSet(jwk))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(AUDIENCE,
                new JWTClaimsSet.Builder().issuer(ISSUER).build(),
                new HashSet<>(List.of("sub", "sid", "iat", "exp", "jti"))));
        return new Jws() {
            @Override
            public String sign() throws Exception {
                Instant now = Instant.now();
                JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("user-1").claim("sid", "session-1")
                        .issuer(ISSUER).audience(AUDIENCE).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                        .jwtID(UUID.randomUUID().toString()).build();
                SignedJWT jwt = new SignedJWT(header, claims);
                jwt.sign(signer);
                return jwt.serialize();
            }

            @Override
            public void verify(String token) throws Exception {
                processor.process(token, null);
            }
        };
    }
}
