package dev.tradewind.trading;

import static dev.tradewind.trading.TradingApi.market;
import static dev.tradewind.trading.TradingApi.money;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.testing.DynamoFaults;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Journal entries, and importing real trades from broker exports into journal sessions. */
class JournalImportIT {

    private static final String HEADER = "time,symbol,side,quantity,price,fees\n";

    private TradingApi api;

    @BeforeEach
    void setUp() {
        api = new TradingApi();
    }

    private HttpResult journal(String user, String sessionId, String body) {
        return api.invoke(TradingApi.event("create-journal-entry", user).pathParameter("sessionId", sessionId)
                .body(body));
    }

    private HttpResult journal(String user, String sessionId, String key, String body) {
        return api.invoke(TradingApi.event("create-journal-entry", user).pathParameter("sessionId", sessionId)
                .header("idempotency-key", key).body(body));
    }

    private HttpResult importCsv(String user, String csv) {
        return api.invoke(TradingApi.event("import-trades-csv", user).body(csv).header("content-type", "text/csv"));
    }

    private HttpResult importCsv(String user, String sessionId, String csv) {
        return api.invoke(TradingApi.event("import-trades-csv", user).body(csv).header("content-type", "text/csv")
                .query("sessionId", sessionId));
    }

    private static List<String> rows(JsonNode result, String list) {
        java.util.ArrayList<String> rows = new java.util.ArrayList<>();
        result.get(list).forEach(r -> rows.add(r.get("row").asInt() + (r.has("reason") ? " "
                + r.get("reason").asText() : "")));
        return rows;
    }

    @Test
    void journalEntry_aboutATrade_isStoredAndListedNewestFirst() {
        String sessionId = api.session("u1");
        String tradeId = api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1")).get("tradeId").asText();
        HttpResult sample = api.invoke(TradingApi.event("create-journal-entry", "u1")
                .pathParameter("sessionId", sessionId));
        assertEquals(201, sample.status(), sample.toString());
        api.clock.advance(java.time.Duration.ofMinutes(5));
        HttpResult entry = journal("u1", sessionId, "{\"tradeId\":\"" + tradeId + "\",\"note\":\"Chased the move\","
                + "\"emotions\":[\"greedy\",\"impatient\",\"greedy\"],\"tags\":[\"fomo\"],\"rating\":2}");
        assertEquals(201, entry.status(), entry.toString());
        assertEquals(List.of("greedy", "impatient"), List.of(entry.body().get("emotions").get(0).asText(),
                entry.body().get("emotions").get(1).asText()));
        assertEquals(tradeId, entry.body().get("tradeId").asText());
        List<JsonNode> listed = api.all("list-journal", "u1", sessionId, 1);
        assertEquals(2, listed.size());
        assertEquals(entry.body(), listed.getFirst());
        assertEquals(sample.body(), listed.get(1));
    }

    @Test
    void journalEntry_invalid_is400or422_andStoresNothing() {
        String sessionId = api.session("u1");
        assertEquals(400, journal("u1", sessionId, "{\"emotions\":[\"angry\"]}").status());
        assertEquals(400, journal("u1", sessionId, "{\"note\":\"x\",\"rating\":6}").status());
        assertEquals(400, journal("u1", sessionId, "{\"note\":\"x\",\"tags\":[\"no spaces\"]}").status());
        assertEquals(400, journal("u1", sessionId, "{}").status(), "an empty entry says nothing");
        assertEquals(400, journal("u1", sessionId, "{\"note\":\"" + "x".repeat(2001) + "\"}").status());
        HttpResult unknownTrade = journal("u1", sessionId, "{\"note\":\"x\",\"tradeId\":\"01ARZ3NDEKTSV4RRFFQ69G5FAV\"}");
        assertEquals(422, unknownTrade.status());
        assertEquals("UNKNOWN_TRADE", unknownTrade.errorCode());
        assertTrue(unknownTrade.body().path("error").path("message").asText()
                .endsWith("'01ARZ3NDEKTSV4RRFFQ69G5FAV'"), "the message names the whole id quoted: " + unknownTrade);
        assertEquals(404, journal("u1", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "{\"note\":\"x\"}").status());
        assertTrue(api.all("list-journal", "u1", sessionId, 10).isEmpty());
    }

