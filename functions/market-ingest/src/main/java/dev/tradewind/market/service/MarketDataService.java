package dev.tradewind.market.service;

import dev.tradewind.market.domain.AssetSnapshot;
import dev.tradewind.market.domain.Change;
import dev.tradewind.market.domain.IndicatorSeries;
import dev.tradewind.market.domain.MarketSummary;
import dev.tradewind.market.domain.series.SeriesState;
import dev.tradewind.market.store.InstrumentCatalog;
import dev.tradewind.market.store.SeriesStateRepository;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.CachedInstruments;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;

/**
 * The market-data reads behind the HTTP routes: catalog search over the class index, an instrument with its latest
 * closed candle, change and staleness, candle pages, and a market summary from the ingestion state. Queries and
 * gets only, never a Scan; every page has an opaque cursor checked against the partition it continues.
 */
public final class MarketDataService {

    static final int SUMMARY_PRICES = 200;
    static final int MOVERS = 5;

    private final CandleRepository candles;
    private final CachedInstruments instruments;
    private final InstrumentCatalog catalog;
    private final SeriesStateRepository states;
    private final Clock clock;

    public MarketDataService(DynamoDbEnhancedClient client, String tableName, Clock clock) {
        this.candles = new CandleRepository(client, tableName);
        this.instruments = new CachedInstruments(new InstrumentRepository(client, tableName));
        this.catalog = new InstrumentCatalog(client, tableName);
        this.states = new SeriesStateRepository(client, tableName);
        this.clock = clock;
    }

    /** Instruments whose symbol starts with {@code query} or whose name contains it (case-insensitive), by class then symbol. */
    public Page<Instrument> listAssets(String query, AssetClass assetClass, int limit, String cursor) {
        return catalog.search(query, assetClass, limit, cursor);
    }

    /** Forgets the instruments kept in memory, so each is read again (after a SnapStart restore). */
    public void forgetCached() {
        instruments.forget();
    }

    public Instrument instrument(String symbol) {
        return instruments.find(symbol).orElseThrow(() -> new NotFoundException("No instrument with symbol " + symbol));
    }

    /** The instrument with its latest closed candle, the change over 24 h (hourly) or one session (daily), staleness. */
    public AssetSnapshot asset(String symbol) {
        Instrument instrument = instrument(symbol);
        Instant now = clock.instant();
        MarketCalendar calendar = instrument.calendar();
        Optional<Candle> latest = candles.latestClosed(symbol, instrument.interval(), calendar, now);
        Change change = null;
        Instant staleAfter = null;
        if (latest.isPresent()) {
            Candle l = latest.get();
            staleAfter = calendar.staleAfter(l.interval(), l.openTime());
            Candle reference = candles.find(symbol, instrument.interval(),
                    Change.referenceOpen(instrument.assetClass(), instrument.interval(), l.openTime())).orElse(null);
            change = Change.of(instrument.interval(), l.close(), reference);
        }
        boolean stale = latest.isEmpty() || calendar.isStale(instrument.interval(), latest.get().openTime(), now);
        return new AssetSnapshot(instrument, latest.orElse(null), change, stale, staleAfter, now);
    }

    public Page<Candle> candles(Instrument instrument, Instant from, Instant to, int limit, boolean newestFirst,
                                String cursor) {
        CandleRepository.CandlePage page = candles.page(instrument.symbol(), instrument.interval(), from, to, limit,
                cursor, newestFirst);
        return new Page<>(page.candles(), page.nextCursor());
    }

    /**
     * Indicators of the instrument's bars that have closed by now (never the one still forming) and opened in
     * [{@code from}, {@code to}], the newest {@code limit} of them, each over the {@link IndicatorSeries#window} bars
     * ending at it: one Query of at most limit + window + 1 bars.
     */
    public IndicatorSeries indicators(Instrument instrument, Set<IndicatorSeries.Name> names, Integer period,
                                      Instant from, Instant to, int limit) {
        Instant now = clock.instant();
        Instant until = to == null || to.isAfter(now) ? now : to;
        MarketCalendar calendar = instrument.calendar();
        int bars = limit + IndicatorSeries.window(period) + 1;
        List<Candle> closed = candles.window(instrument.symbol(), instrument.interval(), until, bars).stream()
                .filter(c -> calendar.isClosed(c, now)).toList();
        return IndicatorSeries.compute(closed, names, period, from, limit);
    }

    /**
     * Latest prices, top movers and stale counts per class: the series' latest bars from the ingestion state (one
     * Query per class and interval), their reference bars for the change in BatchGetItem calls of 100.
     */
    public MarketSummary summary(AssetClass assetClass) {
        Instant now = clock.instant();
        List<MarketSummary.ClassSummary> classes = new ArrayList<>();
        for (AssetClass cls : assetClass != null ? List.of(assetClass) : List.of(AssetClass.values())) {
            MarketCalendar calendar = MarketCalendar.of(cls);
            List<MarketSummary.Quote> quotes = new ArrayList<>();
            for (Interval interval : Interval.values()) {
                List<SeriesState> series = new ArrayList<>();
                states.all(cls, interval).forEach(bucket -> series.addAll(bucket.series().values()));
                Map<String, Candle> references = new HashMap<>();
                candles.findAll(series.stream().filter(s -> s.latest() != null)
                                .map(s -> new CandleRepository.CandleKey(s.symbol(), interval,
                                        Change.referenceOpen(cls, interval, s.latest())))
                                .toList())
                        .forEach(c -> references.put(c.symbol(), c));
                for (SeriesState s : series) {
                    boolean stale = s.latest() == null || calendar.isStale(interval, s.latest(), now);
                    Change change = s.lastClose() == null ? null
                            : Change.of(interval, s.lastClose(), references.get(s.symbol()));
                    quotes.add(new MarketSummary.Quote(s.symbol(), interval, s.lastClose(),
                            change == null ? null : change.percent(), s.latest(), stale, s.lastFailure()));
                }
            }
            classes.add(MarketSummary.ClassSummary.of(cls, quotes, SUMMARY_PRICES, MOVERS));
        }
        return new MarketSummary(now, classes);
    }
}
