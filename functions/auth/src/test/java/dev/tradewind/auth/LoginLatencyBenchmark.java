package dev.tradewind.auth;

import dev.tradewind.auth.domain.password.Argon2Cost;
import dev.tradewind.auth.domain.password.PasswordHasher;
import dev.tradewind.auth.service.AuthConfig;
import dev.tradewind.auth.service.AuthServices;
import dev.tradewind.auth.service.SnapSafeRandom;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.TestContext;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Sign-in latency through the real handler (strict body binding, lockout counters, Argon2id at the production
 * cost, DynamoDB Local in this JVM, ES256 signing), as {@code benchmarks/auth-login.sh} runs it under Lambda-like
 * JIT settings. A main class, not a test: no timing is asserted anywhere.
 *
 * <p>Prints, in milliseconds: the first sign-in of the JVM, then medians and p90 over {@code samples} of a
 * successful sign-in, a wrong password, an unknown email, a registration, and Argon2id verification alone.
 */
public final class LoginLatencyBenchmark {

    private static final String PASSWORD = "correct horse battery staple";

    private LoginLatencyBenchmark() {
    }

    public static void main(String[] args) {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Clock clock = Clock.systemUTC();
        Environment env = new Environment(LocalDynamoDb.environment("AuthFunction"), clock);
        AuthConfig config = AuthConfig.from(env);
        SnapSafeRandom random = new SnapSafeRandom();
        AuthHandler handler = new AuthHandler(AuthServices.create(config, DynamoDbClients.create(env),
                TestKeys.generate(clock.instant()), clock, new Ulid(clock), random, Argon2Cost.OWASP), clock);
        String email = "bench-" + System.nanoTime() + "@example.com";
        int[] address = {0};

        expect(201, invoke(handler, HttpEvent.load("auth/register.json").body(AuthFixture.json(Map.of(
                "email", email, "password", PASSWORD, "displayName", "Bench")))));
        long start = System.nanoTime();
        expect(200, login(handler, email, PASSWORD, "192.0.2.1"));
        double first = (System.nanoTime() - start) / 1e6;

        IntSupplier success = () -> login(handler, email, PASSWORD, next(address));
        // Each wrong password is followed (untimed) by a success, so the account never locks.
        IntSupplier wrong = () -> login(handler, email, "not the password at all", next(address));
        IntSupplier unknown = () -> login(handler, "nobody-" + System.nanoTime() + "@example.com", PASSWORD,
                next(address));
        // From a fresh address each: one address may sign up 10 times an hour (docs/auth.md#registration-limit).
        IntSupplier register = () -> invoke(handler, HttpEvent.load("auth/register.json").sourceIp(next(address))
                .body(AuthFixture.json(Map.of("email", "bench-" + System.nanoTime() + "@example.com", "password",
                        PASSWORD, "displayName", "B"))));
        for (int i = 0; i < warmup; i++) {
            success.getAsInt();
            wrong.getAsInt();
            success.getAsInt();
            unknown.getAsInt();
        }
        PasswordHasher hasher = new PasswordHasher(Argon2Cost.OWASP, random);
        String stored = hasher.hash(PASSWORD);

        System.out.printf("first sign-in in this JVM: %.1f ms%n", first);
        report("sign-in, success", samples, success, 200, null);
        report("sign-in, wrong password", samples, wrong, 401, success);
        report("sign-in, unknown email", samples, unknown, 401, null);
        report("register", samples, register, 201, null);
        report("argon2id verify alone", samples, () -> hasher.verify(PASSWORD, stored) ? 1 : 0, 1, null);
        System.exit(0);
    }

    static void report(String label, int samples, IntSupplier action, int expected, IntSupplier after) {
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            int status = action.getAsInt();
            millis[i] = (System.nanoTime() - start) / 1e6;
            expect(expected, status);
            if (after != null) {
                after.getAsInt();
            }
        }
        Arrays.sort(millis);
        System.out.printf("%-26s median %6.1f ms   p90 %6.1f   min %6.1f   max %6.1f%n", label, millis[samples / 2],
                millis[(int) Math.ceil(samples * 0.9) - 1], millis[0], millis[samples - 1]);
    }

    private static int login(AuthHandler handler, String email, String password, String sourceIp) {
        return invoke(handler, HttpEvent.load("auth/login.json").sourceIp(sourceIp)
                .body(AuthFixture.json(Map.of("email", email, "password", password))));
    }

    private static int invoke(AuthHandler handler, HttpEvent event) {
        return HttpResult.invoke(handler, event.bytes(), new TestContext("AuthFunction")).status();
    }

    static void expect(int expected, int status) {
        if (expected != status) {
            throw new IllegalStateException("expected " + expected + ", got " + status);
        }
    }

    /** A fresh source address per attempt, so the per-address counter never locks the benchmark out. */
    private static String next(int[] counter) {
        int n = ++counter[0];
        return "198.18." + ((n >> 8) & 255) + "." + (n & 255);
    }
}
