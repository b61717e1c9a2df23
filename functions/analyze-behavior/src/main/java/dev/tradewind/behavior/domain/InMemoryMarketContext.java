package dev.tradewind.behavior.domain;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.MarketCalendar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link MarketContext} over candles held in memory (the bundled history, a test's fixture, candles a caller
 * already loaded), with each instrument's calendar deciding when a bar has closed. Lookups are binary searches.
 */
public final class InMemoryMarketContext implements MarketContext {

    private final Map<String, Series> series;

    private record Series(List<Candle> candles, long[] closeSeconds, MarketCalendar calendar) {
    }

    private InMemoryMarketContext(Map<String, Series> series) {
        this.series = series;
    }

    /** @param candles per symbol, any order; {@code calendars} per symbol (crypto's always-open calendar if absent) */
    public static InMemoryMarketContext of(Map<String, List<Candle>> candles, Map<String, MarketCalendar> calendars) {
        Map<String, Series> series = new HashMap<>();
        candles.forEach((symbol, list) -> {
            MarketCalendar calendar = calendars.getOrDefault(symbol, MarketCalendar.of(AssetClass.CRYPTO));
            List<Candle> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparing(Candle::openTime));
            long[] closes = new long[sorted.size()];
            for (int i = 0; i < closes.length; i++) {
                Candle c = sorted.get(i);
                closes[i] = calendar.closeTime(c.interval(), c.openTime()).getEpochSecond();
            }
            series.put(symbol, new Series(List.copyOf(sorted), closes, calendar));
        });
        return new InMemoryMarketContext(series);
    }

    /** Every instrument of the bundled history (data/market), with its own calendar. */
    public static InMemoryMarketContext of(BundledHistory history) {
        Map<String, List<Candle>> candles = new HashMap<>();
        Map<String, MarketCalendar> calendars = new HashMap<>();
        for (Instrument instrument : history.instruments()) {
            candles.put(instrument.symbol(), history.candles(instrument.symbol()));
            calendars.put(instrument.symbol(), MarketCalendar.of(instrument.assetClass()));
        }
        return of(candles, calendars);
    }

    @Override
    public List<Candle> closedBarsBefore(String symbol, Instant time, int count) {
        Series s = series.get(symbol);
        if (s == null || count <= 0) {
            return List.of();
        }
        long t = time.getEpochSecond();
        int low = 0;
        int high = s.closeSeconds.length - 1;
        int last = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (s.closeSeconds[mid] <= t) {
                last = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (last < 0 || s.calendar.isStale(s.candles.get(last).interval(), s.candles.get(last).openTime(), time)) {
            return List.of();
        }
        return s.candles.subList(Math.max(0, last - count + 1), last + 1);
    }
}
