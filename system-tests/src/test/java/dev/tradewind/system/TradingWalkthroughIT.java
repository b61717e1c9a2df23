package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paper trading end to end, through the local runtime as a user drives it: create a session, buy and sell BTCUSDT and
 * AAPL with market and limit orders, replay later candles and see resting orders fill, read portfolio, equity and
 * performance, write a journal entry, import a CSV of trades (twice: nothing doubles), stop. Another user's view
 * of all this is {@link TenantIsolationIT}'s trading probe. Candles are written into the runtime's DynamoDB from the
 * bundled history ({@link MarketSeed}), so it does not wait for scheduled ingestion.
 */
class TradingWalkthroughIT {

    @TempDir
    static Path dataDirectory;

    private static RuntimeProcess runtime;

    @BeforeAll
    static void start() throws Exception {
        List<String> args = new ArrayList<>(List.of("--no-schedules"));
        args.addAll(List.of(MarketSeed.REPLAY));
        runtime = RuntimeProcess.startApi(dataDirectory, args.toArray(String[]::new));
        MarketSeed.seed(runtime);
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static JsonNode order(String token, String sessionId, String body) throws Exception {
        return runtime.call(token, "POST", "/v1/sessions/" + sessionId + "/orders", body, 201,
                "Content-Type", "application/json", "Idempotency-Key", UUID.randomUUID().toString());
    }

    private static String status(String token, String sessionId, String orderId) throws Exception {
        return runtime.call(token, "GET", "/v1/sessions/" + sessionId + "/orders/" + orderId, null, 200).get("status")
                .asText();
    }

    @Test
    void paperTradingJournalAndImport_endToEnd() throws Exception {
        String alice = new AuthClient(runtime).signUp("alice").accessToken();

        JsonNode session = runtime.call(alice, "POST", "/v1/sessions", "{\"name\":\"walkthrough\",\"startingCash\":100000,"
                + "\"feesBps\":10,\"slippageBps\":5,\"riskLimits\":{\"maxPositionPct\":60}}", 201);
        String sessionId = session.get("id").asText();

        // Market orders fill at the latest closed candle: BTC's 14:00 bar, AAPL's Monday bar.
        JsonNode btc = order(alice, sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.2\"}");
        assertEquals("FILLED", btc.get("status").asText());
        assertEquals(new BigDecimal("47326.661505"), btc.get("fillPrice").decimalValue());
        JsonNode aapl = order(alice, sessionId, "{\"symbol\":\"AAPL\",\"side\":\"BUY\",\"quantity\":\"10\"}");
        assertEquals("FILLED", aapl.get("status").asText());

        // Limit orders rest until later candles reach them.
        String btcLimit = order(alice, sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.1\","
                + "\"type\":\"LIMIT\",\"limitPrice\":\"46900\"}").get("id").asText();
        String aaplLimit = order(alice, sessionId, "{\"symbol\":\"AAPL\",\"side\":\"SELL\",\"quantity\":\"5\","
                + "\"type\":\"LIMIT\",\"limitPrice\":\"182.90\"}").get("id").asText();
        assertEquals("OPEN", status(alice, sessionId, btcLimit));
        assertEquals("OPEN", status(alice, sessionId, aaplLimit));

        // Replay seven hours of market: BTC's 15:00 bar (low 46845) and AAPL's Tuesday bar (high 182.94) close.
        HttpResponse<String> advanced = runtime.send("POST", "/_local/clock/advance?by=PT7H", null);
        assertEquals(200, advanced.statusCode(), advanced.body());
        JsonNode filled = runtime.call(alice, "GET", "/v1/sessions/" + sessionId + "/orders/" + btcLimit, null, 200);
        assertEquals("FILLED", filled.get("status").asText());
        assertEquals(new BigDecimal("46900"), filled.get("fillPrice").decimalValue());
        JsonNode sold = runtime.call(alice, "GET", "/v1/sessions/" + sessionId + "/orders/" + aaplLimit, null, 200);
        assertEquals("FILLED", sold.get("status").asText());
        assertEquals(new BigDecimal("182.9"), sold.get("fillPrice").decimalValue());

        JsonNode sell = order(alice, sessionId, "{\"symbol\":\"BTCUSDT\",\"side\":\"SELL\",\"quantity\":\"0.15\"}");
        assertEquals("FILLED", sell.get("status").asText());

        JsonNode portfolio = runtime.call(alice, "GET", "/v1/sessions/" + sessionId + "/portfolio", null, 200);
        assertEquals(2, portfolio.get("positions").size());
        BigDecimal basis = BigDecimal.ZERO;
        for (JsonNode position : portfolio.get("positions")) {
            basis = basis.add(position.get("costBasis").decimalValue());
        }
        assertEquals(0, new BigDecimal("100000").add(portfolio.get("realizedPnl").decimalValue())
                .compareTo(portfolio.get("cash").decimalValue().add(basis)), "the books balance: " + portfolio);

        JsonNode equity = runtime.call(alice, "GET", "/v1/sessions/" + sessionId + "/equity?limit=1000", null, 200);
        assertTrue(equity.get("items").size() >= 10, equity.toString());
        JsonNode performance = runtime.call(alice, "GET", "/v1/sessions/" + sessionId + "/performance", null, 200);
        assertEquals(5, performance.get("trades").asInt());
        assertEquals(2, performance.get("closedTrades").asInt());

        String tradeId = sell.get("tradeId").asText();
        runtime.call(alice, "POST", "/v1/sessions/" + sessionId + "/journal", "{\"tradeId\":\"" + tradeId + "\","
                + "\"note\":\"Took profit into the drop as planned\",\"emotions\":[\"calm\"],\"rating\":4}", 201);
        assertEquals(1, runtime.call(alice, "GET", "/v1/sessions/" + sessionId + "/journal", null, 200).get("items").size());

        String csv = "time,symbol,side,quantity,price,fees\n2022-01-03T15:00:00Z,AAPL,BUY,10,180.50,1.00\n"
                + "2022-01-04T14:30:00Z,AAPL,SELL,10,179.25,1.00\n";
        JsonNode imported = runtime.call(alice, "POST", "/v1/trades/import", csv, 200, "Content-Type", "text/csv");
        assertEquals(2, imported.get("acceptedCount").asInt(), imported.toString());
        JsonNode again = runtime.call(alice, "POST", "/v1/trades/import", csv, 200, "Content-Type", "text/csv");
        assertEquals(2, again.get("duplicateCount").asInt(), again.toString());
        String journalId = imported.get("sessionId").asText();
        assertEquals(2, runtime.call(alice, "GET", "/v1/sessions/" + journalId + "/trades", null, 200).get("items").size());

        JsonNode stopped = runtime.call(alice, "POST", "/v1/sessions/" + sessionId + "/stop", null, 200);
        assertEquals("STOPPED", stopped.get("status").asText());
        runtime.call(alice, "POST", "/v1/sessions/" + sessionId + "/orders", "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\","
                + "\"quantity\":\"0.01\"}", 409, "Content-Type", "application/json", "Idempotency-Key", "late");
    }
}