    /** The id is named as sent: trimmed, "T1 " would read as a trade "T1" the session may well have. */
    @Test
    void journalEntry_aboutATradeIdEndingInASpace_is422NamingTheIdAsSent() {
        String sessionId = api.session("u1");
        HttpResult entry = journal("u1", sessionId, "{\"note\":\"x\",\"tradeId\":\"01ARZ3NDEKTSV4RRFFQ69G5FAV \"}");
        assertEquals(422, entry.status(), entry.toString());
        assertEquals("UNKNOWN_TRADE", entry.errorCode());
        assertEquals("This session has no trade '01ARZ3NDEKTSV4RRFFQ69G5FAV '",
                entry.body().path("error").path("message").asText());
    }

    /** "≤ 2000 characters" (docs/trading.md#journal) counts characters, not UTF-16 units: an emoji is one. */
    @Test
    void journalNote_of2000Emoji_isAccepted_and2001AreNot() {
        String sessionId = api.session("u1");
        String emoji = "\uD83D\uDE00";
        HttpResult entry = journal("u1", sessionId, "{\"note\":\"" + emoji.repeat(2000) + "\"}");
        assertEquals(201, entry.status(), entry.toString());
        assertEquals(emoji.repeat(2000), entry.body().get("note").asText());
        HttpResult tooLong = journal("u1", sessionId, "{\"note\":\"" + emoji.repeat(2001) + "\"}");
        assertEquals(400, tooLong.status(), tooLong.toString());
    }

    @Test
    void journalEntry_withAnEmptyTradeId_is422UnknownTrade_notASessionEntry() {
        String sessionId = api.session("u1");
        HttpResult entry = journal("u1", sessionId, "{\"note\":\"about my trade\",\"tradeId\":\"\"}");
        assertEquals(422, entry.status(), entry.toString());
        assertEquals("UNKNOWN_TRADE", entry.errorCode());
        assertTrue(api.all("list-journal", "u1", sessionId, 10).isEmpty());
    }

    @Test
    void importCsv_intoTheDefaultJournal_computesPositionsAndRealisedPnl() {
        HttpResult result = api.invoke(TradingApi.event("import-trades-csv", "u1"));
        assertEquals(200, result.status(), result.toString());
        JsonNode body = result.body();
        assertEquals(3, body.get("acceptedCount").asInt());
        assertEquals(0, body.get("duplicateCount").asInt());
        assertEquals(0, body.get("rejectedCount").asInt());
        String journalId = body.get("sessionId").asText();
        JsonNode session = api.sessionView("u1", journalId);
        assertEquals("JOURNAL", session.get("type").asText());
        assertEquals("Imported trades", session.get("name").asText());

        List<JsonNode> trades = api.all("list-trades", "u1", journalId, 10);
        assertEquals(List.of("AAPL BUY", "AAPL SELL", "BTCUSDT BUY"), trades.stream()
                .map(t -> t.get("symbol").asText() + " " + t.get("side").asText()).toList());
        // Bought 10 at 180.50 + 1.00 fee = 1806.00; sold at 179.25 − 1.00 = 1791.50: −14.50.
        assertEquals(new BigDecimal("-14.50"), money(trades.get(1), "realizedPnl"));
        assertEquals("IMPORT", trades.get(1).get("source").asText());
        assertEquals(trades.get(0).get("positionId"), trades.get(1).get("positionId"));
        JsonNode portfolio = api.portfolio("u1", journalId);
        assertEquals(new BigDecimal("-4709.20"), money(portfolio, "cash"), "a journal's cash is its net flow");
        assertEquals(new BigDecimal("4690.01"), money(portfolio.get("positions").get(0), "marketValue"));

        // The same file again: every row is recognised, nothing changes.
        HttpResult again = api.invoke(TradingApi.event("import-trades-csv", "u1"));
        assertEquals(0, again.body().get("acceptedCount").asInt());
        assertEquals(3, again.body().get("duplicateCount").asInt());
        assertEquals(journalId, again.body().get("sessionId").asText());
        assertEquals(3, api.all("list-trades", "u1", journalId, 10).size());
        assertEquals(new BigDecimal("-4709.20"), money(api.portfolio("u1", journalId), "cash"));
    }

