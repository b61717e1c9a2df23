package dev.tradewind.market.domain.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.market.store.SeriesStateRepository;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesStateTest {

    @Test
    void bucketOfASymbol_isStableAndShardsNeverShareABucket() {
        assertEquals(SeriesStateRepository.bucketOf("BTCUSDT"), SeriesStateRepository.bucketOf("BTCUSDT"));
        for (String symbol : List.of("BTCUSDT", "ETHUSDT", "AAPL", "SYN00042USDT")) {
            int bucket = SeriesStateRepository.bucketOf(symbol);
            assertTrue(bucket >= 0 && bucket < SeriesStateRepository.BUCKETS);
            assertEquals(bucket % 4, SeriesStateRepository.shardOf(symbol, 4));
        }
    }

    @Test
    void aNewSeries_isStaleUntilItHasData() {
        SeriesState state = SeriesState.empty("BTCUSDT");
        assertTrue(state.stale());
        assertEquals(List.of(), state.gaps());
    }
}
