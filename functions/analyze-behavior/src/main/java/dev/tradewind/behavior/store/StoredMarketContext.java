package dev.tradewind.behavior.store;

import dev.tradewind.behavior.domain.Fill;
import dev.tradewind.behavior.domain.InMemoryMarketContext;
import dev.tradewind.behavior.domain.MarketContext;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's {@link MarketContext} over the stored candles, for one request. Each symbol is looked up in the
 * instrument catalog once (an unknown symbol, e.g. an imported stock Tradewind does not ingest, has no market data)
 * and its bars are read once, with queries on its candle partition (never a Scan): every bar that opened between
 * {@link #MARGIN_BARS} bars before the symbol's first fill and the last fill of the history, newest first, at most
 * {@link #MAX_BARS_PER_SYMBOL} of them. The engine's questions are then answered from memory with the instrument's
 * calendar deciding which bars had closed (so the bar still forming at a fill is never seen). A question the loaded
 * bars cannot answer (before them, when the cap cut older bars off) becomes one direct query, at most
 * {@link #MAX_DIRECT_QUERIES} per request. At most {@link #MAX_SYMBOLS} symbols get market data.
 */
public final class StoredMarketContext implements MarketContext {

    /** Bars loaded before a symbol's first fill: the FOMO lookback (20 bars + 2) with room to spare. */
    static final int MARGIN_BARS = 32;
    /** About 2.3 years of hourly bars, 80 of daily ones; with more, the older part is queried on demand. */
    static final int MAX_BARS_PER_SYMBOL = 20_000;
    static final int MAX_SYMBOLS = 50;
    static final int MAX_DIRECT_QUERIES = 200;
    private static final int PAGE = 1000;

    private final InstrumentRepository instruments;
    private final CandleRepository candles;
    private final Map<String, Instant> firstFill;
    private final Instant lastFill;
    private final Map<String, Series> series = new HashMap<>();
    private final Map<String, List<Candle>> direct = new HashMap<>();
    private int lookedUp;
    private int directQueries;
    private int barsRead;

    /** A symbol's loaded bars; {@code instrument} null for a symbol without market data. */
    private record Series(Instrument instrument, InMemoryMarketContext bars, Instant loadedFrom, boolean capped) {
    }

    private static final Series NONE = new Series(null, null, null, false);

    private StoredMarketContext(InstrumentRepository instruments, CandleRepository candles,
                                Map<String, Instant> firstFill, Instant lastFill) {
        this.instruments = instruments;
        this.candles = candles;
        this.firstFill = firstFill;
        this.lastFill = lastFill;
    }

    /** A context for analysing {@code fills}: the span to load per symbol comes from their times. */
    public static StoredMarketContext forFills(InstrumentRepository instruments, CandleRepository candles,
                                               List<Fill> fills) {
        Map<String, Instant> first = new HashMap<>();
        Instant last = null;
        for (Fill fill : fills) {
            first.merge(fill.symbol(), fill.time(), (a, b) -> a.isBefore(b) ? a : b);
            last = last == null || fill.time().isAfter(last) ? fill.time() : last;
        }
        return new StoredMarketContext(instruments, candles, first, last);
    }

    /** Bars read from DynamoDB so far (for the log). */
    public int barsRead() {
        return barsRead;
    }

    int directQueries() {
        return directQueries;
    }

    @Override
    public List<Candle> closedBarsBefore(String symbol, Instant time, int count) {
        if (count <= 0) {
            return List.of();
        }
        Series s = series.computeIfAbsent(symbol, this::load);
        if (s.instrument() == null) {
            return List.of();
        }
        List<Candle> bars = s.bars().closedBarsBefore(symbol, time, count);
        if (bars.size() >= count || !mayHaveOlder(s, symbol, time, count)) {
            return bars;
        }
        if (directQueries >= MAX_DIRECT_QUERIES) {
            return bars;
        }
        return direct.computeIfAbsent(symbol + "|" + time + "|" + count, k -> query(s.instrument(), time, count));
    }

    /** Whether bars older than those loaded may exist for this question. */
    private boolean mayHaveOlder(Series s, String symbol, Instant time, int count) {
        if (s.loadedFrom() == null) {
            return s.capped();
        }
        Instant first = firstFill.get(symbol);
        boolean beforeTheSpan = first == null || time.isBefore(first);
        boolean pastTheCap = s.capped() && time.isBefore(s.loadedFrom().plus(margin(s.instrument(), count + 2)));
        return beforeTheSpan || pastTheCap;
    }

    private Series load(String symbol) {
        Instant first = firstFill.get(symbol);
        if (first == null || lookedUp >= MAX_SYMBOLS) {
            return NONE;
        }
        lookedUp++;
        Instrument instrument = instruments.find(symbol).orElse(null);
        if (instrument == null) {
            return NONE;
        }
        Instant from = first.minus(margin(instrument, MARGIN_BARS));
        List<Candle> newestFirst = new ArrayList<>();
        String cursor = null;
        do {
            int limit = Math.min(PAGE, MAX_BARS_PER_SYMBOL - newestFirst.size());
            CandleRepository.CandlePage page = candles.page(symbol, instrument.interval(), from, lastFill, limit,
                    cursor, true);
            newestFirst.addAll(page.candles());
            cursor = page.nextCursor();
        } while (cursor != null && newestFirst.size() < MAX_BARS_PER_SYMBOL);
        barsRead += newestFirst.size();
        boolean capped = cursor != null;
        Instant loadedFrom = newestFirst.isEmpty() ? null : newestFirst.getLast().openTime();
        InMemoryMarketContext bars = InMemoryMarketContext.of(Map.of(symbol, newestFirst),
                Map.of(symbol, instrument.calendar()));
        return new Series(instrument, bars, capped ? loadedFrom : from, capped);
    }

    /** The calendar time {@code bars} bars of this instrument span at least (stocks: weekends and holidays too). */
    private static Duration margin(Instrument instrument, int bars) {
        Duration span = instrument.interval().duration().multipliedBy(bars);
        return instrument.assetClass() == AssetClass.CRYPTO ? span : span.multipliedBy(2).plusDays(7);
    }

    private List<Candle> query(Instrument instrument, Instant time, int count) {
        directQueries++;
        // Bars opened at or before time; the newest may still be forming, so ask for one more and drop it.
        List<Candle> window = candles.window(instrument.symbol(), instrument.interval(), time, count + 1);
        barsRead += window.size();
        List<Candle> closed = window.stream().filter(c -> instrument.calendar().isClosed(c, time)).toList();
        if (closed.isEmpty() || instrument.calendar().isStale(instrument.interval(), closed.getLast().openTime(),
                time)) {
            return List.of();
        }
        return closed.size() <= count ? closed : closed.subList(closed.size() - count, closed.size());
    }
}
