package dev.tradewind.market.domain.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.market.store.SeriesStateRepository;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

        for (SeriesState merged : List.of(slower.savedOver(later, givenUp -> { }),
                later.savedOver(slower, givenUp -> { }))) {
            assertEquals(later.latest(), merged.latest());
            assertEquals(slower.earliest(), merged.earliest());
            assertEquals(List.of(backfillRest, recent), merged.gaps(),
                    "covered from 12-01 only with the backfill's gap still to refill");
        }
    }

    @Test
    void savedOver_moreGapsTogetherThanASeriesHolds_keepsTheNewest20_givingUpTheDeeperHistoryFirst() {
        // The slower run's backfill left 3 gaps in history only it covers; the later run holds 19 of its own.
        List<Gap> deeper = hourlyGaps(Instant.parse("2021-12-02T00:00:00Z"), 3);
        List<Gap> recent = hourlyGaps(Instant.parse("2022-01-01T00:00:00Z"), 19);
        SeriesState later = new SeriesState("BTCUSDT", Instant.parse("2021-12-24T00:00:00Z"),
                Instant.parse("2022-01-03T02:00:00Z"), new BigDecimal("47005.39"), recent, false, "h", null);
        SeriesState slower = new SeriesState("BTCUSDT", Instant.parse("2021-12-01T00:00:00Z"),
                Instant.parse("2022-01-03T00:00:00Z"), new BigDecimal("46216.93"), deeper, false, "h", null);

        for (List<SeriesState> order : List.of(List.of(slower, later), List.of(later, slower))) {
            List<Gap> givenUp = new ArrayList<>();
            SeriesState merged = order.get(0).savedOver(order.get(1), givenUp::add);

            assertEquals(20, merged.gaps().size(), merged.gaps().toString());
            assertEquals(deeper.subList(0, 2), givenUp, "held longest, the deeper history's go first");
            assertEquals(deeper.subList(2, 3), merged.gaps().subList(0, 1));
            assertEquals(recent, merged.gaps().subList(1, 20));
        }
    }

    /** {@code count} one-hour gaps a day apart from {@code first}, in the order a run finds them. */
    private static List<Gap> hourlyGaps(Instant first, int count) {
        List<Gap> gaps = new ArrayList<>();
        for (int day = 0; day < count; day++) {
            Instant from = first.plus(Duration.ofDays(day));
            gaps.add(new Gap(from, from.plus(Duration.ofHours(1)), 0));
        }
        return gaps;
    }
}
