package dev.tradewind.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.testing.LocalDynamoDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SnapStart priming of auth and the authorizer runs their routes and leaves the users table as it was. */
class AuthPrimingIT {

    private final AuthFixture auth = new AuthFixture();

    @Test
    void prime_auth_runsEveryRoute_andLeavesTheTablesUnchanged() {
        auth.registered(AuthFixture.uniqueEmail("primed"));
        auth.login("ann.trader@example.com", "wrong password");
        Map<String, List<String>> before = LocalDynamoDb.contents();
        Environment env = new Environment(LocalDynamoDb.environment("AuthFunction"), auth.clock);

        Priming.Report report = AuthPriming.forAuth(auth.handler, LocalDynamoDb.client(), env).prime();

        assertEquals(before, LocalDynamoDb.contents(), "priming changed a table");
        assertEquals(List.of(), report.failed(), report.toString());
        assertEquals(Priming.DONE, report.outcome("argon2"));
        assertEquals(Priming.DONE, report.outcome("es256"));
        assertEquals(Priming.DONE, report.outcome("JSON shapes"), "success answers' serializers built");
        assertEquals(200, report.outcome("health.json"));
        assertEquals(200, report.outcome("jwks.json"));
        assertEquals(200, report.outcome("openapi.json"), "the contract document read into memory");
        assertEquals(404, report.outcome("me.json"), "a profile read that finds nothing");
        assertEquals(401, report.outcome("refresh.json"), "a token read that finds nothing");
        assertEquals(503, report.outcome("login.json"), "counters and credential read, failure refused: " + report);
        assertEquals(503, report.outcome("register.json"), "hashed, refused at its write: " + report);
        assertEquals(503, report.outcome("logout.json"), "refused at its write: " + report);
        assertEquals(404, report.outcome("export-me.json"), "a profile read that finds nothing");
        assertEquals(404, report.outcome("delete-me.json"), "a profile read that finds nothing");
        for (String table : List.of("USERS_TABLE", "TRADING_TABLE", "BEHAVIOR_TABLE")) {
            assertEquals(404, report.outcome("GetItem " + env.require(table)));
        }
    }

    @Test
    void prime_authorizer_verifiesAndRejectsBothSampleTokens_andReadsTheUsersTable() {
        Environment env = new Environment(LocalDynamoDb.environment("AuthorizerFunction"), auth.clock);
        Map<String, List<String>> before = LocalDynamoDb.contents();

        Priming.Report report = AuthPriming.forAuthorizer(auth.authorizer, LocalDynamoDb.client(), env).prime();

        assertEquals(before, LocalDynamoDb.contents(), "priming changed a table");
        assertEquals(List.of(), report.failed(), report.toString());
        assertEquals(Map.of("es256", Priming.DONE, "authorizer-request.json", 401,
                "websocket-authorizer-request.json", 401, "GetItem " + env.require("USERS_TABLE"), 404),
                report.outcomes());
    }
}
