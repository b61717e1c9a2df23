package dev.tradewind.shared.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.testing.Repository;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundledHistoryTest {

    private final BundledHistory history = BundledHistory.load(Repository.path("data/market"));

    @Test
    void instruments_listEveryBundledSeries() {
        assertEquals(List.of("BTCUSDT", "ETHUSDT", "BNBUSDT", "AAPL", "AMZN", "GOOGL", "META", "MSFT"),
                history.instruments().stream().map(Instrument::symbol).toList());
        assertEquals(AssetClass.STOCK, history.instrument("AAPL").orElseThrow().assetClass());
    }

    @Test
    void cryptoExport_isReadOldestFirstWithoutGaps() {
        List<Candle> btc = history.candles("BTCUSDT");
        assertEquals(16_319, btc.size());
        Candle first = btc.getFirst();
        assertEquals(Instant.parse("2020-08-02T02:00:00Z"), first.openTime());
        assertEquals(new BigDecimal("11956.28"), first.open());
        assertEquals(new BigDecimal("11940.59"), first.close());
        assertEquals(Instant.parse("2022-06-13T00:00:00Z"), btc.getLast().openTime());
        for (int i = 1; i < btc.size(); i++) {
            assertEquals(Duration.ofHours(1), Duration.between(btc.get(i - 1).openTime(), btc.get(i).openTime()));
        }
    }

    @Test
    void yahooBars_areKeyedBySessionOpen() {
        List<Candle> aapl = history.candles("AAPL");
        assertEquals(2_768, aapl.size());
        assertEquals(Instant.parse("2013-01-02T14:30:00Z"), aapl.getFirst().openTime());
        assertEquals(Interval.D1, aapl.getFirst().interval());
        assertTrue(aapl.stream().allMatch(c -> c.low().compareTo(c.high()) <= 0));
    }

    @Test
    void gzippedFiles_areReadLikePlainOnes_andTheWideUniverseHasItsOwnIndex() {
        BundledHistory sp500 = BundledHistory.load(Repository.path("data/market/stocks-1d-sp500"));
        assertEquals(91, sp500.instruments().size());
        List<Candle> afl = sp500.candles("AFL");
        assertEquals(2_844, afl.size());
        Candle first = afl.getFirst();
        assertEquals(Instant.parse("2010-01-04T14:30:00Z"), first.openTime());
        assertEquals(new BigDecimal("17.6059"), first.open());
        assertEquals(new BigDecimal("18.011"), first.close());
        assertTrue(sp500.instruments().stream().allMatch(i -> i.assetClass() == AssetClass.STOCK));
        assertTrue(history.instrument("AFL").isEmpty(), "the runtime's universe (data/market) stays as it was");
    }
}