    /** The default journal has no starting cash, so no return: null in the answers, not left out of them. */
    @Test
    void defaultJournal_withoutStartingCash_answersItsReturnFiguresAsNull() {
        String journalId = api.invoke(TradingApi.event("import-trades-csv", "u1")).body().get("sessionId").asText();
        JsonNode portfolio = api.portfolio("u1", journalId);
        assertTrue(portfolio.has("totalReturn") && portfolio.get("totalReturn").isNull(), portfolio.toString());
        JsonNode performance = api.sessionGet("get-performance", "u1", journalId).body();
        for (String metric : List.of("totalReturn", "cagr", "volatility", "sharpe", "sortino", "calmar",
                "maxDrawdown", "maxDrawdownDuration", "maxDrawdownPeakAt", "maxDrawdownTroughAt")) {
            assertTrue(performance.has(metric) && performance.get(metric).isNull(), metric + " in " + performance);
        }
        assertEquals(1, performance.get("closedTrades").asInt(), "trade statistics need no starting cash");
    }

    @Test
    void importWithoutSessionId_afterTheDefaultJournalWasStopped_startsANewDefaultJournal() {
        String first = importCsv("u1", HEADER + "2022-01-03T15:00:00Z,AAPL,BUY,10,180.50,1.00\n").body()
                .get("sessionId").asText();
        assertEquals(200, api.sessionGet("stop-session", "u1", first).status());
        String csv = HEADER + "2022-01-04T15:00:00Z,AAPL,SELL,10,181.50,1.00\n";

        HttpResult second = importCsv("u1", csv);

        assertEquals(200, second.status(), second.toString());
        String journalId = second.body().get("sessionId").asText();
        assertNotEquals(first, journalId);
        JsonNode journal = api.sessionView("u1", journalId);
        assertEquals("Imported trades", journal.get("name").asText());
        assertEquals("ACTIVE", journal.get("status").asText());
        assertEquals(journalId, importCsv("u1", csv).body().get("sessionId").asText(), "the new one is the default");
        HttpResult named = importCsv("u1", first, csv);
        assertEquals(409, named.status(), "naming the stopped journal: " + named);
        assertEquals("SESSION_STOPPED", named.errorCode());
    }

    @Test
    void concurrentImportsWithoutSessionId_afterTheDefaultJournalWasStopped_startOneNewDefaultJournal()
            throws Exception {
        String stopped = importCsv("u1", HEADER + "2022-01-03T15:00:00Z,AAPL,BUY,10,180.50,1.00\n").body()
                .get("sessionId").asText();
        assertEquals(200, api.sessionGet("stop-session", "u1", stopped).status());
        String csv = HEADER + "2022-01-04T15:00:00Z,AAPL,SELL,10,181.50,1.00\n";

        List<HttpResult> answers = TradingApi.atOnce(4, () -> importCsv("u1", csv));

        for (HttpResult answer : answers) {
            assertEquals(200, answer.status(), answer.toString());
        }
        assertEquals(1, answers.stream().map(a -> a.body().get("sessionId").asText()).distinct().count(),
                answers.toString());
        assertEquals(2, api.all("list-sessions", "u1", null, 10).size(), "the stopped journal and one new one");
    }

    @Test
    void importJson_theSampleEvent_isAccepted() {
        HttpResult result = api.invoke(TradingApi.event("import-trades-json", "u1"));
        assertEquals(200, result.status(), result.toString());
        assertEquals(2, result.body().get("acceptedCount").asInt(), result.toString());
        List<JsonNode> trades = api.all("list-trades", "u1", result.body().get("sessionId").asText(), 10);
        assertEquals("ex-2", trades.get(1).get("externalId").asText());
        assertEquals(new BigDecimal("-14.50"), money(trades.get(1), "realizedPnl"));
    }

