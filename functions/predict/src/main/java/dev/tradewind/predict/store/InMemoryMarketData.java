package dev.tradewind.predict.store;

import dev.tradewind.predict.domain.MarketData;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Market data held in memory: SnapStart priming runs the handler over it so priming never touches the tables. */
public final class InMemoryMarketData implements MarketData {

    private final Map<String, Instrument> instruments = new ConcurrentHashMap<>();
    private final Map<String, List<Candle>> candles = new ConcurrentHashMap<>();

    /** @param series bars of the instrument's own interval, oldest first */
    public InMemoryMarketData add(Instrument instrument, List<Candle> series) {
        instruments.put(instrument.symbol(), instrument);
        candles.put(key(instrument.symbol(), instrument.interval()), List.copyOf(series));
        return this;
    }

    @Override
    public Optional<Instrument> instrument(String symbol) {
        return Optional.ofNullable(instruments.get(symbol));
    }

    @Override
    public List<Instrument> instruments(AssetClass assetClass) {
        return instruments.values().stream().filter(i -> i.assetClass() == assetClass)
                .sorted(Comparator.comparing(Instrument::symbol)).toList();
    }

    @Override
    public Optional<Candle> latestClosed(String symbol, Interval interval, MarketCalendar calendar, Instant now) {
        List<Candle> series = series(symbol, interval);
        for (int i = series.size() - 1; i >= 0; i--) {
            if (calendar.isClosed(series.get(i), now)) {
                return Optional.of(series.get(i));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Candle> window(String symbol, Interval interval, Instant asOf, int count) {
        List<Candle> out = new ArrayList<>();
        for (Candle candle : series(symbol, interval)) {
            if (!candle.openTime().isAfter(asOf)) {
                out.add(candle);
            }
        }
        return List.copyOf(out.subList(Math.max(0, out.size() - count), out.size()));
    }

    @Override
    public List<Candle> after(String symbol, Interval interval, Instant openTime, Instant until, int count) {
        return series(symbol, interval).stream()
                .filter(c -> c.openTime().isAfter(openTime) && !c.openTime().isAfter(until)).limit(count).toList();
    }

    private List<Candle> series(String symbol, Interval interval) {
        return candles.getOrDefault(key(symbol, interval), List.of());
    }

    private static String key(String symbol, Interval interval) {
        return symbol + "#" + interval.code();
    }
}
