package dev.tradewind.predict.store;

import dev.tradewind.predict.domain.MarketData;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;

/**
 * The market-data table through the shared repositories (read only: the predict function never writes it).
 *
 * <p>Instruments found are kept in memory for {@value #INSTRUMENT_TTL_SECONDS} seconds: what makes a forecast
 * (asset class, interval) changes rarely, and it saves one of the three reads of a cached forecast. Symbols not
 * found are not kept, so a newly listed instrument is served at once. Candles are never cached: which candle is
 * the latest decides whether a forecast is current.
 */
public final class DynamoMarketData implements MarketData {

    /** Far enough ahead for an open-ended candle range. */
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");
    static final long INSTRUMENT_TTL_SECONDS = 300;
    private static final int MAX_CACHED_INSTRUMENTS = 20_000;

    private final InstrumentRepository instruments;
    private final CandleRepository candles;
    private final LongSupplier nanoTime;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Instrument instrument, long loadedAt) {
    }

    public DynamoMarketData(DynamoDbEnhancedClient client, String tableName) {
        this(client, tableName, System::nanoTime);
    }

    DynamoMarketData(DynamoDbEnhancedClient client, String tableName, LongSupplier nanoTime) {
        this.instruments = new InstrumentRepository(client, tableName);
        this.candles = new CandleRepository(client, tableName);
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<Instrument> instrument(String symbol) {
        long now = nanoTime.getAsLong();
        Cached cached = cache.get(symbol);
        if (cached != null && now - cached.loadedAt() < TimeUnit.SECONDS.toNanos(INSTRUMENT_TTL_SECONDS)) {
            return Optional.of(cached.instrument());
        }
        Optional<Instrument> found = instruments.find(symbol);
        if (found.isPresent()) {
            if (cache.size() >= MAX_CACHED_INSTRUMENTS) {
                cache.clear();
            }
            cache.put(symbol, new Cached(found.get(), now));
        } else {
            cache.remove(symbol);
        }
        return found;
    }

    @Override
    public void forgetCached() {
        cache.clear();
    }

    @Override
    public List<Instrument> instruments(AssetClass assetClass) {
        List<Instrument> out = new ArrayList<>();
        var pages = instruments.table().index(InstrumentRepository.CATALOG_INDEX).query(QueryConditional.keyEqualTo(
                k -> k.partitionValue(InstrumentRepository.catalogPartition(assetClass))));
        for (Page<Instrument> page : pages) {
            out.addAll(page.items());
        }
        return out;
    }

    @Override
    public Optional<Candle> latestClosed(String symbol, Interval interval, MarketCalendar calendar, Instant now) {
        return candles.latestClosed(symbol, interval, calendar, now);
    }

    @Override
    public List<Candle> window(String symbol, Interval interval, Instant asOf, int count) {
        return candles.window(symbol, interval, asOf, count);
    }

    @Override
    public List<Candle> after(String symbol, Interval interval, Instant openTime, int count) {
        return candles.page(symbol, interval, openTime.plusSeconds(1), END_OF_TIME, count, null, false).candles();
    }
}
