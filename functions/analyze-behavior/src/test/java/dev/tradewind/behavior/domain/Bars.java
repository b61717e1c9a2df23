package dev.tradewind.behavior.domain;

import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Synthetic hourly bars for tests: a calm market whose moves, volumes and levels never look abnormal. */
public final class Bars {

    private final Map<String, List<Candle>> candles = new HashMap<>();

    /**
     * Hourly bars from {@code from} for {@code hours}: closes alternate between {@code level} and level + 0.1, volume
     * between 1,000 and 1,010, each bar's low/high 0.05 around its close.
     */
    public Bars calm(String symbol, Instant from, int hours, double level) {
        List<Candle> list = candles.computeIfAbsent(symbol, s -> new ArrayList<>());
        for (int i = 0; i < hours; i++) {
            double close = level + (i % 2 == 0 ? 0 : 0.1);
            list.add(bar(symbol, from.plus(Duration.ofHours(i)), close, close - 0.05, close + 0.05,
                    i % 2 == 0 ? 1000 : 1010));
        }
        return this;
    }

    /** Hourly bars from {@code from} for {@code hours}, each closing at {@code level} on 1,000: no spread at all. */
    public Bars flat(String symbol, Instant from, int hours, double level) {
        List<Candle> list = candles.computeIfAbsent(symbol, s -> new ArrayList<>());
        for (int i = 0; i < hours; i++) {
            list.add(bar(symbol, from.plus(Duration.ofHours(i)), level, level, level, 1000));
        }
        return this;
    }

    /** Replaces the bar opening at {@code openTime} with one closing at {@code close} on {@code volume}. */
    public Bars spike(String symbol, Instant openTime, double close, double volume) {
        List<Candle> list = candles.get(symbol);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).openTime().equals(openTime)) {
                list.set(i, bar(symbol, openTime, close, close - 0.05, close + 0.05, volume));
                return this;
            }
        }
        throw new IllegalArgumentException("no bar at " + openTime);
    }

    /** One bar with the given low and high (and close midway), e.g. to price a paper position. */
    public Bars range(String symbol, Instant openTime, double low, double high) {
        candles.computeIfAbsent(symbol, s -> new ArrayList<>())
                .add(bar(symbol, openTime, (low + high) / 2, low, high, 1000));
        return this;
    }

    public static Candle bar(String symbol, Instant openTime, double close, double low, double high, double volume) {
        BigDecimal c = BigDecimal.valueOf(close);
        return new Candle(symbol, Interval.H1, openTime, c, BigDecimal.valueOf(Math.max(high, close)),
                BigDecimal.valueOf(Math.min(low, close)), c, BigDecimal.valueOf(volume));
    }

    public MarketContext market() {
        return InMemoryMarketContext.of(candles, Map.of());
    }
}
