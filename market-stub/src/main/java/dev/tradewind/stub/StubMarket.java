package dev.tradewind.stub;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the stub venues trade: the bundled real history (data/market) and, on request, synthetic hourly crypto
 * instruments ({@code SYN00001USDT}, ...) whose bars are a pure function of symbol and hour, so any number of them
 * costs no memory and every run sees the same prices.
 */
final class StubMarket {

    static final Instant SYNTHETIC_START = Instant.parse("2020-01-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final BundledHistory history;
    private final Map<String, Integer> synthetic = new ConcurrentHashMap<>();

    StubMarket(BundledHistory history) {
        this.history = history;
    }

    /** Adds {@code count} synthetic USDT pairs; returns their symbols. */
    List<String> addSynthetic(int count) {
        List<String> symbols = new ArrayList<>(count);
        int first = synthetic.size() + 1;
        for (int i = first; i < first + count; i++) {
            String symbol = syntheticSymbol(i);
            synthetic.put(symbol, i);
            symbols.add(symbol);
        }
        return symbols;
    }

    static String syntheticSymbol(int index) {
        return String.format("SYN%05dUSDT", index);
    }

    Collection<String> syntheticSymbols() {
        return Collections.unmodifiableSet(synthetic.keySet());
    }

    Optional<Instrument> instrument(String symbol) {
        if (symbol == null) {
            return Optional.empty();
        }
        Integer index = synthetic.get(symbol);
        if (index != null) {
            return Optional.of(new Instrument(symbol, "Synthetic " + index, AssetClass.CRYPTO, "BINANCE", "USDT",
                    Interval.H1));
        }
        return history.instrument(symbol);
    }

    List<Instrument> instruments(AssetClass assetClass) {
        List<Instrument> all = new ArrayList<>();
        history.instruments().stream().filter(i -> i.assetClass() == assetClass).forEach(all::add);
        if (assetClass == AssetClass.CRYPTO) {
            synthetic.keySet().stream().sorted().forEach(s -> all.add(instrument(s).orElseThrow()));
        }
        return all;
    }

    /**
     * Bars of {@code symbol} that have opened by {@code now} (the venue shows the bar in progress too), oldest first.
     *
     * @param from  first open time wanted (inclusive), or null for "the latest {@code limit}"
     * @param to    last open time wanted (inclusive), or null for no bound
     */
    List<Candle> bars(String symbol, Instant from, Instant to, int limit, Instant now) {
        Instant upper = to == null || to.isAfter(now) ? now : to;
        Integer index = synthetic.get(symbol);
        if (index != null) {
            return syntheticBars(symbol, index, from, upper, limit);
        }
        List<Candle> all = history.candles(symbol);
        int end = Candle.firstOpenedAfter(all, upper);
        int start = from == null ? Math.max(0, end - limit) : Candle.firstOpenedAtOrAfter(all, from);
        if (start >= end) {
            return List.of();
        }
        return all.subList(start, (int) Math.min(end, (long) start + limit));
    }

    private static List<Candle> syntheticBars(String symbol, int index, Instant from, Instant upper, int limit) {
        long lastHour = Math.floorDiv(upper.getEpochSecond(), 3600);
        long firstHour;
        if (from == null) {
            firstHour = lastHour - limit + 1;
        } else {
            firstHour = Math.floorDiv(from.getEpochSecond() + 3599, 3600);
        }
        firstHour = Math.max(firstHour, SYNTHETIC_START.getEpochSecond() / 3600);
        List<Candle> bars = new ArrayList<>();
        for (long hour = firstHour; hour <= lastHour && bars.size() < limit; hour++) {
            bars.add(syntheticBar(symbol, index, hour));
        }
        return bars;
    }

    /** A deterministic hourly bar: two slow waves around a per-symbol base price; close(h) = open(h + 1). */
    static Candle syntheticBar(String symbol, int index, long epochHour) {
        double base = 5 + (index % 997) * 0.75;
        BigDecimal open = price(base, index, epochHour);
        BigDecimal close = price(base, index, epochHour + 1);
        BigDecimal high = open.max(close).multiply(new BigDecimal("1.002")).setScale(4, RoundingMode.HALF_UP);
        BigDecimal low = open.min(close).multiply(new BigDecimal("0.998")).setScale(4, RoundingMode.HALF_UP);
        BigDecimal volume = BigDecimal.valueOf(1000 + Math.floorMod(epochHour * 31 + index * 17L, 5000), 1);
        return new Candle(symbol, Interval.H1, Instant.ofEpochSecond(epochHour * 3600), open, high, low, close, volume);
    }

    private static BigDecimal price(double base, int index, long epochHour) {
        double wave = 1 + 0.05 * Math.sin(epochHour / 24.0 + index) + 0.02 * Math.sin(epochHour / 7.3 + 2.0 * index);
        return BigDecimal.valueOf(base * wave).setScale(4, RoundingMode.HALF_UP);
    }

    static Duration interval(Instrument instrument) {
        return instrument.interval() == Interval.H1 ? HOUR : Duration.ofDays(1);
    }
}
