package dev.tradewind.trading.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void plainLines_withCrLfAndABlankLineAndAByteOrderMark() {
        List<Csv.Line> lines = Csv.parse("\uFEFFtime,symbol\r\n2022-01-04T15:00:00Z,AAPL\r\n\r\n2022-01-05T15:00:00Z,MSFT");
        assertEquals(List.of(new Csv.Line(1, List.of("time", "symbol")),
                new Csv.Line(2, List.of("2022-01-04T15:00:00Z", "AAPL")),
                new Csv.Line(4, List.of("2022-01-05T15:00:00Z", "MSFT"))), lines);
    }

    @Test
    void quotedFields_keepCommasQuotesAndNewlines() {
        List<Csv.Line> lines = Csv.parse("a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n");
        assertEquals(List.of("x,1", "say \"hi\"", "two\nlines"), lines.get(1).fields());
        assertEquals(List.of("last", "", ""), lines.get(2).fields());
        assertEquals(4, lines.get(2).number());
    }

    @Test
    void unclosedQuote_isAnError() {
        assertThrows(IllegalArgumentException.class, () -> Csv.parse("a,b\n\"open,1\n"));
    }
}
