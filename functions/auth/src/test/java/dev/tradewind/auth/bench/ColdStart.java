package dev.tradewind.auth.bench;

import dev.tradewind.auth.password.Argon2Cost;
import dev.tradewind.auth.password.PasswordHasher;
import dev.tradewind.auth.password.PasswordPolicy;
import dev.tradewind.auth.token.JwtIssuer;
import dev.tradewind.auth.token.JwtVerifier;
import dev.tradewind.auth.token.Jwks;
import dev.tradewind.auth.token.KeyRing;
import dev.tradewind.auth.token.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * First-use cost in a fresh JVM: each mode times its phases (the first operation pays class loading,
 * static init and interpretation; the repeat shows the difference) and prints {@code phase micros} lines.
 * Run via bench/run.sh, which starts one JVM per sample; not run by Surefire.
 */
public final class ColdStart {

    private static final String ISSUER = "https://auth.tradewind.dev";
    private static final String AUDIENCE = "tradewind-api";

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        Timer timer = new Timer();
        switch (mode) {
            case "fixtures" -> fixtures(dir);
            case "argon2" -> {
                PasswordHasher hasher = new PasswordHasher(Argon2Cost.OWASP, new SecureRandom());
                timer.start();
                hasher.hash("correct horse battery staple");
                timer.lap("first-hash");
                hasher.hash("correct horse battery staple");
                timer.lap("second-hash");
            }
            case "argon2-primed" -> {
                // What a Lambda init (or SnapStart beforeCheckpoint) hook could do: a few cheap hashes.
                PasswordHasher cheap = new PasswordHasher(new Argon2Cost(1024, 1, 1), new SecureRandom());
                PasswordHasher hasher = new PasswordHasher(Argon2Cost.OWASP, new SecureRandom());
                timer.start();
                for (int i = 0; i < 3; i++) {
                    cheap.dummyVerify("priming");
                }
                timer.lap("prime-3x-1MiB");
                hasher.hash("correct horse battery staple");
                timer.lap("first-hash");
            }
            case "policy" -> {
                PasswordPolicy policy = PasswordPolicy.standard();
                timer.start();
                policy.check("maple tractor lantern 42");
                timer.lap("first-check");
                policy.check("another candidate 77");
                timer.lap("second-check");
            }
            case "sign" -> {
                String document = Files.readString(dir.resolve("keyring.json"));
                timer.start();
                KeyRing ring = KeyRing.fromJson(document);
                timer.lap("load-keyring");
                SecureRandom random = new SecureRandom();
                JwtIssuer issuer = new JwtIssuer(ring.active(), ISSUER, AUDIENCE, JwtIssuer.DEFAULT_TTL,
                        Clock.systemUTC(), JwtIssuer.randomJti(random), random);
                issuer.issue("user-1");
                timer.lap("first-sign");
                issuer.issue("user-2");
                timer.lap("second-sign");
            }
            case "verify" -> {
                String jwks = Files.readString(dir.resolve("jwks.json"));
                String token = Files.readString(dir.resolve("token.txt"));
                timer.start();
                JwtVerifier verifier = new JwtVerifier(Jwks.parse(jwks), ISSUER, AUDIENCE,
                        JwtVerifier.DEFAULT_CLOCK_SKEW, Clock.systemUTC());
                timer.lap("parse-jwks");
                verifier.verify(token);
                timer.lap("first-verify");
                verifier.verify(token);
                timer.lap("second-verify");
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        timer.print();
    }

    /** Records laps and prints them only at the end, so printing's own class loading is not timed. */
    private static final class Timer {
        private final StringBuilder laps = new StringBuilder();
        private long last;

        void start() {
            last = System.nanoTime();
        }

        void lap(String phase) {
            long now = System.nanoTime();
            laps.append(phase).append(' ').append((now - last) / 1_000).append('\n');
            last = now;
        }

        void print() {
            System.out.print(laps);
        }
    }

    /** Key ring, JWKS and a day-long token, so the timed modes never generate keys. */
    private static void fixtures(Path dir) throws Exception {
        SecureRandom random = new SecureRandom();
        KeyRing ring = KeyRing.of(SigningKey.generate(random, Instant.now()));
        JwtIssuer issuer = new JwtIssuer(ring.active(), ISSUER, AUDIENCE, Duration.ofDays(1), Clock.systemUTC(),
                JwtIssuer.randomJti(random), random);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("keyring.json"), ring.toJson());
        Files.writeString(dir.resolve("jwks.json"), Jwks.render(ring.verificationKeys()));
        Files.writeString(dir.resolve("token.txt"), issuer.issue("user-1").token());
    }

}
