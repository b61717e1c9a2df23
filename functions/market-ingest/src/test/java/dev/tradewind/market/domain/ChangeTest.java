package dev.tradewind.market.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChangeTest {

    private static Candle close(String symbol, Interval interval, String open, String close) {
        BigDecimal c = new BigDecimal(close);
        return new Candle(symbol, interval, Instant.parse(open), c, c, c, c, BigDecimal.ONE);
    }

    @Test
    void hourlySeries_compareWithTheBar24HoursEarlier() {
        assertEquals(Instant.parse("2022-01-02T00:00:00Z"),
                Change.referenceOpen(AssetClass.CRYPTO, Interval.H1, Instant.parse("2022-01-03T00:00:00Z")));
        Change change = Change.of(Interval.H1, new BigDecimal("110"),
                close("BTCUSDT", Interval.H1, "2022-01-02T00:00:00Z", "100"));
        assertEquals("24h", change.period());
        assertEquals(new BigDecimal("10"), change.absolute());
        assertEquals(new BigDecimal("10.0000"), change.percent());
    }

    @Test
    void dailyStockBars_compareWithThePreviousSession_acrossWeekendsAndHolidays() {
        // Monday 2022-01-03 compares with Friday 2021-12-31; Tuesday 2022-01-18 with Friday 2022-01-14 (MLK day).
        assertEquals(Instant.parse("2021-12-31T14:30:00Z"),
                Change.referenceOpen(AssetClass.STOCK, Interval.D1, Instant.parse("2022-01-03T14:30:00Z")));
        assertEquals(Instant.parse("2022-01-14T14:30:00Z"),
                Change.referenceOpen(AssetClass.STOCK, Interval.D1, Instant.parse("2022-01-18T14:30:00Z")));
        Change change = Change.of(Interval.D1, new BigDecimal("182.01"),
                close("AAPL", Interval.D1, "2021-12-31T14:30:00Z", "177.57"));
        assertEquals("1d", change.period());
        assertEquals(new BigDecimal("2.5004"), change.percent());
    }

    @Test
    void withoutAReferenceBar_thereIsNoChange() {
        assertNull(Change.of(Interval.H1, BigDecimal.TEN, null));
    }
}
