package dev.tradewind.market.service;

import dev.tradewind.market.api.Views;
import dev.tradewind.market.domain.series.SeriesState;
import dev.tradewind.market.store.SeriesStateRepository;
import dev.tradewind.shared.dynamo.PageCursor;
import dev.tradewind.shared.http.ApiException;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import dev.tradewind.shared.market.NyseCalendar;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The market-data reads behind the HTTP routes: catalog search over the class index, an instrument with its latest
 * closed candle, change and staleness, candle pages, and a market summary from the ingestion state. Queries and
 * gets only, never a Scan; every page has an opaque cursor checked against the partition it continues.
 */
public final class MarketDataService {

    /** Catalog entries evaluated per DynamoDB page, and pages per request, when searching with a filter. */
    static final int SEARCH_PAGE = 200;
    static final int SEARCH_MAX_PAGES = 5;
    static final int SUMMARY_PRICES = 200;
    static final int MOVERS = 5;
    /** Hourly series compare with the bar 24 hours earlier. */
    static final Duration CHANGE_LOOKBACK = Duration.ofHours(24);

    private final CandleRepository candles;
    private final InstrumentRepository instruments;
    private final SeriesStateRepository states;
    private final DynamoDbIndex<Instrument> catalog;
    private final Clock clock;

    public MarketDataService(DynamoDbEnhancedClient client, String tableName, Clock clock) {
        this.candles = new CandleRepository(client, tableName);
        this.instruments = new InstrumentRepository(client, tableName);
        this.states = new SeriesStateRepository(client, tableName);
        this.catalog = instruments.table().index(InstrumentRepository.CATALOG_INDEX);
        this.clock = clock;
    }

