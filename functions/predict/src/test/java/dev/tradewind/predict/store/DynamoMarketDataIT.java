package dev.tradewind.predict.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.MarketCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import dev.tradewind.testing.LocalDynamoDb;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoMarketDataIT {

    private static final Instrument BTC = new Instrument("BTCUSDT", "Bitcoin", AssetClass.CRYPTO, "BINANCE", "USDT",
            Interval.H1);

    private static final MarketCalendar HOURLY = MarketCalendar.of(AssetClass.CRYPTO);

    private final AtomicLong nanos = new AtomicLong();
    private String table;
    private InstrumentRepository catalog;
    private CandleRepository candles;
    private DynamoMarketData market;

    @BeforeEach
    void emptyTable() {
        LocalDynamoDb.truncateAll();
        table = LocalDynamoDb.environment("PredictFunction").get("MARKET_TABLE");
        var enhanced = DynamoDbClients.enhanced(LocalDynamoDb.client());
        catalog = new InstrumentRepository(enhanced, table);
        candles = new CandleRepository(enhanced, table);
        market = new DynamoMarketData(enhanced, table, nanos::get);
    }

    private void deleteFromCatalog() {
        catalog.table().deleteItem(Key.builder().partitionValue(InstrumentRepository.partitionKey("BTCUSDT"))
                .sortValue("INSTRUMENT").build());
    }

    @Test
    void forgetCached_readsTheCatalogAgain() {
        catalog.put(BTC);
        market.instrument("BTCUSDT");
        deleteFromCatalog();

        market.forgetCached();

        assertTrue(market.instrument("BTCUSDT").isEmpty());
    }

    @Test
    void instrumentsOfAClass_comeFromTheCatalogIndex() {
        catalog.put(BTC);
        catalog.put(new Instrument("AAPL", "Apple", AssetClass.STOCK, "NASDAQ", "USD", Interval.D1));
        assertEquals(java.util.List.of(BTC), market.instruments(AssetClass.CRYPTO));
    }

    @Test
    void latestClosed_whenItIsTheNewestBarClosedByNow_isKeptUntilTheNextBarCloses() {
        candles.putAll(List.of(bar("08:00"), bar("09:00"), bar("10:00")));
        assertEquals(time("09:00"), market.latestClosed("BTCUSDT", Interval.H1, HOURLY, time("10:10")).orElseThrow()
                .openTime());

        deleteBar("09:00");

        assertEquals(time("09:00"), market.latestClosed("BTCUSDT", Interval.H1, HOURLY, time("10:59:59"))
                .orElseThrow().openTime(), "kept: no other bar can be the latest closed one before 11:00");
        assertEquals(time("10:00"), market.latestClosed("BTCUSDT", Interval.H1, HOURLY, time("11:00")).orElseThrow()
                .openTime(), "read again once the next bar has closed");
    }

    @Test
    void latestClosed_ofASeriesWhoseNewestBarIsLate_isReadOnEveryCall() {
        candles.putAll(List.of(bar("08:00")));
        assertEquals(time("08:00"), market.latestClosed("BTCUSDT", Interval.H1, HOURLY, time("10:10")).orElseThrow()
                .openTime());

        candles.putAll(List.of(bar("09:00")));

        assertEquals(time("09:00"), market.latestClosed("BTCUSDT", Interval.H1, HOURLY, time("10:11")).orElseThrow()
                .openTime());
    }

    @Test
    void latestClosed_afterForgetCached_isReadAgain() {
        candles.putAll(List.of(bar("08:00"), bar("09:00")));
        market.latestClosed("BTCUSDT", Interval.H1, HOURLY, time("10:10"));
        deleteBar("09:00");

        market.forgetCached();

        assertEquals(time("08:00"), market.latestClosed("BTCUSDT", Interval.H1, HOURLY, time("10:10")).orElseThrow()
                .openTime());
    }

    private static Instant time(String clock) {
        return Instant.parse("2026-03-02T" + (clock.length() == 5 ? clock + ":00" : clock) + "Z");
    }

    private static Candle bar(String hour) {
        BigDecimal price = new BigDecimal("100");
        return new Candle("BTCUSDT", Interval.H1, time(hour), price, price, price, price, BigDecimal.ONE);
    }

    private void deleteBar(String hour) {
        LocalDynamoDb.client().deleteItem(r -> r.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS(CandleRepository.partitionKey("BTCUSDT", Interval.H1)),
                "sk", AttributeValue.fromS(CandleRepository.sortKey(time(hour))))));
    }
}
