package dev.tradewind.trading;

import static dev.tradewind.trading.TradingApi.limit;
import static dev.tradewind.trading.TradingApi.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * User B cannot see or change anything of user A's through any route: every attempt is a 404 (never a 403, which would
 * confirm the id exists), and A's session is exactly as it was. The system-level probes (real tokens through the
 * local runtime) belong in system-tests' TenantIsolationIT.
 */
class TenantIsolationHandlerIT {

    @Test
    void anotherUsersSessionOrdersAndJournal_are404ForEveryRoute() {
        TradingApi api = new TradingApi();
        String session = api.session("alice");
        String filled = api.placed("alice", session, market("BTCUSDT", "BUY", "0.1")).get("id").asText();
        String open = api.placed("alice", session, limit("BTCUSDT", "BUY", "0.1", "40000")).get("id").asText();
        assertEquals(201, api.invoke(TradingApi.event("create-journal-entry", "alice").pathParameter("sessionId",
                session)).status());
        String journal = api.invoke(TradingApi.event("import-trades-csv", "alice")).body().get("sessionId").asText();
        JsonNode before = api.portfolio("alice", session);
        JsonNode sessionBefore = api.sessionView("alice", session);

        Map<String, HttpEvent> probes = new LinkedHashMap<>();
        for (String name : new String[] {"get-session", "stop-session", "get-portfolio", "get-equity",
                "get-performance", "list-trades", "list-orders", "list-journal", "create-journal-entry"}) {
            probes.put(name, TradingApi.event(name, "mallory").pathParameter("sessionId", session));
        }
        probes.put("place-order", TradingApi.event("place-order", "mallory").pathParameter("sessionId", session)
                .body(market("BTCUSDT", "SELL", "0.1")));
        for (String orderId : new String[] {filled, open}) {
            probes.put("get-order " + orderId, TradingApi.event("get-order", "mallory")
                    .pathParameter("sessionId", session).pathParameter("orderId", orderId));
            probes.put("cancel-order " + orderId, TradingApi.event("cancel-order", "mallory")
                    .pathParameter("sessionId", session).pathParameter("orderId", orderId));
        }
        probes.put("list-trades of journal", TradingApi.event("list-trades", "mallory")
                .pathParameter("sessionId", journal));
        probes.put("import into journal", TradingApi.event("import-trades-csv", "mallory")
                .query("sessionId", journal));
        probes.forEach((name, event) -> {
            HttpResult result = api.invoke(event);
            assertEquals(404, result.status(), name + " -> " + result);
            assertTrue(!result.toString().contains(session) && !result.toString().contains("alice"),
                    name + " leaks: " + result);
        });

        assertTrue(api.all("list-sessions", "mallory", null, 10).isEmpty());
        assertEquals(before, api.portfolio("alice", session));
        assertEquals(sessionBefore, api.sessionView("alice", session));
        assertEquals("OPEN", api.orderGet("get-order", "alice", session, open).body().get("status").asText());
        assertEquals(3, api.all("list-trades", "alice", journal, 10).size());
        assertEquals(1, api.all("list-journal", "alice", session, 10).size());
    }
}
