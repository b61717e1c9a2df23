package dev.tradewind.shared.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.testing.CursorTampering;
import dev.tradewind.testing.LocalDynamoDb;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TradingReaderIT {

    private static final Instant T0 = Instant.parse("2022-01-04T15:00:00Z");

    private DynamoDbEnhancedClient client;
    private String table;
    private TradingReader reader;

    @BeforeEach
    void setUp() {
        Environment env = new Environment(LocalDynamoDb.environment("TradingSessionFunction"), Clock.systemUTC());
        table = env.require("TRADING_TABLE");
        LocalDynamoDb.truncate(table);
        client = DynamoDbClients.enhanced(DynamoDbClients.create(env));
        reader = new TradingReader(client, table);
    }

    private TradeRecord trade(String user, String session, int minute, Side side) {
        Instant at = T0.plus(Duration.ofMinutes(minute));
        String id = Ulid.encode(at.toEpochMilli(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, (byte) minute});
        return new TradeRecord(user, session, id, TradeSource.PAPER, "o" + minute, null, "p1", T0, "BTCUSDT", side,
                new BigDecimal("0.5"), new BigDecimal("47000.5"), new BigDecimal("23500.25"), new BigDecimal("23.50"),
                side == Side.SELL ? new BigDecimal("-10.00") : BigDecimal.ZERO, BigDecimal.ONE,
                new BigDecimal("1000.00"), new BigDecimal("1000.00"), "USD", at, minute + 1, null);
    }

    private void put(TradeRecord trade) {
        client.table(table, TradeRecord.SCHEMA).putItem(trade);
    }

    @Test
    void tradesOfSession_pagesInTimeOrderWithinTheRange() {
        List<TradeRecord> all = new ArrayList<>();
        for (int minute = 0; minute < 5; minute++) {
            TradeRecord trade = trade("u1", "s1", minute, minute % 2 == 0 ? Side.BUY : Side.SELL);
            all.add(trade);
            put(trade);
        }
        put(trade("u1", "s2", 2, Side.BUY));
        Page<TradeRecord> first = reader.tradesOfSession("u1", "s1", null, null, 3, null, false);
        assertEquals(all.subList(0, 3), first.items());
        Page<TradeRecord> second = reader.tradesOfSession("u1", "s1", null, null, 3, first.nextCursor(), false);
        assertEquals(all.subList(3, 5), second.items());
        assertNull(second.nextCursor());

        Page<TradeRecord> ranged = reader.tradesOfSession("u1", "s1", T0.plus(Duration.ofMinutes(1)),
                T0.plus(Duration.ofMinutes(3)), 100, null, true);
        assertEquals(List.of(all.get(3), all.get(2), all.get(1)), ranged.items());
        assertEquals(new BigDecimal("-10.00"), all.get(1).realizedPnl());
        assertEquals(all.get(1), reader.trade("u1", "s1", all.get(1).tradeId()).orElseThrow());
    }

    /** docs/trading.md#trade-import: a fill staged by an import counts once its session's trade count reaches it. */
    @Test
    void stagedFills_areReadOnlyOnceTheirSessionCountsThem() {
        LocalDynamoDb.client().putItem(r -> r.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS(TradingKeys.userPartition("u1")),
                "sk", AttributeValue.fromS(TradingKeys.sessionSortKey("s1")),
                "sessionId", AttributeValue.fromS("s1"), "tradeCount", AttributeValue.fromN("1"))));
        TradeRecord committed = trade("u1", "s1", 0, Side.BUY).withImportId("imp");
        TradeRecord staged = trade("u1", "s1", 1, Side.BUY).withImportId("imp");
        TradeRecord plain = trade("u1", "s2", 2, Side.BUY);
        TradeRecord orphan = trade("u1", "s3", 3, Side.BUY).withImportId("gone");
        List.of(committed, staged, plain, orphan).forEach(this::put);

        assertEquals(List.of(committed.tradeId()), reader.tradesOfSession("u1", "s1", null, null, 10, null, false)
                .items().stream().map(TradeRecord::tradeId).toList());
        assertEquals(List.of(committed.tradeId(), plain.tradeId()), reader.tradesOfUser("u1", null, null, 10, null,
                false).items().stream().map(TradeRecord::tradeId).toList());
        assertTrue(reader.trade("u1", "s1", committed.tradeId()).isPresent());
        assertTrue(reader.trade("u1", "s1", staged.tradeId()).isEmpty());
        assertTrue(reader.trade("u1", "s3", orphan.tradeId()).isEmpty());
    }

    @Test
    void tradesOfUser_spanSessionsButNeverOtherUsers() {
        put(trade("u1", "s1", 0, Side.BUY));
        put(trade("u1", "s2", 1, Side.BUY));
        put(trade("u2", "s3", 2, Side.BUY));
        Page<TradeRecord> page = reader.tradesOfUser("u1", T0, T0.plus(Duration.ofHours(1)), 100, null, false);
        assertEquals(List.of("s1", "s2"), page.items().stream().map(TradeRecord::sessionId).toList());
        assertTrue(reader.tradesOfUser("u3", null, null, 10, null, false).items().isEmpty());
        assertTrue(reader.trade("u2", "s1", page.items().getFirst().tradeId()).isEmpty());
    }

    @Test
    void cursorOfAnotherPartition_isRejected() {
        for (int minute = 0; minute < 3; minute++) {
            put(trade("u1", "s1", minute, Side.BUY));
        }
        String cursor = reader.tradesOfSession("u1", "s1", null, null, 1, null, false).nextCursor();
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> reader.tradesOfSession("u2", "s1", null, null, 1, cursor, false));
        assertEquals("INVALID_CURSOR", error.code());
    }

    @Test
    void tradesOfSession_cursorReusedWithOtherBounds_isRejected() {
        for (int minute = 0; minute < 3; minute++) {
            put(trade("u1", "s1", minute, Side.BUY));
        }
        String cursor = reader.tradesOfSession("u1", "s1", null, null, 1, null, false).nextCursor();
        // The cursor's trade lies inside the new range too: the query is still another one.
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> reader.tradesOfSession("u1",
                "s1", T0, T0.plus(Duration.ofMinutes(2)), 1, cursor, false));
        assertEquals("INVALID_CURSOR", error.code());
        assertThrows(InvalidInputException.class,
                () -> reader.tradesOfSession("u1", "s1", null, null, 1, cursor, true), "the other order");
        assertEquals(List.of(2L, 3L), reader.tradesOfSession("u1", "s1", null, null, 5, cursor, false).items()
                .stream().map(TradeRecord::fillNumber).toList(), "another page size continues the same query");
    }

    @Test
    void tradesOfSession_cursorWithoutSortKey_isRejected() {
        for (int minute = 0; minute < 3; minute++) {
            put(trade("u1", "s1", minute, Side.BUY));
        }
        String cursor = reader.tradesOfSession("u1", "s1", null, null, 1, null, false).nextCursor();
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> reader.tradesOfSession("u1",
                "s1", null, null, 1, CursorTampering.without(cursor, "sk"), false));
        assertEquals("INVALID_CURSOR", error.code());
    }

    @Test
    void tradesOfUser_cursorWithoutTheTableKeys_isRejectedNotADynamoDbError() {
        for (int minute = 0; minute < 3; minute++) {
            put(trade("u1", "s" + minute, minute, Side.BUY));
        }
        String cursor = reader.tradesOfUser("u1", null, null, 1, null, false).nextCursor();
        assertEquals(1, reader.tradesOfUser("u1", null, null, 1, cursor, false).items().size());
        // An index's start key needs the table's keys as well; without them DynamoDB fails the query.
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> reader.tradesOfUser("u1",
                null, null, 1, CursorTampering.without(cursor, "pk", "sk"), false));
        assertEquals("INVALID_CURSOR", error.code());
    }

    @Test
    void journal_bySessionNewestFirstAndByUser() {
        var journal = client.table(table, JournalEntry.SCHEMA);
        JournalEntry a = new JournalEntry("u1", "s1", TradingKeys.idFloor(T0).substring(0, 10) + "0000000000000001",
                T0, null, "calm start", List.of("calm"), List.of("plan"), 4);
        JournalEntry b = new JournalEntry("u1", "s1", TradingKeys.idFloor(T0.plusSeconds(60)).substring(0, 10)
                + "0000000000000002", T0.plusSeconds(60), "t1", "chased it", List.of("greedy", "impatient"),
                List.of(), null);
        journal.putItem(a);
        journal.putItem(b);
        assertEquals(List.of(b, a), reader.journalOfSession("u1", "s1", 10, null).items());
        assertEquals(List.of(a, b), reader.journalOfUser("u1", T0, T0.plusSeconds(120), 10, null, false).items());
        assertTrue(reader.journalOfSession("u2", "s1", 10, null).items().isEmpty());
    }

    /** docs/api.md#paging: the page that ends a listing has no cursor, even when it is exactly full. */
    @Test
    void everyListing_exactlyFullLastPage_hasNoCursor_andTheWalkReturnsEachItemOnce() {
        var journal = client.table(table, JournalEntry.SCHEMA);
        List<TradeRecord> trades = new ArrayList<>();
        List<JournalEntry> entries = new ArrayList<>();
        for (int minute = 0; minute < 4; minute++) {
            TradeRecord trade = trade("u1", "s1", minute, Side.BUY);
            put(trade);
            trades.add(trade);
            Instant at = T0.plus(Duration.ofMinutes(minute));
            JournalEntry entry = new JournalEntry("u1", "s1", TradingKeys.idFloor(at).substring(0, 10)
                    + "000000000000000" + minute, at, null, "note " + minute, List.of(), List.of(), null);
            journal.putItem(entry);
            entries.add(entry);
        }
        assertEquals(trades, walk(c -> reader.tradesOfSession("u1", "s1", null, null, 2, c, false)));
        assertEquals(trades, walk(c -> reader.tradesOfUser("u1", null, null, 2, c, false)));
        assertEquals(entries.reversed(), walk(c -> reader.journalOfSession("u1", "s1", 2, c)));
        assertEquals(entries, walk(c -> reader.journalOfUser("u1", null, null, 2, c, false)));
        assertNull(reader.tradesOfSession("u1", "s1", null, null, 4, null, false).nextCursor());
        assertNull(reader.journalOfUser("u1", null, null, 4, null, true).nextCursor());
    }

    /** Every item of a listing, following its cursors, none of which may lead to an empty page. */
    private static <T> List<T> walk(Function<String, Page<T>> listing) {
        List<T> items = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> page = listing.apply(cursor);
            assertFalse(page.items().isEmpty(), "a cursor led to an empty page after " + items.size() + " items");
            items.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return items;
    }
}
