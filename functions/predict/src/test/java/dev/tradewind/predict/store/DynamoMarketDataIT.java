package dev.tradewind.predict.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.LocalDynamoDb;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.Key;

class DynamoMarketDataIT {

    private static final Instrument BTC = new Instrument("BTCUSDT", "Bitcoin", AssetClass.CRYPTO, "BINANCE", "USDT",
            Interval.H1);

    private final AtomicLong nanos = new AtomicLong();
    private InstrumentRepository catalog;
    private DynamoMarketData market;

    @BeforeEach
    void emptyTable() {
        LocalDynamoDb.truncateAll();
        String table = LocalDynamoDb.environment("PredictFunction").get("MARKET_TABLE");
        var enhanced = DynamoDbClients.enhanced(LocalDynamoDb.client());
        catalog = new InstrumentRepository(enhanced, table);
        market = new DynamoMarketData(enhanced, table, nanos::get);
    }

    private void deleteFromCatalog() {
        catalog.table().deleteItem(Key.builder().partitionValue(InstrumentRepository.partitionKey("BTCUSDT"))
                .sortValue("INSTRUMENT").build());
    }

    @Test
    void instrumentsFound_areKeptForFiveMinutes_unknownOnesNever() {
        assertEquals(Optional.empty(), market.instrument("BTCUSDT"));
        catalog.put(BTC);
        assertEquals(Optional.of(BTC), market.instrument("BTCUSDT"), "a miss is not remembered");

        deleteFromCatalog();
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(DynamoMarketData.INSTRUMENT_TTL_SECONDS) - 1);
        assertEquals(Optional.of(BTC), market.instrument("BTCUSDT"));
        nanos.addAndGet(1);
        assertEquals(Optional.empty(), market.instrument("BTCUSDT"));
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
}