    @Test
    void importJson_validatesEachRow_andListsWhatItRejected() {
        String journalId = api.session("u1", "{\"name\":\"broker\",\"type\":\"JOURNAL\",\"startingCash\":10000}");
        String json = "{\"trades\":["
                + "{\"time\":\"2022-01-03T15:00:00Z\",\"symbol\":\"AAPL\",\"side\":\"BUY\",\"quantity\":10,\"price\":180.5,\"fees\":1},"
                + "{\"time\":\"yesterday\",\"symbol\":\"AAPL\",\"side\":\"BUY\",\"quantity\":1,\"price\":1,\"fees\":0},"
                + "{\"time\":\"2022-01-03T16:00:00Z\",\"symbol\":\"AAPL\",\"side\":\"HOLD\",\"quantity\":1,\"price\":1,\"fees\":0},"
                + "{\"time\":\"2022-01-03T16:00:00Z\",\"symbol\":\"AAPL\",\"side\":\"BUY\",\"quantity\":-1,\"price\":1,\"fees\":0},"
                + "{\"time\":\"2022-01-03T16:00:00Z\",\"symbol\":\"AAPL\",\"side\":\"BUY\",\"quantity\":1,\"price\":0,\"fees\":0},"
                + "{\"time\":\"2022-01-03T16:00:00Z\",\"symbol\":\"AAPL\",\"side\":\"BUY\",\"quantity\":1,\"price\":1,\"fees\":-2},"
                + "{\"time\":\"2022-01-03T17:00:00Z\",\"symbol\":\"MSFT\",\"side\":\"SELL\",\"quantity\":1,\"price\":300,\"fees\":0},"
                + "{\"time\":\"2022-01-03T18:00:00Z\",\"symbol\":\"AAPL\",\"side\":\"SELL\",\"quantity\":4,\"price\":\"181.00\",\"fees\":\"0.50\",\"id\":\"x-9\"},"
                + "{\"time\":\"2022-01-03T18:00:00Z\",\"symbol\":\"AAPL\",\"side\":\"SELL\",\"quantity\":1,\"price\":1,\"fees\":0,\"venue\":\"NYSE\"},"
                + "[1,2,3]]}";
        HttpResult result = api.invoke(TradingApi.event("import-trades-json", "u1").body(json)
                .query("sessionId", journalId));
        assertEquals(200, result.status(), result.toString());
        assertEquals(List.of("1", "8"), rows(result.body(), "accepted"));
        assertEquals(List.of("2 INVALID_TIME", "3 INVALID_SIDE", "4 INVALID_QUANTITY", "5 INVALID_PRICE",
                "6 INVALID_FEES", "7 INSUFFICIENT_POSITION", "9 UNKNOWN_FIELD", "10 INVALID_ROW"),
                rows(result.body(), "rejected"));
        assertEquals(10, result.body().get("rows").asInt());
        List<JsonNode> trades = api.all("list-trades", "u1", journalId, 10);
        assertEquals("x-9", trades.get(1).get("externalId").asText());
        // Sold 4 of 10 bought for 1806.00 in all: basis out 722.40; proceeds 724.00 − 0.50.
        assertEquals(new BigDecimal("1.10"), money(trades.get(1), "realizedPnl"));
        JsonNode performance = api.sessionGet("get-performance", "u1", journalId).body();
        assertEquals(1, performance.get("closedTrades").asInt());
        assertEquals(1, performance.get("wins").asInt());
    }

