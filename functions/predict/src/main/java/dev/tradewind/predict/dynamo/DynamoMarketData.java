package dev.tradewind.predict.dynamo;

import dev.tradewind.predict.prediction.MarketData;
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
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;

/** The market-data table through the shared repositories (read only: the predict function never writes it). */
public final class DynamoMarketData implements MarketData {

    /** Far enough ahead for an open-ended candle range. */
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");

    private final InstrumentRepository instruments;
    private final CandleRepository candles;

    public DynamoMarketData(DynamoDbEnhancedClient client, String tableName) {
        this.instruments = new InstrumentRepository(client, tableName);
        this.candles = new CandleRepository(client, tableName);
    }

    @Override
    public Optional<Instrument> instrument(String symbol) {
        return instruments.find(symbol);
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
