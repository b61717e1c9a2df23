package dev.tradewind.shared.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandleTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final List<Candle> HOURS = List.of(hour(0), hour(1), hour(2), hour(3));

    private static Candle hour(int h) {
        BigDecimal price = BigDecimal.valueOf(100 + h);
        return new Candle("BTCUSDT", Interval.H1, T0.plusSeconds(3600L * h), price, price, price, price, BigDecimal.ONE);
    }

    @Test
    void firstOpenedAtOrAfter_anOpenTime_isThatCandle_andBetweenTwo_isTheLater() {
        assertEquals(2, Candle.firstOpenedAtOrAfter(HOURS, T0.plusSeconds(7200)));
        assertEquals(2, Candle.firstOpenedAtOrAfter(HOURS, T0.plusSeconds(3601)));
        assertEquals(0, Candle.firstOpenedAtOrAfter(HOURS, T0.minusSeconds(1)));
        assertEquals(4, Candle.firstOpenedAtOrAfter(HOURS, T0.plusSeconds(3 * 3600 + 1)));
    }

    @Test
    void firstOpenedAfter_anOpenTime_isTheNextCandle() {
        assertEquals(3, Candle.firstOpenedAfter(HOURS, T0.plusSeconds(7200)));
        assertEquals(2, Candle.firstOpenedAfter(HOURS, T0.plusSeconds(3601)));
        assertEquals(4, Candle.firstOpenedAfter(HOURS, T0.plusSeconds(3 * 3600)));
        assertEquals(0, Candle.firstOpenedAfter(List.of(), T0));
    }
}
