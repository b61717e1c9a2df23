package dev.tradewind.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.auth.domain.password.Argon2Cost;
import dev.tradewind.auth.service.AuthConfig;
import dev.tradewind.auth.service.AuthServices;
import dev.tradewind.auth.service.AuthorizerConfig;
import dev.tradewind.auth.service.SnapSafeRandom;
import dev.tradewind.shared.auth.DynamoActiveSessions;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.metrics.EmfCounters;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.function.IntSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the authorizer's session check costs warm (docs/auth.md#ending-access): one valid token authorized by the
 * real handler with the session read from DynamoDB Local in this JVM, and by the same handler with the read
 * replaced by "active", alternating rounds. A main class run by {@code benchmarks/auth-authorizer.sh}, not a test.
 */
public final class AuthorizerLatencyBenchmark {

    private AuthorizerLatencyBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception | AssertionError e) {
            // DynamoDB Local's threads would keep a failed run's JVM alive.
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Clock clock = Clock.systemUTC();
        Environment env = new Environment(LocalDynamoDb.environment("AuthFunction"), clock);
        DynamoDbClient dynamo = DynamoDbClients.create(env);
        TestKeys keys = TestKeys.generate(clock.instant());
        AuthHandler auth = new AuthHandler(AuthServices.create(AuthConfig.from(env), dynamo, keys, clock,
                new Ulid(clock), new SnapSafeRandom(), new Argon2Cost(1024, 1, 1)), clock);
        String email = "authorizer-bench-" + System.nanoTime() + "@example.com";
        String password = "correct horse battery staple";
        LoginLatencyBenchmark.expect(201, HttpResult.invoke(auth, HttpEvent.load("auth/register.json")
                .body(AuthFixture.json(Map.of("email", email, "password", password, "displayName", "Bench")))
                .bytes()).status());
        HttpResult login = HttpResult.invoke(auth, HttpEvent.load("auth/login.json")
                .body(AuthFixture.json(Map.of("email", email, "password", password))).bytes());
        LoginLatencyBenchmark.expect(200, login.status());
        String token = login.body().get("accessToken").asText();
        ObjectNode sample = (ObjectNode) HttpEvent.Events.json("auth/authorizer-request.json");
        sample.putArray("identitySource").add("Bearer " + token);
        ((ObjectNode) sample.get("headers")).put("authorization", "Bearer " + token);
        byte[] event = new ObjectMapper().writeValueAsBytes(sample);

        AuthorizerConfig config = AuthorizerConfig.from(new Environment(
                LocalDynamoDb.environment("AuthorizerFunction"), clock));
        EmfCounters counters = new EmfCounters(config.metricsNamespace(), "authorizer");
        AuthorizerHandler checked = new AuthorizerHandler(keys,
                new DynamoActiveSessions(dynamo, config.usersTable()), config, clock, counters);
        AuthorizerHandler unchecked = new AuthorizerHandler(keys, (user, session, now) -> true, config, clock,
                counters);
        IntSupplier withRead = () -> authorize(checked, event);
        IntSupplier withoutRead = () -> authorize(unchecked, event);
        for (int i = 0; i < warmup; i++) {
            LoginLatencyBenchmark.expect(200, withRead.getAsInt());
            LoginLatencyBenchmark.expect(200, withoutRead.getAsInt());
        }
        for (int round = 1; round <= rounds; round++) {
            System.out.println("round " + round);
            LoginLatencyBenchmark.report("signature and claims only", samples, withoutRead, 200, null);
            LoginLatencyBenchmark.report("+ session read", samples, withRead, 200, null);
        }
    }

    private static int authorize(AuthorizerHandler handler, byte[] event) {
        try {
            handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(),
                    new TestContext("AuthorizerFunction"));
            return 200;
        } catch (AuthorizerHandler.UnauthorizedException e) {
            return 401;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
