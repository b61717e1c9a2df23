package dev.tradewind.shared.market;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One OHLCV bar. Its identity is (symbol, interval, open time); prices are exact decimals as the venue published
 * them. When it closes depends on the instrument's calendar: see {@link MarketCalendar#closeTime}.
 */
public record Candle(String symbol, Interval interval, Instant openTime, BigDecimal open, BigDecimal high,
                     BigDecimal low, BigDecimal close, BigDecimal volume) {

    public Candle {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(openTime, "openTime");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(close, "close");
        Objects.requireNonNull(volume, "volume");
        open = canonical(open);
        high = canonical(high);
        low = canonical(low);
        close = canonical(close);
        volume = canonical(volume);
    }

    /**
     * Trailing zeros carry no information in a price ("11980.00" is "11980") and DynamoDB drops them, so candles
     * are equal by value however their source spelled the numbers.
     */
    public static BigDecimal canonical(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /**
     * The index of the first of {@code candles} (in open-time order) opened at or after {@code time}, else their size.
     */
    public static int firstOpenedAtOrAfter(List<Candle> candles, Instant time) {
        return firstIndex(candles, time, true);
    }

    /** The index of the first of {@code candles} (in open-time order) opened after {@code time}, else their size. */
    public static int firstOpenedAfter(List<Candle> candles, Instant time) {
        return firstIndex(candles, time, false);
    }

    private static int firstIndex(List<Candle> candles, Instant time, boolean inclusive) {
        int low = 0;
        int high = candles.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            Instant opened = candles.get(mid).openTime();
            if (opened.isBefore(time) || !inclusive && opened.equals(time)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
