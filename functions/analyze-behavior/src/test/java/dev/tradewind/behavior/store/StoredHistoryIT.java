package dev.tradewind.behavior.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.behavior.domain.Fill;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.trading.TradingReader;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.Repository;
import dev.tradewind.trading.TradingHandler;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading a stored history: bounded, newest first, never half a round trip. */
class StoredHistoryIT {

    private TradingHandler trading;
    private TradingReader reader;
    private String journal;
    private List<String> ids;

    @BeforeEach
    void importScenario() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2022-01-04T19:05:00Z"), ZoneOffset.UTC);
        Environment.install(LocalDynamoDb.environment("TradingSessionFunction"), clock);
        var env = Environment.current();
        LocalDynamoDb.truncate(env.require("TRADING_TABLE"));
        trading = new TradingHandler();
        reader = new TradingReader(DynamoDbClients.enhanced(DynamoDbClients.create(env)), env.require("TRADING_TABLE"));
        HttpResult created = HttpResult.invoke(trading, HttpEvent.load("trading-session/create-session.json")
                .user("u1").body("{\"name\":\"j\",\"type\":\"JOURNAL\",\"startingCash\":40000}").bytes());
        journal = created.body().get("id").asText();
        String csv = Files.readString(Repository.path("events/analyze-behavior/trades-revenge-disposition.csv"));
        HttpResult imported = HttpResult.invoke(trading, HttpEvent.load("trading-session/import-trades-csv.json")
                .user("u1").query("sessionId", journal).body(csv).bytes());
        assertEquals(30, imported.body().get("acceptedCount").asInt(), imported.toString());
        HttpResult trades = HttpResult.invoke(trading, HttpEvent.load("trading-session/list-trades.json").user("u1")
                .pathParameter("sessionId", journal).query("limit", "1000").bytes());
        ids = new ArrayList<>();
        trades.body().get("items").forEach(t -> ids.add(t.get("id").asText()));
    }

    private static List<String> fillIds(StoredHistory.Loaded loaded) {
        return loaded.history().fills().stream().map(Fill::id).toList();
    }

    @Test
    void wholeSession_withItsStartingCashAndEquity() {
        var session = reader.session("u1", journal).orElseThrow();
        StoredHistory.Loaded loaded = StoredHistory.ofSession(reader, "u1", session);

        assertEquals(ids, fillIds(loaded));
        assertFalse(loaded.truncated());
        assertEquals(0, loaded.excludedFills());
        assertEquals(31, loaded.history().equity().size(), "starting cash, then the equity after each fill");
        assertEquals(Instant.parse("2022-01-02T14:59:59Z"), loaded.history().equity().getFirst().time());
        assertEquals(0, loaded.history().equity().getFirst().equity().compareTo(new java.math.BigDecimal("40000")));
    }

    @Test
    void beyondTheBound_theMostRecentFillsAreRead_withoutHalfRoundTrips() {
        var session = reader.session("u1", journal).orElseThrow();
        // The newest 11 fills start with a sell (index 19) whose buy (18) is not among them.
        StoredHistory.Loaded loaded = StoredHistory.ofSession(reader, "u1", session, 11,
                StoredHistory.MAX_JOURNAL);

        assertTrue(loaded.truncated());
        assertEquals(1, loaded.excludedFills());
        assertEquals(ids.subList(20, 30), fillIds(loaded));
        assertTrue(loaded.notes().getFirst().startsWith("only the 11 most recent fills were read"),
                loaded.notes().toString());
        assertEquals(10, loaded.history().equity().size(), "no starting cash: the history does not start at it");
    }

    @Test
    void beyondTheJournalBound_theMostRecentEntriesAreRead_andANoteSaysSo() {
        for (int i = 0; i < 3; i++) {
            HttpResult written = HttpResult.invoke(trading, HttpEvent.load("trading-session/create-journal-entry.json")
                    .user("u1").pathParameter("sessionId", journal).bytes());
            assertEquals(201, written.status(), written.toString());
        }
        var session = reader.session("u1", journal).orElseThrow();

        StoredHistory.Loaded loaded = StoredHistory.ofSession(reader, "u1", session, StoredHistory.MAX_FILLS, 2);

        assertEquals(2, loaded.history().journal().size());
        assertFalse(loaded.truncated(), "every fill was read");
        assertTrue(loaded.notes().getFirst().startsWith("only the 2 most recent journal entries were read, from "),
                loaded.notes().toString());
        assertEquals(List.of(), StoredHistory.ofSession(reader, "u1", session, StoredHistory.MAX_FILLS, 3).notes());
    }

    @Test
    void range_cutsPositionsOpenedBeforeIt() {
        StoredHistory.Loaded loaded = StoredHistory.ofRange(reader, "u1", Instant.parse("2022-01-03T11:30:00Z"),
                Instant.parse("2022-01-03T20:00:00Z"));

        // 12:00 sell (position from 11:05) left out; 12:05 buy .. 20:00 sell kept.
        assertEquals(ids.subList(14, 18), fillIds(loaded));
        assertEquals(1, loaded.excludedFills());
        assertEquals(1, loaded.sessions());
        assertEquals(4, loaded.history().equity().size());
    }

    @Test
    void fillsAtOneInstant_areReadInTheOrderTheyHappened() {
        HttpResult created = HttpResult.invoke(trading, HttpEvent.load("trading-session/create-session.json")
                .user("u2").body("{\"name\":\"scalps\",\"type\":\"JOURNAL\",\"startingCash\":1000}").bytes());
        String scalps = created.body().get("id").asText();
        StringBuilder csv = new StringBuilder("time,symbol,side,quantity,price,fees\n");
        for (int i = 0; i < 8; i++) {
            // A buy and its sell within one second: only in this order are they a round trip.
            String time = "2022-01-03T1" + i + ":00:00Z";
            csv.append(time).append(",BTCUSDT,BUY,0.01,46000.").append(i).append(",0.10\n");
            csv.append(time).append(",BTCUSDT,SELL,0.01,46010.").append(i).append(",0.10\n");
        }
        HttpResult imported = HttpResult.invoke(trading, HttpEvent.load("trading-session/import-trades-csv.json")
                .user("u2").query("sessionId", scalps).body(csv.toString()).bytes());
        assertEquals(16, imported.body().get("acceptedCount").asInt(), imported.toString());

        StoredHistory.Loaded loaded = StoredHistory.ofSession(reader, "u2", reader.session("u2", scalps).orElseThrow());
        List<String> sides = loaded.history().fills().stream().map(f -> f.side().name()).toList();
        for (int i = 0; i < sides.size(); i++) {
            assertEquals(i % 2 == 0 ? "BUY" : "SELL", sides.get(i), "fill " + i + " of " + sides);
        }
        assertEquals(0, loaded.excludedFills());
    }
}
