package dev.tradewind.market.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesStateTest {

    private static PricePoint point(String time, String close) {
        return new PricePoint(Instant.parse(time), new BigDecimal(close));
    }

    @Test
    void change_comparesTheLatestCloseWithTheCloseADayEarlier() {
        SeriesState state = SeriesState.empty("BTCUSDT").withRange(Instant.parse("2022-01-01T00:00:00Z"),
                Instant.parse("2022-01-03T00:00:00Z"), List.of(point("2022-01-01T23:00:00Z", "90"),
                        point("2022-01-02T00:00:00Z", "100"), point("2022-01-02T12:00:00Z", "104"),
                        point("2022-01-03T00:00:00Z", "110")));
        assertEquals(Instant.parse("2022-01-02T00:00:00Z"), state.reference().orElseThrow().openTime());
        assertEquals(new BigDecimal("10.0000"), state.changePercent().orElseThrow());
    }

    @Test
    void dailyBarsAfterAWeekend_compareWithTheLastSession() {
        SeriesState state = SeriesState.empty("AAPL").withRange(Instant.parse("2021-12-01T14:30:00Z"),
                Instant.parse("2022-01-03T14:30:00Z"), List.of(point("2021-12-31T14:30:00Z", "177.57"),
                        point("2022-01-03T14:30:00Z", "182.01")));
        assertEquals(new BigDecimal("2.5004"), state.changePercent().orElseThrow());
    }

    @Test
    void withoutHistory_thereIsNoChange() {
        assertTrue(SeriesState.empty("X").changePercent().isEmpty());
    }

    @Test
    void bucketOfASymbol_isStableAndShardsNeverShareABucket() {
        assertEquals(SeriesStateRepository.bucketOf("BTCUSDT"), SeriesStateRepository.bucketOf("BTCUSDT"));
        for (String symbol : List.of("BTCUSDT", "ETHUSDT", "AAPL", "SYN00042USDT")) {
            int bucket = SeriesStateRepository.bucketOf(symbol);
            assertTrue(bucket >= 0 && bucket < SeriesStateRepository.BUCKETS);
            assertEquals(bucket % 4, SeriesStateRepository.shardOf(symbol, 4));
        }
    }
}