    @Test
    void olderRowsThanTheJournalsLatestTrade_areRejected_butIdenticalRowsInOneFileAreDistinctFills() {
        String csv = HEADER + "2022-01-03T15:00:00Z,AAPL,BUY,5,180.50,0.50\n2022-01-03T15:00:00Z,AAPL,BUY,5,180.50,0.50\n";
        HttpResult first = importCsv("u1", csv);
        assertEquals(2, first.body().get("acceptedCount").asInt(), "two identical partial fills are two fills");
        String journalId = first.body().get("sessionId").asText();
        HttpResult older = importCsv("u1", journalId, HEADER + "2022-01-02T15:00:00Z,AAPL,SELL,1,170,0\n"
                + "2022-01-03T15:00:00Z,AAPL,BUY,5,180.50,0.50\n2022-01-04T15:00:00Z,AAPL,SELL,10,181,1\n");
        assertEquals(List.of("1 OUT_OF_ORDER"), rows(older.body(), "rejected"));
        assertEquals(List.of("2"), rows(older.body(), "duplicates"));
        assertEquals(List.of("3"), rows(older.body(), "accepted"));
        assertTrue(api.portfolio("u1", journalId).get("positions").isEmpty());
    }

    /** A broker export listed newest first: a round trip within one second comes as its sell, then its buy. */
    @Test
    void sameFileAgain_withASellListedBeforeItsBuyAtOneInstant_addsNothing() {
        String csv = HEADER + "2022-01-03T15:00:00Z,AAPL,SELL,10,181,1\n2022-01-03T15:00:00Z,AAPL,BUY,10,180,1\n";
        HttpResult first = importCsv("u1", csv);
        assertEquals(List.of("1 INSUFFICIENT_POSITION"), rows(first.body(), "rejected"), first.toString());
        assertEquals(List.of("2"), rows(first.body(), "accepted"), first.toString());
        String journalId = first.body().get("sessionId").asText();

        HttpResult again = importCsv("u1", journalId, csv);

        assertEquals(List.of(), rows(again.body(), "accepted"), again.toString());
        assertEquals(List.of("2"), rows(again.body(), "duplicates"), again.toString());
        assertEquals(List.of("1 OUT_OF_ORDER"), rows(again.body(), "rejected"), again.toString());
        assertEquals(1, api.all("list-trades", "u1", journalId, 10).size());
        assertEquals(new BigDecimal("10"), api.portfolio("u1", journalId).get("positions").get(0).get("quantity")
                .decimalValue());
    }

    @Test
    void oneExecutionIdListedTwice_isImportedOnce_theSecondRowIsADuplicate() {
        String row = "2022-01-03T15:00:00Z,AAPL,BUY,10,180.50,1.00,EX-1\r\n";
        HttpResult result = importCsv("u1", "time,symbol,side,quantity,price,fees,id\r\n" + row + row);
        assertEquals(List.of("1"), rows(result.body(), "accepted"), result.toString());
        assertEquals(List.of("2"), rows(result.body(), "duplicates"), result.toString());
        JsonNode portfolio = api.portfolio("u1", result.body().get("sessionId").asText());
        assertEquals(new BigDecimal("10"), portfolio.get("positions").get(0).get("quantity").decimalValue());
        assertEquals(new BigDecimal("-1806.00"), money(portfolio, "cash"));
    }