    /** Instruments whose symbol starts with {@code query} or whose name contains it (case-insensitive), by class then symbol. */
    public Views.AssetPage listAssets(String query, AssetClass assetClass, int limit, String cursor) {
        List<AssetClass> classes = assetClass != null ? List.of(assetClass) : List.of(AssetClass.values());
        int classIndex = 0;
        Map<String, AttributeValue> start = null;
        if (cursor != null) {
            Map<String, AttributeValue> key = PageCursor.decode(cursor, Map.of());
            AttributeValue partition = key.get("gsi1pk");
            classIndex = -1;
            for (int i = 0; i < classes.size(); i++) {
                if (partition != null && InstrumentRepository.catalogPartition(classes.get(i)).equals(partition.s())) {
                    classIndex = i;
                }
            }
            if (classIndex < 0 || !validCatalogKey(key)) {
                throw invalidCursor();
            }
            start = key.size() == 1 ? null : key;
        }
        Expression filter = query == null ? null : Expression.builder()
                .expression("begins_with(#symbol, :prefix) OR contains(#nameLower, :needle)")
                .expressionNames(Map.of("#symbol", "symbol", "#nameLower", "nameLower"))
                .expressionValues(Map.of(":prefix", AttributeValue.fromS(query.toUpperCase(Locale.ROOT)),
                        ":needle", AttributeValue.fromS(query.toLowerCase(Locale.ROOT))))
                .build();
        List<Views.Asset> items = new ArrayList<>(limit);
        int pages = 0;
        for (int ci = classIndex; ci < classes.size(); ci++) {
            String partition = InstrumentRepository.catalogPartition(classes.get(ci));
            Map<String, AttributeValue> exclusive = ci == classIndex ? start : null;
            boolean lastClass = ci == classes.size() - 1;
            while (true) {
                QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(partition).build()))
                        .exclusiveStartKey(exclusive)
                        .limit(filter == null ? Math.min(limit - items.size() + 1, 100) : SEARCH_PAGE);
                if (filter != null) {
                    request.filterExpression(filter);
                }
                Iterator<Page<Instrument>> iterator = catalog.query(request.build()).iterator();
                Page<Instrument> page = iterator.hasNext() ? iterator.next() : null;
                pages++;
                Map<String, AttributeValue> last = page == null ? null : page.lastEvaluatedKey();
                boolean partitionDone = last == null || last.isEmpty();
                List<Instrument> found = page == null ? List.of() : page.items();
                for (int i = 0; i < found.size(); i++) {
                    items.add(Views.Asset.of(found.get(i)));
                    if (items.size() == limit) {
                        boolean more = i < found.size() - 1 || !partitionDone || !lastClass;
                        String next = !more ? null : i == found.size() - 1 && partitionDone
                                ? PageCursor.encode(Map.of("gsi1pk", AttributeValue.fromS(
                                        InstrumentRepository.catalogPartition(classes.get(ci + 1)))))
                                : PageCursor.encode(catalogKey(found.get(i)));
                        return new Views.AssetPage(items, next);
                    }
                }
                if (partitionDone) {
                    break;
                }
                exclusive = last;
                if (pages >= SEARCH_MAX_PAGES) {
                    // Bounded work per request: hand back what was found and where to continue.
                    return new Views.AssetPage(items, PageCursor.encode(last));
                }
            }
        }
        return new Views.AssetPage(items, null);
    }

    private static boolean validCatalogKey(Map<String, AttributeValue> key) {
        if (key.size() == 1) {
            return true;
        }
        if (!key.keySet().equals(Set.of("pk", "sk", "gsi1pk", "gsi1sk"))) {
            return false;
        }
        String symbol = key.get("gsi1sk").s();
        return symbol != null && InstrumentRepository.partitionKey(symbol).equals(key.get("pk").s())
                && "INSTRUMENT".equals(key.get("sk").s());
    }

    private static Map<String, AttributeValue> catalogKey(Instrument i) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put("pk", AttributeValue.fromS(InstrumentRepository.partitionKey(i.symbol())));
        key.put("sk", AttributeValue.fromS("INSTRUMENT"));
        key.put("gsi1pk", AttributeValue.fromS(InstrumentRepository.catalogPartition(i.assetClass())));
        key.put("gsi1sk", AttributeValue.fromS(i.symbol()));
        return key;
    }

    private static ApiException invalidCursor() {
        return ApiException.badRequest("INVALID_CURSOR", "cursor is not valid for this request");
    }

    public Instrument instrument(String symbol) {
        return instruments.find(symbol).orElseThrow(() -> ApiException.notFound("No instrument with symbol " + symbol));
    }

    /**
     * The open time of the bar the change is measured against: 24 hours before the latest bar, or for daily stock
     * bars the previous session (so Monday compares with Friday).
     */
    static Instant referenceOpen(AssetClass assetClass, Interval interval, Instant latestOpen) {
        if (assetClass == AssetClass.STOCK && interval == Interval.D1) {
            LocalDate day = NyseCalendar.tradingDate(latestOpen).minusDays(1);
            while (!NyseCalendar.isTradingDay(day)) {
                day = day.minusDays(1);
            }
            return NyseCalendar.sessionOpen(day);
        }
        return latestOpen.minus(CHANGE_LOOKBACK);
    }

    static Views.Change change(Interval interval, BigDecimal latestClose, Candle reference) {
        if (reference == null || reference.close().signum() == 0) {
            return null;
        }
        BigDecimal absolute = latestClose.subtract(reference.close());
        return new Views.Change(interval == Interval.H1 ? "24h" : "1d", reference.openTime(), reference.close(),
                Candle.canonical(absolute),
                absolute.multiply(BigDecimal.valueOf(100)).divide(reference.close(), 4, RoundingMode.HALF_EVEN));
    }

    /** The instrument with its latest closed candle, the change over 24 h (hourly) or one session (daily), staleness. */
    public Views.AssetDetail asset(String symbol) {
        Instrument instrument = instrument(symbol);
        Instant now = clock.instant();
        MarketCalendar calendar = instrument.calendar();
        Optional<Candle> latest = candles.latestClosed(symbol, instrument.interval(), calendar, now);
        Views.Change change = null;
        Instant staleAfter = null;
        if (latest.isPresent()) {
            Candle l = latest.get();
            Instant twoLater = calendar.nextOpenTime(l.interval(), calendar.nextOpenTime(l.interval(), l.openTime()));
            staleAfter = calendar.closeTime(l.interval(), twoLater).plus(MarketCalendar.STALENESS_GRACE);
            Candle reference = candles.find(symbol, instrument.interval(),
                    referenceOpen(instrument.assetClass(), instrument.interval(), l.openTime())).orElse(null);
            change = change(instrument.interval(), l.close(), reference);
        }
        boolean stale = latest.isEmpty() || calendar.isStale(instrument.interval(), latest.get().openTime(), now);
        return new Views.AssetDetail(instrument.symbol(), instrument.name(), instrument.assetClass(), instrument.exchange(),
                instrument.quoteCurrency(), instrument.interval(), latest.map(Candle::close).orElse(null),
                latest.map(c -> Views.Bar.of(c, calendar)).orElse(null), latest.map(Candle::openTime).orElse(null),
                change, stale, staleAfter, now);
    }

    public Views.CandlePage candles(Instrument instrument, Instant from, Instant to, int limit, boolean newestFirst,
                                    String cursor) {
        CandleRepository.CandlePage page = candles.page(instrument.symbol(), instrument.interval(), from, to, limit,
                cursor, newestFirst);
        MarketCalendar calendar = instrument.calendar();
        return new Views.CandlePage(instrument.symbol(), instrument.interval(), newestFirst ? "newest" : "oldest",
                page.candles().stream().map(c -> Views.Bar.of(c, calendar)).toList(), page.nextCursor());
    }

    /**
     * Latest prices, top movers and stale counts per class: the series' latest bars from the ingestion state (one
     * Query per class and interval), their reference bars for the change in BatchGetItem calls of 100.
     */
    public Views.MarketSummary summary(AssetClass assetClass) {
        Instant now = clock.instant();
        List<Views.ClassSummary> classes = new ArrayList<>();
        for (AssetClass cls : assetClass != null ? List.of(assetClass) : List.of(AssetClass.values())) {
            MarketCalendar calendar = MarketCalendar.of(cls);
            List<Views.Quote> quotes = new ArrayList<>();
            for (Interval interval : Interval.values()) {
                List<SeriesState> series = new ArrayList<>();
                states.all(cls, interval).forEach(bucket -> series.addAll(bucket.series().values()));
                Map<String, Candle> references = new HashMap<>();
                candles.findAll(series.stream().filter(s -> s.latest() != null)
                                .map(s -> new CandleRepository.CandleKey(s.symbol(), interval,
                                        referenceOpen(cls, interval, s.latest())))
                                .toList())
                        .forEach(c -> references.put(c.symbol(), c));
                for (SeriesState s : series) {
                    boolean stale = s.latest() == null || calendar.isStale(interval, s.latest(), now);
                    Views.Change change = s.lastClose() == null ? null
                            : change(interval, s.lastClose(), references.get(s.symbol()));
                    quotes.add(new Views.Quote(s.symbol(), interval, s.lastClose(),
                            change == null ? null : change.percent(), s.latest(), stale, s.lastFailure()));
                }
            }
            quotes.sort(Comparator.comparing(Views.Quote::symbol));
            List<Views.Quote> moving = quotes.stream().filter(q -> q.changePercent() != null).toList();
            classes.add(new Views.ClassSummary(cls, quotes.size(), (int) quotes.stream().filter(Views.Quote::stale).count(),
                    (int) quotes.stream().filter(q -> q.lastFailure() != null).count(),
                    quotes.subList(0, Math.min(SUMMARY_PRICES, quotes.size())), quotes.size() > SUMMARY_PRICES,
                    moving.stream().filter(q -> q.changePercent().signum() > 0)
                            .sorted(Comparator.comparing(Views.Quote::changePercent).reversed()).limit(MOVERS).toList(),
                    moving.stream().filter(q -> q.changePercent().signum() < 0)
                            .sorted(Comparator.comparing(Views.Quote::changePercent)).limit(MOVERS).toList()));
        }
        return new Views.MarketSummary(now, classes);
    }
}
