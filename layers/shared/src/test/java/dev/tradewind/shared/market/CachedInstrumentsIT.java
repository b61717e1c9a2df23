package dev.tradewind.shared.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.testing.LocalDynamoDb;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.Key;

class CachedInstrumentsIT {

    private static final Instrument BTC = new Instrument("BTCUSDT", "Bitcoin", AssetClass.CRYPTO, "BINANCE", "USDT",
            Interval.H1);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private InstrumentRepository catalog;
    private CachedInstruments instruments;

    @BeforeEach
    void setUp() {
        LocalDynamoDb.truncate("MarketDataTable");
        String table = LocalDynamoDb.environment("MarketDataFunction").get("MARKET_TABLE");
        catalog = new InstrumentRepository(DynamoDbClients.enhanced(LocalDynamoDb.client()), table);
        instruments = new CachedInstruments(catalog, nanos::get);
    }

    private void deleteFromCatalog() {
        catalog.table().deleteItem(Key.builder().partitionValue(InstrumentRepository.partitionKey("BTCUSDT"))
                .sortValue("INSTRUMENT").build());
    }

    @Test
    void find_keepsAFoundInstrumentForFiveMinutes_andAMissNever() {
        assertEquals(Optional.empty(), instruments.find("BTCUSDT"));
        catalog.put(BTC);
        assertEquals(Optional.of(BTC), instruments.find("BTCUSDT"), "a miss is not remembered");

        deleteFromCatalog();
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(CachedInstruments.TTL_SECONDS) - 1);
        assertEquals(Optional.of(BTC), instruments.find("BTCUSDT"));
        nanos.addAndGet(1);
        assertEquals(Optional.empty(), instruments.find("BTCUSDT"));
    }

    @Test
    void find_ofAnEntryFromAnotherMonotonicClock_readsAgain() {
        catalog.put(BTC);
        instruments.find("BTCUSDT");
        deleteFromCatalog();

        // After a SnapStart restore the monotonic clock may stand before the entry's time.
        nanos.addAndGet(-1);

        assertTrue(instruments.find("BTCUSDT").isEmpty());
    }

    @Test
    void forget_readsEveryInstrumentAgain() {
        catalog.put(BTC);
        instruments.find("BTCUSDT");
        deleteFromCatalog();

        instruments.forget();

        assertTrue(instruments.find("BTCUSDT").isEmpty());
    }
}