    /** {@code n} round trips of one AAPL share, each bought and sold at one instant, an hour apart. */
    private static String roundTripsAtOneInstant(int n) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int hour = 0; hour < n; hour++) {
            String time = String.format("2022-01-03T%02d:00:00Z", hour);
            csv.append(time).append(",AAPL,BUY,1,100,0\n").append(time).append(",AAPL,SELL,1,100,0\n");
        }
        return csv.toString();
    }

    @Test
    void roundTripsAtOneInstant_holdNoPosition_inThePerformance() {
        String journalId = api.session("u1", "{\"name\":\"scalps\",\"type\":\"JOURNAL\"}");
        assertEquals(24, importCsv("u1", journalId, roundTripsAtOneInstant(12)).body().get("acceptedCount").asInt());
        JsonNode performance = api.sessionGet("get-performance", "u1", journalId).body();
        assertEquals(24, performance.get("trades").asInt(), performance.toString());
        // Read as sell then buy, an instant's pair would leave a position open until the next hour.
        assertEquals(0.0, performance.get("exposure").asDouble(), performance.toString());
    }

    @Test
    void fillsAtOneInstant_areListedInFillOrder_acrossPages() {
        String journalId = api.session("u1", "{\"name\":\"scalps\",\"type\":\"JOURNAL\"}");
        importCsv("u1", journalId, roundTripsAtOneInstant(12));
        // Five a page: a page ending inside an instant's pair ends before it, so the next one lists the pair whole.
        List<JsonNode> trades = api.all("list-trades", "u1", journalId, 5);
        assertEquals(LongStream.rangeClosed(1, 24).boxed().toList(),
                trades.stream().map(t -> t.get("fillNumber").asLong()).toList());
        for (int i = 0; i < trades.size(); i++) {
            assertEquals(i % 2 == 0 ? "BUY" : "SELL", trades.get(i).get("side").asText(), trades.toString());
        }
    }

    @Test
    void fillsAtOneInstant_newestFirst_areListedInReverseFillOrder_acrossPages() {
        String journalId = api.session("u1", "{\"name\":\"scalps\",\"type\":\"JOURNAL\"}");
        importCsv("u1", journalId, roundTripsAtOneInstant(12));
        // Five a page: a page ending inside an instant's pair ends before it, so the next one lists the pair whole.
        List<List<JsonNode>> pages = tradePages(journalId, 5, Map.of("order", "newest"));
        List<JsonNode> trades = pages.stream().flatMap(List::stream).toList();
        assertEquals(LongStream.iterate(24, n -> n >= 1, n -> n - 1).boxed().toList(),
                trades.stream().map(t -> t.get("fillNumber").asLong()).toList());
        for (int i = 0; i < trades.size(); i++) {
            assertEquals(i % 2 == 0 ? "SELL" : "BUY", trades.get(i).get("side").asText(), trades.toString());
        }
        for (int i = 1; i < pages.size(); i++) {
            assertNotEquals(pages.get(i - 1).getLast().get("filledAt"), pages.get(i).getFirst().get("filledAt"),
                    "a page ended among the fills of one instant: " + pages);
        }
    }

    @Test
    void trades_newestFirst_keepTheFromToBounds() {
        String journalId = api.session("u1", "{\"name\":\"scalps\",\"type\":\"JOURNAL\"}");
        importCsv("u1", journalId, roundTripsAtOneInstant(12));
        List<JsonNode> trades = api.all("list-trades", "u1", journalId, 3, Map.of("order", "newest",
                "from", "2022-01-03T02:00:00Z", "to", "2022-01-03T05:00:00Z"));
        // Hour h holds fills 2h + 1 and 2h + 2; both bounds are inclusive.
        assertEquals(LongStream.iterate(12, n -> n >= 5, n -> n - 1).boxed().toList(),
                trades.stream().map(t -> t.get("fillNumber").asLong()).toList());
    }

    /** The pages of a journal's trade list, {@code limit} a page, following the cursors. */
    private List<List<JsonNode>> tradePages(String journalId, int limit, Map<String, String> query) {
        List<List<JsonNode>> pages = new ArrayList<>();
        String cursor = null;
        do {
            HttpEvent event = TradingApi.event("list-trades", "u1").pathParameter("sessionId", journalId)
                    .query("limit", Integer.toString(limit));
            query.forEach(event::query);
            HttpResult page = api.invoke(cursor == null ? event : event.query("cursor", cursor));
            assertEquals(200, page.status(), page.toString());
            List<JsonNode> items = new ArrayList<>();
            page.body().get("items").forEach(items::add);
            pages.add(items);
            cursor = page.body().path("nextCursor").asText(null);
        } while (cursor != null);
        return pages;
    }

    @Test
    void rowDatedAfterNow_isRejectedAsAnInvalidTime_andLaterTradesStillImport() {
        String journalId = api.session("u1", "{\"name\":\"broker\",\"type\":\"JOURNAL\"}");
        HttpResult result = importCsv("u1", journalId, HEADER + "2022-01-03T15:00:00Z,AAPL,BUY,1,100,0\n"
                + "2202-01-03T16:00:00Z,AAPL,SELL,1,100,0\n");
        assertEquals(List.of("1"), rows(result.body(), "accepted"));
        assertEquals(List.of("2 INVALID_TIME"), rows(result.body(), "rejected"));
        // The journal's latest trade is still the real one, so a later real trade is in order.
        HttpResult later = importCsv("u1", journalId, HEADER + "2022-01-04T14:00:00Z,AAPL,SELL,1,101,0\n");
        assertEquals(List.of("1"), rows(later.body(), "accepted"), later.toString());
        JsonNode performance = api.sessionGet("get-performance", "u1", journalId).body();
        assertTrue(performance.get("exposure").asDouble() <= 1, performance.toString());
    }

    @Test
    void importCsv_withAQuotedFieldAndAnIdColumn() {
        HttpResult result = importCsv("u1", "Time,Symbol,Side,Quantity,Price,Fees,Id\n"
                + "2022-01-03T10:00:00-05:00,\"BRK.B\",BUY,1,300,0,\"exec,1\"\n");
        assertEquals(200, result.status(), result.toString());
        assertEquals(1, result.body().get("acceptedCount").asInt(), result.toString());
        JsonNode trade = api.all("list-trades", "u1", result.body().get("sessionId").asText(), 10).getFirst();
        assertEquals("BRK.B", trade.get("symbol").asText());
        assertEquals("2022-01-03T15:00:00Z", trade.get("filledAt").asText());
        assertEquals("exec,1", trade.get("externalId").asText());
    }

    @Test
    void badFiles_areRefusedWhole() {
        HttpResult header = importCsv("u1", "when,what\n2022-01-03T15:00:00Z,AAPL\n");
        assertEquals(400, header.status());
        assertEquals("INVALID_CSV_HEADER", header.errorCode());
        assertEquals("INVALID_CSV_HEADER", importCsv("u1", "time,symbol,side,quantity,price\n").errorCode());
        assertEquals("MALFORMED_CSV", importCsv("u1", HEADER + "\"open,AAPL\n").errorCode());
        HttpResult tooMany = importCsv("u1", HEADER + "2022-01-03T15:00:00Z,AAPL,BUY,1,1,0\n".repeat(2001));
        assertEquals(400, tooMany.status());
        assertEquals("TOO_MANY_ROWS", tooMany.errorCode());
        HttpResult tooBig = importCsv("u1", HEADER + "x".repeat(600 * 1024));
        assertEquals(413, tooBig.status());
        HttpResult xml = api.invoke(TradingApi.event("import-trades-csv", "u1").header("content-type",
                "application/xml"));
        assertEquals(415, xml.status());
        assertEquals(400, api.invoke(TradingApi.event("import-trades-json", "u1").body("{\"rows\":[]}")).status());
        assertTrue(api.all("list-sessions", "u1", null, 10).isEmpty(), "a refused file creates no journal");
    }

    @Test
    void importIntoAPaperSession_is409() {
        String paper = api.session("u1");
        HttpResult result = importCsv("u1", paper, HEADER + "2022-01-03T15:00:00Z,AAPL,BUY,1,1,0\n");
        assertEquals(409, result.status());
        assertEquals("NOT_A_JOURNAL_SESSION", result.errorCode());
        HttpEvent event = TradingApi.event("import-trades-csv", "u1");
        assertEquals(404, api.invoke(event.query("sessionId", "01ARZ3NDEKTSV4RRFFQ69G5FAV")).status());
    }

    @Test
    void journalEntry_sameIdempotencyKeyAndBody_storesOneEntryAndReplaysTheFirstAnswer() {
        String sessionId = api.session("u1");
        HttpResult first = journal("u1", sessionId, "key-1", "{\"note\":\"Calm\",\"tags\":[\"plan\"],\"rating\":4}");
        assertEquals(201, first.status(), first.toString());
        assertFalse(first.headers().containsKey("idempotent-replayed"));
        api.clock.advance(java.time.Duration.ofMinutes(30));
        HttpResult retry = journal("u1", sessionId, "key-1",
                "{\"rating\":4,\"tags\":[\"plan\",\"plan\"],\"note\":\" Calm \"}");
        assertEquals(201, retry.status(), retry.toString());
        assertEquals(first.body(), retry.body());
        assertEquals("true", retry.headers().get("idempotent-replayed"));
        assertEquals(1, api.all("list-journal", "u1", sessionId, 10).size());
        String other = api.session("u1");
        HttpResult elsewhere = journal("u1", other, "key-1", "{\"note\":\"Calm\",\"tags\":[\"plan\"],\"rating\":4}");
        assertEquals(201, elsewhere.status(), elsewhere.toString());
        assertFalse(elsewhere.headers().containsKey("idempotent-replayed"), "keys are per session");
    }

    @Test
    void journalEntry_sameIdempotencyKeyWithAnotherBody_is422AndStoresNothing() {
        String sessionId = api.session("u1");
        assertEquals(201, journal("u1", sessionId, "key-1", "{\"note\":\"Calm\"}").status());
        HttpResult other = journal("u1", sessionId, "key-1", "{\"note\":\"Tilted\"}");
        assertEquals(422, other.status(), other.toString());
        assertEquals("IDEMPOTENCY_KEY_REUSED", other.errorCode());
        assertEquals(1, api.all("list-journal", "u1", sessionId, 10).size());
    }

    @Test
    void journalEntry_concurrentRequestsWithOneIdempotencyKey_storeOneEntry() throws Exception {
        String sessionId = api.session("u1");
        List<String> bodies = new ArrayList<>();
        for (HttpResult r : TradingApi.atOnce(8, () -> journal("u1", sessionId, "same-key", "{\"note\":\"Calm\"}"))) {
            assertEquals(201, r.status(), r.toString());
            bodies.add(r.body().toString());
        }
        assertEquals(1, bodies.stream().distinct().count(), "every request got the first answer");
        assertEquals(1, api.all("list-journal", "u1", sessionId, 10).size());
    }

    /**
     * An account's erasure deletes the session item after sweeping its partition (docs/auth.md#deleting-an-account):
     * an entry whose request read the session just before must not land in the swept partition afterwards.
     */
    @Test
    void journalEntry_sessionDeletedAfterItWasRead_returns404AndStoresNothing() {
        DynamoFaults faults = new DynamoFaults();
        TradingApi erasing = new TradingApi(TradingApi.DEFAULT_START, Map.of(), List.of(faults));
        String table = erasing.env.require("TRADING_TABLE");
        String sessionId = erasing.session("u1");
        List<Map<String, AttributeValue>> partition = partition(table, "USER#u1#SESSION#" + sessionId);
        faults.on("TransactWriteItems").matching(request -> {
            LocalDynamoDb.client().deleteItem(r -> r.tableName(table).key(Map.of(
                    "pk", AttributeValue.fromS("USER#u1"), "sk", AttributeValue.fromS("SESSION#" + sessionId))));
            return false;
        });

        HttpResult entry = erasing.invoke(TradingApi.event("create-journal-entry", "u1")
                .pathParameter("sessionId", sessionId).body("{\"note\":\"written as the account goes\"}"));

        assertEquals(404, entry.status(), entry.toString());
        assertEquals(partition, partition(table, "USER#u1#SESSION#" + sessionId), "no entry was stored");
    }

    private static List<Map<String, AttributeValue>> partition(String table, String pk) {
        return LocalDynamoDb.items(table).stream().filter(item -> item.get("pk").s().equals(pk)).toList();
    }

    @Test
    void journalEntry_withoutIdempotencyKey_storesAnEntryEachTime() {
        String sessionId = api.session("u1");
        assertEquals(201, journal("u1", sessionId, "{\"note\":\"Calm\"}").status());
        HttpResult second = journal("u1", sessionId, "{\"note\":\"Calm\"}");
        assertEquals(201, second.status(), second.toString());
        assertFalse(second.headers().containsKey("idempotent-replayed"));
        assertEquals(2, api.all("list-journal", "u1", sessionId, 10).size());
    }
}
