package dev.tradewind.system;

import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.testing.Repository;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Writes real bundled candles straight into a running local runtime's DynamoDB, for tests that need prices at a
 * known replay time without waiting for scheduled ingestion. Start such runtimes with {@link #REPLAY} so the
 * candles below are the latest closed ones.
 */
final class MarketSeed {

    /** Replay from Tuesday 2022-01-04 15:00 UTC at wall speed: BTC's 14:00 bar and AAPL's Monday bar are the latest. */
    static final String[] REPLAY = {"--replay-start", "2022-01-04T15:00:00Z", "--replay-speed", "1"};

    private static final BundledHistory HISTORY = BundledHistory.load(Repository.path("data/market"));

    private MarketSeed() {
    }

    static void seed(RuntimeProcess runtime) {
        try (DynamoDbClient client = DynamoDbLocalServer.clientFor(runtime.dynamoDbEndpoint())) {
            seed(client);
        }
    }

    /** The catalog, BTCUSDT's hourly candles of 2022-01-03 to -07 and AAPL's daily ones around them. */
    static void seed(DynamoDbClient client) {
        var enhanced = DynamoDbClients.enhanced(client);
        new InstrumentRepository(enhanced, "MarketDataTable").putAll(HISTORY.instruments());
        CandleRepository candles = new CandleRepository(enhanced, "MarketDataTable");
        candles.putAll(window("BTCUSDT", "2022-01-03T00:00:00Z", "2022-01-08T00:00:00Z"));
        candles.putAll(window("AAPL", "2021-12-20T00:00:00Z", "2022-01-20T00:00:00Z"));
    }

    /** Writes the catalog and one symbol's bundled candles that opened in [from, to). */
    static void seed(RuntimeProcess runtime, String symbol, String from, String to) {
        try (DynamoDbClient client = DynamoDbLocalServer.clientFor(runtime.dynamoDbEndpoint())) {
            seed(client, symbol, from, to);
        }
    }

    static void seed(DynamoDbClient client, String symbol, String from, String to) {
        var enhanced = DynamoDbClients.enhanced(client);
        new InstrumentRepository(enhanced, "MarketDataTable").putAll(HISTORY.instruments());
        new CandleRepository(enhanced, "MarketDataTable").putAll(window(symbol, from, to));
    }

    /**
     * Adds {@code symbol} to the catalog as a copy of the bundled instrument {@code of}, with that instrument's
     * candles that opened in [from, to) and none after: an instrument whose series stopped, stale once the clock
     * is past its last candle.
     */
    static void seedCopy(RuntimeProcess runtime, String of, String symbol, String from, String to) {
        Instrument original = HISTORY.instrument(of).orElseThrow();
        try (DynamoDbClient client = DynamoDbLocalServer.clientFor(runtime.dynamoDbEndpoint())) {
            var enhanced = DynamoDbClients.enhanced(client);
            new InstrumentRepository(enhanced, "MarketDataTable").putAll(List.of(new Instrument(symbol,
                    original.name() + " (copy)", original.assetClass(), original.exchange(),
                    original.quoteCurrency(), original.interval())));
            new CandleRepository(enhanced, "MarketDataTable").putAll(window(of, from, to).stream()
                    .map(c -> new Candle(symbol, c.interval(), c.openTime(), c.open(), c.high(), c.low(), c.close(),
                            c.volume()))
                    .toList());
        }
    }

    private static List<Candle> window(String symbol, String from, String to) {
        return HISTORY.candles(symbol, Instant.parse(from), Instant.parse(to));
    }
}
