package dev.tradewind.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.testing.LocalDynamoDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SnapStart priming of analyze-behavior analyses and reads its reports back without storing anything. */
class BehaviorPrimingIT {

    @Test
    void prime_runsEveryRoute_andLeavesEveryTableUnchanged() {
        BehaviorApi api = new BehaviorApi(BehaviorApi.AFTER_SCENARIO);
        String user = "01JGXQ5V8K3M2N4P6R8T0V2X4Z";
        String session = api.importedScenario(user, "100000");
        api.analyzed(user, "{\"sessionId\":\"" + session + "\"}");
        Map<String, List<String>> before = LocalDynamoDb.contents();

        // The function's own kind of client, as the handler passes it: the history priming gives goes through it.
        Priming.Report report = BehaviorPriming.create(api.handler, DynamoDbClients.create(api.env), api.env).prime();

        assertEquals(before, LocalDynamoDb.contents(), "priming changed a table");
        assertEquals(List.of(), report.failed(), report.toString());
        assertEquals(200, report.outcome("health.json"));
        assertEquals(Priming.DONE, report.outcome("JSON shapes"), "success answers' serializers built");
        // Writes kept in the run's memory: the analyses store their reports there, and the sample read finds one.
        assertEquals(200, report.outcome("analyze-inline.json"), "analysed and stored: " + report);
        assertEquals(200, report.outcome("get-report.json"), "the inline analysis's report read back: " + report);
        assertEquals(Priming.DONE, report.outcome("trading history"), report.toString());
        assertEquals(200, report.outcome("analyze-range.json"), "history read, report stored: " + report);
        assertEquals(200, report.outcome("analyze-session.json"), "the given session analysed: " + report);
        assertEquals(200, report.outcome("list-reports.json"), "the session's reports listed: " + report);
        assertEquals(Priming.DONE, report.outcome("EMF metrics"), report.toString());
        for (String table : List.of("BEHAVIOR_TABLE", "TRADING_TABLE", "MARKET_TABLE")) {
            assertEquals(404, report.outcome("GetItem " + api.env.require(table)));
        }
    }
}
