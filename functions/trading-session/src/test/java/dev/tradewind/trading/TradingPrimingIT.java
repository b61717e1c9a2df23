package dev.tradewind.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.testing.LocalDynamoDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SnapStart priming runs every trading route through the real handler and leaves every table as it was. */
class TradingPrimingIT {

    @Test
    void prime_runsEveryRoute_andLeavesEveryTableUnchanged() {
        TradingApi api = new TradingApi();
        String user = "01JGXQ5V8K3M2N4P6R8T0V2X4Z";
        String session = api.session(user);
        api.placed(user, session, TradingApi.market("BTCUSDT", "BUY", "0.25"));
        Map<String, List<String>> before = LocalDynamoDb.contents();

        Priming.Report report = TradingPriming.create(api.handler, LocalDynamoDb.client(), api.env).prime();

        assertEquals(before, LocalDynamoDb.contents(), "priming changed a table");
        assertEquals(List.of(), report.failed(), report.toString());
        assertEquals(200, report.outcome("health.json"));
        assertEquals(Priming.DONE, report.outcome("JSON shapes"), "success answers' serializers built");
        for (String read : List.of("list-sessions.json", "list-orders.json", "list-trades.json", "list-journal.json",
                "get-equity.json")) {
            assertTrue(report.outcome(read) == 200 || report.outcome(read) == 404, read + ": " + report);
        }
        for (String late404 : List.of("get-session.json", "place-order.json", "get-order.json", "cancel-order.json",
                "get-portfolio.json", "get-performance.json", "create-journal-entry.json", "stop-session.json")) {
            assertEquals(404, report.outcome(late404), late404 + ": " + report);
        }
        assertEquals(503, report.outcome("create-session.json"), "refused at its write: " + report);
        assertEquals(404, report.outcome("GetItem " + api.env.require("TRADING_TABLE")));
        assertEquals(404, report.outcome("GetItem " + api.env.require("MARKET_TABLE")));
        assertEquals(404, report.outcome("GetItem " + api.env.require("BEHAVIOR_TABLE")));
        // Reads only market data: an allocation, or 422 where this table lacks a symbol's candles; never a failure.
        int allocation = report.outcome("optimize-portfolio.json");
        assertTrue(allocation == 200 || allocation == 422, "optimize-portfolio.json: " + report);
        assertEquals(404, report.outcome("get-backtest.json"), "a backtest read that finds nothing: " + report);
        assertEquals(200, report.outcome("list-backtests.json"), report.toString());
        // Runs the engine over the stored bars, then is refused at its write (or finds no bars here): never a failure.
        int backtest = report.outcome("create-backtest.json");
        assertTrue(backtest == 503 || backtest == 422, "create-backtest.json: " + report);
        int sweep = report.outcome("create-sweep.json");
        assertTrue(sweep == 200 || sweep == 422, "create-sweep.json (writes nothing): " + report);
        // Without a forecast function (these tests) the model-signal step is a 503 before any read or write; on
        // Lambda it reads the forecast history and stops at IN_SAMPLE (422).
        int modelSignal = report.outcome("model-signal backtest");
        assertTrue(modelSignal == 503 || modelSignal == 422, "model-signal backtest: " + report);
        assertEquals(22 + 1 + 1 + 3, report.outcomes().size());
    }
}
