package dev.tradewind.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.testing.LocalDynamoDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming of auth and the authorizer runs their routes, auth's on their success paths, and leaves every
 * table as it was.
 */
class AuthPrimingIT {

    /** Each step's success: signed up, signed in, rotated, read, renamed, exported, re-keyed, signed out, deleted. */
    private static final Map<String, Integer> EXPECTED_ACCOUNT_LIFE = Map.of("register.json", 201, "login.json", 200,
            "refresh.json", 200, "me.json", 200, "update-me.json", 200, "export-me.json", 200,
            "change-password.json", 204, "logout.json", 204, "delete-me.json", 200);

    private final AuthFixture auth = new AuthFixture();

    @Test
    void prime_auth_runsEveryRoute_andLeavesTheTablesUnchanged() {
        auth.registered(AuthFixture.uniqueEmail("primed"));
        auth.login("ann.trader@example.com", "wrong password");
        Map<String, List<String>> before = LocalDynamoDb.contents();
        Environment env = new Environment(LocalDynamoDb.environment("AuthFunction"), auth.clock);

        // The function's own kind of client, as the handler passes it: the history priming gives goes through it.
        Priming.Report report = AuthPriming.forAuth(auth.handler, DynamoDbClients.create(env), env).prime();

        assertEquals(before, LocalDynamoDb.contents(), "priming changed a table");
        assertEquals(List.of(), report.failed(), report.toString());
        assertEquals(Priming.DONE, report.outcome("argon2"));
        assertEquals(Priming.DONE, report.outcome("es256"));
        assertEquals(Priming.DONE, report.outcome("JSON shapes"), "success answers' serializers built");
        assertEquals(Priming.DONE, report.outcome("EMF metrics"), "the metrics library loaded, nothing published");
        assertEquals(Priming.DONE, report.outcome("trading and behaviour history"));
        assertEquals(200, report.outcome("health.json"));
        assertEquals(200, report.outcome("jwks.json"));
        assertEquals(200, report.outcome("openapi.json"), "the contract document read into memory");
        // Writes kept in the run's memory: the sample account signs up, and every later request is its own.
        Map<String, Integer> accountLife = new java.util.LinkedHashMap<>();
        for (String step : List.of("register.json", "login.json", "refresh.json", "me.json", "update-me.json",
                "export-me.json", "change-password.json", "logout.json", "delete-me.json")) {
            accountLife.put(step, report.outcome(step));
        }
        assertEquals(EXPECTED_ACCOUNT_LIFE, accountLife, report.toString());
        for (String table : List.of("USERS_TABLE", "TRADING_TABLE", "BEHAVIOR_TABLE", "REALTIME_TABLE")) {
            assertEquals(404, report.outcome("GetItem " + env.require(table)));
        }
    }

    @Test
    void prime_authorizer_rejectsBothSampleTokens_authorizesLiveOnes_andReadsTheUsersTable() {
        Environment env = new Environment(LocalDynamoDb.environment("AuthorizerFunction"), auth.clock);
        Map<String, List<String>> before = LocalDynamoDb.contents();

        Priming.Report report = AuthPriming.forAuthorizer(auth.authorizer, LocalDynamoDb.client(), env).prime();

        assertEquals(before, LocalDynamoDb.contents(), "priming changed a table");
        assertEquals(List.of(), report.failed(), report.toString());
        // A live token of the run's own key through both shapes: answered (200), not refused (401).
        assertEquals(Map.of("es256", Priming.DONE, "authorizer-request.json", 401,
                "websocket-authorizer-request.json", 401, "live token", Priming.DONE,
                "authorizer-request.json, live token", 200, "websocket-authorizer-request.json, live token", 200,
                "live token forgotten", Priming.DONE, "EMF metrics", Priming.DONE,
                "GetItem " + env.require("USERS_TABLE"), 404),
                report.outcomes());
    }
}
