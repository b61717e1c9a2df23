package dev.tradewind.market.domain.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.market.store.SeriesStateRepository;
import java.math.BigDecimal;
import java.time.Instant;
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

    @Test
    void savedOver_gapsOfTheDeeperHistoryOnlyTheOtherRunCovers_areKept() {
        // The slower run backfilled deeper, to 12-01, and stopped at its deadline leaving [12-10, 12-24) to refill;
        // the later run, which read the state before that backfill, covers from 12-24 and has a gap of its own.
        Gap backfillRest = new Gap(Instant.parse("2021-12-10T00:00:00Z"), Instant.parse("2021-12-24T00:00:00Z"), 0);
        Gap recent = new Gap(Instant.parse("2022-01-02T05:00:00Z"), Instant.parse("2022-01-02T06:00:00Z"), 1);
        SeriesState later = new SeriesState("BTCUSDT", Instant.parse("2021-12-24T00:00:00Z"),
                Instant.parse("2022-01-03T02:00:00Z"), new BigDecimal("47005.39"), List.of(recent), false, "h", null);
        SeriesState slower = new SeriesState("BTCUSDT", Instant.parse("2021-12-01T00:00:00Z"),
                Instant.parse("2022-01-03T00:00:00Z"), new BigDecimal("46216.93"), List.of(backfillRest), false, "h",
                null);

        for (SeriesState merged : List.of(slower.savedOver(later), later.savedOver(slower))) {
            assertEquals(later.latest(), merged.latest());
            assertEquals(slower.earliest(), merged.earliest());
            assertEquals(List.of(backfillRest, recent), merged.gaps(),
                    "covered from 12-01 only with the backfill's gap still to refill");
        }
    }
}
