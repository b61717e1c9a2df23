package dev.tradewind.behavior.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.testing.Repository;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryMarketContextTest {

    private static final MarketContext MARKET =
            InMemoryMarketContext.of(BundledHistory.load(Repository.path("data/market")));

    @Test
    void hourlyBars_areReturnedOnlyOnceClosed_oldestFirst() {
        List<Candle> bars = MARKET.closedBarsBefore("BTCUSDT", Instant.parse("2021-05-19T13:30:00Z"), 3);
        assertEquals(3, bars.size());
        // The 13:00 bar is still forming at 13:30; the last closed one opened at 12:00.
        assertEquals(Instant.parse("2021-05-19T10:00:00Z"), bars.get(0).openTime());
        assertEquals(Instant.parse("2021-05-19T12:00:00Z"), bars.get(2).openTime());
        assertEquals(Instant.parse("2021-05-19T13:00:00Z"),
                MARKET.closedBarsBefore("BTCUSDT", Instant.parse("2021-05-19T14:00:00Z"), 1).get(0).openTime());
    }

    @Test
    void dailyStockBars_closeAt16NewYorkTime() {
        // 2021-03-10 is a Wednesday; its bar opens 09:30 EST (14:30 UTC) and closes 16:00 EST (21:00 UTC).
        Candle before = MARKET.closedBarsBefore("AAPL", Instant.parse("2021-03-10T20:59:00Z"), 1).get(0);
        Candle after = MARKET.closedBarsBefore("AAPL", Instant.parse("2021-03-10T21:00:00Z"), 1).get(0);
        assertEquals(Instant.parse("2021-03-09T14:30:00Z"), before.openTime());
        assertEquals(Instant.parse("2021-03-10T14:30:00Z"), after.openTime());
    }

    @Test
    void unknownSymbolsAndTimesBeforeTheHistory_giveNoBars() {
        assertTrue(MARKET.closedBarsBefore("DOGEUSDT", Instant.parse("2021-05-19T13:30:00Z"), 5).isEmpty());
        assertTrue(MARKET.closedBarsBefore("BTCUSDT", Instant.parse("2019-01-01T00:00:00Z"), 5).isEmpty());
        assertTrue(MarketContext.NONE.closedBarsBefore("BTCUSDT", Instant.parse("2021-05-19T13:30:00Z"), 5)
                .isEmpty());
    }
}
