package dev.tradewind.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tradewind.testing.CursorTampering;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every listing's cursor continues only the query that wrote it (anything else is 400 INVALID_CURSOR), and there is
 * none on a listing's last page.
 */
class CursorBindingIT {

    private TradingApi api;
    private String sessionId;

    @BeforeEach
    void setUp() {
        api = new TradingApi();
        sessionId = api.session("u1");
        for (int i = 0; i < 3; i++) {
            api.placed("u1", sessionId, TradingApi.market("BTCUSDT", "BUY", "0.01"));
            assertEquals(201, api.invoke(TradingApi.event("create-journal-entry", "u1")
                    .pathParameter("sessionId", sessionId)).status());
            api.session("u1");
            api.clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void trades_cursorReusedWithOtherBounds_returns400InvalidCursor() {
        String cursor = cursor("list-trades");
        // Its fill lies inside the new range as well: still another query.
        assertInvalid(list("list-trades", Map.of("cursor", cursor, "from", "2022-01-01T00:00:00Z")));
        assertInvalid(list("list-trades", Map.of("cursor", cursor, "to", "2022-02-01T00:00:00Z")));
        assertEquals(200, list("list-trades", Map.of("cursor", cursor, "limit", "5")).status(), "another limit");
    }

    @Test
    void trades_cursorReusedWithTheOtherOrder_returns400InvalidCursor() {
        String newest = cursor("list-trades", Map.of("order", "newest"));
        assertInvalid(list("list-trades", Map.of("cursor", newest, "order", "oldest")));
        assertInvalid(list("list-trades", Map.of("cursor", newest)));
        assertEquals(200, list("list-trades", Map.of("cursor", newest, "order", "newest")).status());
        String oldest = cursor("list-trades", Map.of("order", "oldest"));
        assertInvalid(list("list-trades", Map.of("cursor", oldest, "order", "newest")));
        assertEquals(200, list("list-trades", Map.of("cursor", oldest)).status(), "oldest is the default");
    }

    @Test
    void trades_newestFirst_areTheOldestFirstReversed_withNoCursorOnAnExactlyFullLastPage() {
        List<JsonNode> oldest = api.all("list-trades", "u1", sessionId, 200);
        assertEquals(3, oldest.size(), oldest.toString());
        assertEquals(oldest.reversed(), api.all("list-trades", "u1", sessionId, 1, Map.of("order", "newest")));
        HttpResult whole = list("list-trades", Map.of("limit", "3", "order", "newest"));
        List<JsonNode> items = new ArrayList<>();
        whole.body().get("items").forEach(items::add);
        assertEquals(oldest.reversed(), items, whole.toString());
        assertFalse(whole.body().has("nextCursor"), whole.toString());
    }

    @Test
    void equity_cursorReusedWithOtherBounds_returns400InvalidCursor() {
        String cursor = cursor("get-equity");
        assertInvalid(list("get-equity", Map.of("cursor", cursor, "from", "2022-01-01T00:00:00Z")));
    }

    @Test
    void everyListing_cursorWithoutSortKey_returns400() {
        for (String listing : new String[] {"list-trades", "get-equity", "list-orders", "list-journal"}) {
            assertInvalid(list(listing, Map.of("cursor", CursorTampering.without(cursor(listing), "sk"))));
        }
        HttpResult sessions = api.invoke(TradingApi.event("list-sessions", "u1").query("limit", "1"));
        assertInvalid(api.invoke(TradingApi.event("list-sessions", "u1")
                .query("cursor", CursorTampering.without(sessions.body().get("nextCursor").asText(), "sk"))));
    }

    /** docs/api.md#paging: the page that ends a listing has no cursor, even when it is exactly full. */
    @Test
    void everyListing_exactlyFullLastPage_hasNoCursor_andTheWalkReturnsEachItemOnce() {
        for (String listing : new String[] {"list-trades", "get-equity", "list-orders", "list-journal"}) {
            List<JsonNode> every = api.all(listing, "u1", sessionId, 200);
            assertTrue(every.size() >= 3, listing + ": " + every);
            HttpResult whole = list(listing, Map.of("limit", Integer.toString(every.size())));
            assertEquals(every.size(), whole.body().get("items").size(), whole.toString());
            assertFalse(whole.body().has("nextCursor"), listing + ": " + whole);
            List<JsonNode> walked = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                HttpEvent event = TradingApi.event(listing, "u1").pathParameter("sessionId", sessionId)
                        .query("limit", "1");
                HttpResult page = api.invoke(cursor == null ? event : event.query("cursor", cursor));
                page.body().get("items").forEach(walked::add);
                cursor = page.body().path("nextCursor").asText(null);
                pages++;
            } while (cursor != null);
            assertEquals(every, walked, listing);
            assertEquals(every.size(), pages, listing + ": a cursor led to an empty page");
        }
    }

    @Test
    void cursorOfAnotherListingOfTheSameSession_returns400() {
        assertInvalid(list("list-orders", Map.of("cursor", cursor("list-trades"))));
        assertInvalid(list("list-trades", Map.of("cursor", cursor("list-journal"))));
    }

    /** The cursor after the first item of the listing. */
    private String cursor(String listing) {
        return cursor(listing, Map.of());
    }

    /** The cursor after the first item of the listing asked with these query parameters. */
    private String cursor(String listing, Map<String, String> query) {
        Map<String, String> firstPage = new HashMap<>(query);
        firstPage.put("limit", "1");
        HttpResult first = list(listing, firstPage);
        assertEquals(200, first.status(), first.toString());
        return first.body().get("nextCursor").asText();
    }

    private HttpResult list(String listing, Map<String, String> query) {
        HttpEvent event = TradingApi.event(listing, "u1").pathParameter("sessionId", sessionId);
        query.forEach(event::query);
        return api.invoke(event);
    }

    private static void assertInvalid(HttpResult result) {
        assertEquals(400, result.status(), result.toString());
        assertEquals("INVALID_CURSOR", result.errorCode());
    }
}
