package dev.tradewind.trading.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.trading.domain.ImportRows.RowRejection;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportRowsTest {

    private static final String SESSION = "01JFAKESESSION000000000000";
    private static final String HEADER = "time,symbol,side,quantity,price,fees\n";
    private static final Instant NOW = Instant.parse("2022-01-05T00:00:00Z");

    @Test
    void csv_validRows_comeInTimeOrderWithTradeIds() {
        ImportRows rows = ImportRows.fromCsv(HEADER
                + "2022-01-04T16:00:00Z,AAPL,SELL,1,180.5,0.5\n"
                + "2022-01-04T15:00:00+01:00,AAPL,BUY,2,179,0\n");
        ImportRows.Checked checked = rows.check(SESSION, NOW);
        assertEquals(2, rows.size());
        assertEquals(List.of(), checked.rejected());
        assertEquals(List.of(2, 1), checked.valid().stream().map(ImportRows.Row::row).toList());
        ImportRows.Row buy = checked.valid().getFirst();
        assertEquals(Instant.parse("2022-01-04T14:00:00Z"), buy.time());
        assertEquals("AAPL", buy.symbol());
        assertEquals(Side.BUY, buy.side());
        assertEquals(new BigDecimal("0.00"), buy.fees());
        assertEquals(new BigDecimal("0.50"), checked.valid().getLast().fees());
    }

    /** A row refused for its size or its year is told that bound, not rules the value meets (docs/api.md). */
    @Test
    void rows_atTenTo12OrBefore1970_areRejectedNamingThatBound() {
        ImportRows.Checked checked = ImportRows.fromCsv(HEADER
                + "2022-01-04T15:00:00Z,AAPL,BUY,1000000000000,180,0\n"
                + "2022-01-04T15:00:00Z,AAPL,BUY,1,5000000000000,0\n"
                + "2022-01-04T15:00:00Z,AAPL,BUY,1,180,1000000000000\n"
                + "1969-12-31T23:59:59Z,AAPL,BUY,1,180,0\n").check(SESSION, NOW);
        assertEquals(List.of(
                new RowRejection(1, "INVALID_QUANTITY",
                        "quantity must be a positive number below 10^12 with at most 8 decimals"),
                new RowRejection(2, "INVALID_PRICE",
                        "price must be a positive number below 10^12 with at most 12 decimals"),
                new RowRejection(3, "INVALID_FEES",
                        "fees must be zero or a positive number below 10^12 with at most 12 decimals"),
                new RowRejection(4, "INVALID_TIME", "time must be in the years 1970 to 9999")), checked.rejected());
    }

    /** Fees take the decimal field rule (up to 12 decimals) and are rounded half up to the cent, as documented. */
    @Test
    void fees_withUpToTwelveDecimals_areRoundedHalfUpToTheCent() {
        ImportRows.Checked checked = ImportRows.fromCsv(HEADER
                + "2022-01-04T15:00:00Z,AAPL,BUY,10,180.50,0.123456789\n"
                + "2022-01-04T15:00:00Z,AAPL,BUY,10,180.50,0.125000000001\n"
                + "2022-01-04T15:00:00Z,AAPL,BUY,10,180.50,0.1234567890123\n").check(SESSION, NOW);
        assertEquals(List.of(new BigDecimal("0.12"), new BigDecimal("0.13")),
                checked.valid().stream().map(ImportRows.Row::fees).toList());
        assertEquals(List.of(new RowRejection(3, "INVALID_FEES",
                "fees must be zero or a positive number below 10^12 with at most 12 decimals")), checked.rejected());
    }

    @Test
    void csv_valuesAreTakenAsSent_lowercaseOrPaddedValuesAreRejectedRows() {
        ImportRows.Checked checked = ImportRows.fromCsv(HEADER
                + "2022-01-04T15:00:00Z,aapl,BUY,1,180,0\n"
                + "2022-01-04T15:00:00Z,AAPL,buy,1,180,0\n"
                + "2022-01-04T15:00:00Z,AAPL,BUY, 1,180,0\n"
                + "2022-01-04T15:00:00Z,AAPL,BUY,1,1e2,0\n"
                + "2022-01-04T15:00:00Z,AAPL,BUY,1,180,-0\n"
                + "2022-01-04T15:00:00Z,AAPL,BUY,1,180,0\n").check(SESSION, NOW);
        assertEquals(List.of("INVALID_SYMBOL", "INVALID_SIDE", "INVALID_QUANTITY", "INVALID_PRICE", "INVALID_FEES"),
                checked.rejected().stream().map(RowRejection::reason).toList());
        assertEquals(List.of(6), checked.valid().stream().map(ImportRows.Row::row).toList());
    }

    /** As brokers export: a byte order mark, quoted column names, CRLF; a grouped price (1,234.50) is no number. */
    @Test
    void csv_brokerExportWithAByteOrderMarkAndQuotedHeader_isRead_butAThousandsSeparatorIsAnInvalidPrice() {
        ImportRows.Checked checked = ImportRows.fromCsv("\uFEFF\"Time\",\"Symbol\",Side,Quantity,Price,Fees,Id\r\n"
                + "2022-01-04T15:00:00Z,AAPL,BUY,10,180.50,1.00,EX-1\r\n"
                + "2022-01-04T15:30:00Z,AAPL,BUY,1,\"1,234.50\",0,EX-3\r\n").check(SESSION, NOW);
        assertEquals(List.of("EX-1"), checked.valid().stream().map(ImportRows.Row::externalId).toList());
        assertEquals(List.of(new RowRejection(2, "INVALID_PRICE",
                "price must be a positive number below 10^12 with at most 12 decimals")), checked.rejected());
    }

    @Test
    void csv_withAControlCharacter_isRefusedWhole() {
        var e = assertThrows(InvalidInputException.class, () -> ImportRows.fromCsv(HEADER
                + "2022-01-04T15:00:00Z,AAPL\u0000,BUY,1,180,0\n"));
        assertEquals("MALFORMED_CSV", e.code());
    }

    @Test
    void identicalRows_areDistinctFills_andTheSameFileGivesTheSameIds() {
        String text = HEADER + "2022-01-04T15:00:00Z,AAPL,BUY,1,180,0\n2022-01-04T15:00:00Z,AAPL,BUY,1,180,0\n";
        List<String> first = ImportRows.fromCsv(text).check(SESSION, NOW).valid().stream()
                .map(ImportRows.Row::tradeId).toList();
        List<String> again = ImportRows.fromCsv(text).check(SESSION, NOW).valid().stream()
                .map(ImportRows.Row::tradeId).toList();
        assertNotEquals(first.get(0), first.get(1));
        assertEquals(first, again);
    }

    /** An execution id names one execution: listed twice, it is one fill, with the id its first listing always had. */
    @Test
    void sameExecutionIdTwice_isOneTradeId_theIdOfItsFirstListing() {
        String row = "2022-01-04T15:00:00Z,AAPL,BUY,10,180.50,1.00,EX-1\n";
        List<String> ids = ImportRows.fromCsv("time,symbol,side,quantity,price,fees,id\n" + row + row)
                .check(SESSION, NOW).valid().stream().map(ImportRows.Row::tradeId).toList();
        String firstListing = TradeIds.imported(SESSION, "id\nEX-1\n#1", Instant.parse("2022-01-04T15:00:00Z"));
        assertEquals(List.of(firstListing, firstListing), ids);
    }

    @Test
    void badRows_areRejectedOneByOne_inRowOrder() {
        ImportRows.Checked checked = ImportRows.fromCsv(HEADER
                + "yesterday,AAPL,BUY,1,180,0\n"
                + "2022-01-04T15:00:00Z,AAPL,HOLD,1,180,0\n"
                + "2022-01-04T15:00:00Z,AAPL,BUY,1\n"
                + "2022-01-04T15:00:00Z,AAPL,BUY,0,180,0\n"
                + "2022-01-04T15:00:00Z,AAPL,BUY,1,180,-1\n"
                + "2022-01-04T15:00:00Z,AAPL,BUY,1,180,0\n").check(SESSION, NOW);
        assertEquals(List.of(
                new RowRejection(1, "INVALID_TIME", "time must be an ISO-8601 instant such as 2022-01-04T15:00:00Z"),
                new RowRejection(2, "INVALID_SIDE", "side must be one of BUY, SELL"),
                new RowRejection(3, "WRONG_FIELD_COUNT", "line 4 has 4 fields; the header has 6"),
                new RowRejection(4, "INVALID_QUANTITY",
                        "quantity must be a positive number below 10^12 with at most 8 decimals"),
                new RowRejection(5, "INVALID_FEES",
                        "fees must be zero or a positive number below 10^12 with at most 12 decimals")),
                checked.rejected());
        assertEquals(1, checked.valid().size());
    }

    @Test
    void rowDatedAfterNow_isAnInvalidTime_aRowAtNowIsNot() {
        ImportRows.Checked checked = ImportRows.fromCsv(HEADER
                + "2022-01-05T00:00:00.001Z,AAPL,BUY,1,180,0\n"
                + "2022-01-05T00:00:00Z,AAPL,BUY,1,180,0\n").check(SESSION, NOW);
        assertEquals(List.of(new RowRejection(1, "INVALID_TIME",
                "time is in the future (now is 2022-01-05T00:00:00Z)")), checked.rejected());
        assertEquals(List.of(2), checked.valid().stream().map(ImportRows.Row::row).toList());
    }

    /** A time without seconds is one ISO-8601 instant whether it ends in Z or gives the offset +01:00. */
    @Test
    void timeWithoutSeconds_isReadAlikeWithZOrAnOffset() {
        ImportRows.Checked checked = ImportRows.fromCsv(HEADER
                + "2022-01-04T15:00Z,AAPL,BUY,1,180,0\n"
                + "2022-01-04T16:00+01:00,AAPL,BUY,1,180,0\n").check(SESSION, NOW);
        assertEquals(List.of(), checked.rejected());
        assertEquals(List.of(Instant.parse("2022-01-04T15:00:00Z"), Instant.parse("2022-01-04T15:00:00Z")),
                checked.valid().stream().map(ImportRows.Row::time).toList());
    }

    @Test
    void csvThatIsNotRows_isRefusedWhole() {
        assertEquals("INVALID_CSV_HEADER", assertThrows(InvalidInputException.class,
                () -> ImportRows.fromCsv("time,symbol,side,quantity,price,fees,colour\n")).code());
        assertEquals("Missing column 'fees'; the header is time,symbol,side,quantity,price,fees (and optionally id)",
                assertThrows(InvalidInputException.class,
                        () -> ImportRows.fromCsv("time,symbol,side,quantity,price\n")).getMessage());
        assertEquals("MISSING_BODY", assertThrows(InvalidInputException.class,
                () -> ImportRows.fromCsv("")).code());
        StringBuilder many = new StringBuilder(HEADER);
        for (int i = 0; i <= ImportRows.MAX_ROWS; i++) {
            many.append("2022-01-04T15:00:00Z,AAPL,BUY,1,180,0\n");
        }
        assertEquals("TOO_MANY_ROWS", assertThrows(InvalidInputException.class,
                () -> ImportRows.fromCsv(many.toString())).code());
    }

    /** The field is named as sent: trimmed, " price" would read as "'price' is not a trade field". */
    @Test
    void json_aFieldNameWithASpace_isRejectedNamingItAsSent() throws Exception {
        List<JsonNode> trades = new ArrayList<>();
        trades.add(Json.mapper().readTree("{\"time\":\"2022-01-04T15:00:00Z\",\" price\":180.25}"));
        ImportRows.Checked checked = ImportRows.fromJson(trades).check(SESSION, NOW);
        assertEquals(List.of(new RowRejection(1, "UNKNOWN_FIELD", "' price' is not a trade field")),
                checked.rejected());
    }

    @Test
    void json_rowsAreObjectsOfTradeFields() throws Exception {
        List<JsonNode> trades = new ArrayList<>();
        Json.mapper().readTree("""
                [{"time":"2022-01-04T15:00:00Z","symbol":"AAPL","side":"BUY","quantity":1,"price":180.25,"fees":0},
                 42,
                 {"time":"2022-01-04T15:00:00Z","colour":"red"},
                 {"time":"2022-01-04T15:00:00Z","symbol":["AAPL"]}]""").forEach(trades::add);
        ImportRows.Checked checked = ImportRows.fromJson(trades).check(SESSION, NOW);
        assertEquals(List.of(
                new RowRejection(2, "INVALID_ROW", "a trade must be an object"),
                new RowRejection(3, "UNKNOWN_FIELD", "'colour' is not a trade field"),
                new RowRejection(4, "INVALID_SYMBOL", "symbol must be a string or a number")), checked.rejected());
        assertEquals(new BigDecimal("180.25"), checked.valid().getFirst().price());
        assertEquals("VALIDATION_FAILED", assertThrows(InvalidInputException.class,
                () -> ImportRows.fromJson(null)).code());
    }
}
