package dev.tradewind.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming runs every trading route through the real handler, on its success path, and leaves every table as
 * it was.
 */
class TradingPrimingIT {

    @Test
    void prime_runsEveryRoute_andLeavesEveryTableUnchanged() {
        TradingApi api = new TradingApi();
        String user = "01JGXQ5V8K3M2N4P6R8T0V2X4Z";
        String session = api.session(user);
        api.placed(user, session, TradingApi.market("BTCUSDT", "BUY", "0.25"));
        Map<String, List<String>> before = LocalDynamoDb.contents();

        // The function's own kind of client, as the handler passes it: the bars priming gives go through it.
        Priming.Report report = TradingPriming.create(api.handler, DynamoDbClients.create(api.env), api.env).prime();

        assertEquals(before, LocalDynamoDb.contents(), "priming changed a table");
        assertEquals(List.of(), report.failed(), report.toString());
        assertEquals(200, report.outcome("health.json"));
        assertEquals(Priming.DONE, report.outcome("JSON shapes"), "success answers' serializers built");
        // Writes kept in the run's memory: each route runs its success path on the session priming created.
        for (String created : List.of("create-session.json", "place-order.json", "create-journal-entry.json",
                "create-backtest.json")) {
            assertEquals(201, report.outcome(created), created + ": " + report);
        }
        for (String read : List.of("list-sessions.json", "get-session.json", "get-order.json", "list-orders.json",
                "get-portfolio.json", "get-equity.json", "get-performance.json", "list-trades.json",
                "list-journal.json", "import-trades-csv.json", "import-trades-json.json", "get-backtest.json",
                "list-backtests.json", "stop-session.json")) {
            assertEquals(200, report.outcome(read), read + ": " + report);
        }
        assertEquals(409, report.outcome("cancel-order.json"), "the primed market order has filled: " + report);
        assertEquals(404, report.outcome("GetItem " + api.env.require("TRADING_TABLE")));
        assertEquals(404, report.outcome("GetItem " + api.env.require("MARKET_TABLE")));
        assertEquals(404, report.outcome("GetItem " + api.env.require("BEHAVIOR_TABLE")));
        // Reads only market data: an allocation, or 422 where this table lacks a symbol's candles; never a failure.
        int allocation = report.outcome("optimize-portfolio.json");
        assertTrue(allocation == 200 || allocation == 422, "optimize-portfolio.json: " + report);
        assertEquals(Priming.DONE, report.outcome("market history"), report.toString());
        assertEquals(200, report.outcome("create-sweep.json"), "over the bars priming gave: " + report);
        // Without a forecast function (these tests) the model-signal step is a 503 before any read or write; on
        // Lambda it reads the forecast history and stops at IN_SAMPLE (422).
        int modelSignal = report.outcome("model-signal backtest");
        assertTrue(modelSignal == 503 || modelSignal == 422, "model-signal backtest: " + report);
        assertEquals(Priming.DONE, report.outcome("EMF metrics"), "the metrics library loaded, nothing published");
        assertEquals(22 + 1 + 1 + 1 + 1 + 3, report.outcomes().size());
    }

    @Test
    void afterRestore_readsTheCatalogAgain_ratherThanWhatThePrimingKept() {
        TradingApi api = new TradingApi();
        String user = "01JGXQ5V8K3M2N4P6R8T0V2X4Z";
        String session = api.session(user);
        Priming priming = TradingPriming.create(api.handler, DynamoDbClients.create(api.env), api.env);
        priming.prime();
        InstrumentRepository catalog = api.instruments();
        Instrument kept = catalog.find("BTCUSDT").orElseThrow();
        try {
            // The snapshot may wait days before a restore; the catalog changes meanwhile.
            catalog.put(new Instrument(kept.symbol(), kept.name(), kept.assetClass(), kept.exchange(), "EUR",
                    kept.interval()));
            priming.afterRestore(null);

            HttpResult order = api.order(user, session, TradingApi.market("BTCUSDT", "BUY", "0.25"));

            assertEquals(422, order.status(), order.toString());
            assertEquals("CURRENCY_MISMATCH", order.errorCode(), order.toString());
        } finally {
            catalog.put(kept);
        }
    }
}
