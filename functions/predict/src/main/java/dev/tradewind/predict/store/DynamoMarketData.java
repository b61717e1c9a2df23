package dev.tradewind.predict.store;

import dev.tradewind.predict.domain.MarketData;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.CachedInstruments;
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
import java.util.function.LongSupplier;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;

/**
 * The market-data table through the shared repositories (read only: the predict function never writes it).
 *
 * <p>Instruments are looked up through {@link CachedInstruments}.
 *
 * <p>Which candle is the latest closed one decides whether a forecast is current, so it is kept only while no other
 * can be: when the table's latest closed bar is the newest one the calendar has closed by now, it is kept until the
 * next bar closes (a closed bar does not change, and no newer one can close before). A series whose newest bar has
 * not arrived yet is read again on every call, so the bar is served as soon as it is stored.
 */
public final class DynamoMarketData implements MarketData {

    private static final int MAX_CACHED_SERIES = 20_000;

    private final InstrumentRepository instruments;
    private final CachedInstruments cachedInstruments;
    private final CandleRepository candles;
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();

    /** A series' latest closed bar, closed at {@code closedAt}, and when the bar after it closes. */
    private record Latest(Candle candle, Instant closedAt, Instant nextClose) {
    }

    public DynamoMarketData(DynamoDbEnhancedClient client, String tableName) {
        this(client, tableName, System::nanoTime);
    }

    DynamoMarketData(DynamoDbEnhancedClient client, String tableName, LongSupplier nanoTime) {
        this.instruments = new InstrumentRepository(client, tableName);
        this.cachedInstruments = new CachedInstruments(instruments, nanoTime);
        this.candles = new CandleRepository(client, tableName);
    }

    @Override
    public Optional<Instrument> instrument(String symbol) {
        return cachedInstruments.find(symbol);
    }

    @Override
    public void forgetCached() {
        cachedInstruments.forget();
        latest.clear();
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
        String series = CandleRepository.partitionKey(symbol, interval);
        Latest known = latest.get(series);
        if (known != null && !now.isBefore(known.closedAt()) && now.isBefore(known.nextClose())) {
            return Optional.of(known.candle());
        }
        return remembered(series, interval, calendar, now, candles.latestClosed(symbol, interval, calendar, now));
    }

    @Override
    public Optional<Candle> latestClosedAfterWrites(String symbol, Interval interval, MarketCalendar calendar,
                                                    Instant now) {
        return remembered(CandleRepository.partitionKey(symbol, interval), interval, calendar, now,
                candles.latestClosedAfterWrites(symbol, interval, calendar, now));
    }

    /** Keeps {@code found} while no newer bar can close, or forgets what was kept. */
    private Optional<Candle> remembered(String series, Interval interval, MarketCalendar calendar, Instant now,
                                        Optional<Candle> found) {
        Instant nextClose = found.map(c -> calendar.closeTime(interval, calendar.nextOpenTime(interval, c.openTime())))
                .orElse(null);
        if (nextClose != null && now.isBefore(nextClose)) {
            if (latest.size() >= MAX_CACHED_SERIES) {
                latest.clear();
            }
            Candle candle = found.get();
            latest.put(series, new Latest(candle, calendar.closeTime(interval, candle.openTime()), nextClose));
        } else {
            latest.remove(series);
        }
        return found;
    }

    @Override
    public List<Candle> window(String symbol, Interval interval, Instant asOf, int count) {
        return candles.window(symbol, interval, asOf, count);
    }

    @Override
    public List<Candle> windowAfterWrites(String symbol, Interval interval, Instant asOf, int count) {
        return candles.windowAfterWrites(symbol, interval, asOf, count);
    }

    @Override
    public List<Candle> after(String symbol, Interval interval, Instant openTime, Instant until, int count) {
        return candles.page(symbol, interval, openTime.plusSeconds(1), until, count, null, false).candles();
    }
}
