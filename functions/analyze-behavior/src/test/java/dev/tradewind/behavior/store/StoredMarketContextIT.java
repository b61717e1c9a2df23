package dev.tradewind.behavior.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.behavior.domain.Fill;
import dev.tradewind.behavior.domain.InMemoryMarketContext;
import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.Repository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The market context over stored candles answers exactly as the engine's in-memory one over the bundled history:
 * only bars closed by each instrument's calendar, the bar still forming dropped.
 */
class StoredMarketContextIT {

    private static final BundledHistory HISTORY = BundledHistory.load(Repository.path("data/market"));
    private static final InMemoryMarketContext BUNDLED = InMemoryMarketContext.of(HISTORY);
    private static InstrumentRepository instruments;
    private static CandleRepository candles;

    @BeforeAll
    static void seed() {
        var env = new Environment(LocalDynamoDb.environment("AnalyzeBehaviorFunction"), Clock.systemUTC());
        var enhanced = DynamoDbClients.enhanced(DynamoDbClients.create(env));
        String table = env.require("MARKET_TABLE");
        instruments = new InstrumentRepository(enhanced, table);
        candles = new CandleRepository(enhanced, table);
        instruments.putAll(HISTORY.instruments());
        candles.putAll(window("BTCUSDT", "2021-12-20T00:00:00Z", "2022-01-10T00:00:00Z"));
        candles.putAll(window("AAPL", "2021-10-01T00:00:00Z", "2022-02-01T00:00:00Z"));
    }

    private static List<Candle> window(String symbol, String from, String to) {
        return HISTORY.candles(symbol, Instant.parse(from), Instant.parse(to));
    }

    private static Fill fill(String symbol, String time) {
        return Fill.of(symbol + time, Instant.parse(time), symbol, Side.BUY, BigDecimal.ONE, BigDecimal.TEN, null);
    }

    private static StoredMarketContext context(Fill... fills) {
        return StoredMarketContext.forFills(instruments, candles, List.of(fills));
    }

    @Test
    void cryptoHourlyBars_theBarStillFormingIsDropped() {
        StoredMarketContext market = context(fill("BTCUSDT", "2022-01-03T14:30:00Z"),
                fill("BTCUSDT", "2022-01-04T19:00:00Z"));

        List<Candle> at1430 = market.closedBarsBefore("BTCUSDT", Instant.parse("2022-01-03T14:30:00Z"), 22);
        assertEquals(22, at1430.size());
        assertEquals(Instant.parse("2022-01-03T13:00:00Z"), at1430.getLast().openTime(), "14:00's bar is forming");
        List<Candle> at1900 = market.closedBarsBefore("BTCUSDT", Instant.parse("2022-01-04T19:00:00Z"), 1);
        assertEquals(Instant.parse("2022-01-04T18:00:00Z"), at1900.getFirst().openTime(), "closed at 19:00 exactly");
        assertEquals(1, market.closedBarsBefore("BTCUSDT", Instant.parse("2022-01-04T19:00:00Z"), 1).size());
    }

    @Test
    void stockDailyBars_closeAtFourInNewYork() {
        StoredMarketContext market = context(fill("AAPL", "2022-01-04T15:00:00Z"), fill("AAPL", "2022-01-10T21:00:00Z"));

        assertEquals(Instant.parse("2022-01-03T14:30:00Z"), market.closedBarsBefore("AAPL",
                Instant.parse("2022-01-04T15:00:00Z"), 1).getFirst().openTime(), "Tuesday's bar is still trading");
        assertEquals(Instant.parse("2022-01-04T14:30:00Z"), market.closedBarsBefore("AAPL",
                Instant.parse("2022-01-04T21:00:00Z"), 1).getFirst().openTime(), "closed at 16:00 New York");
        assertEquals(22, market.closedBarsBefore("AAPL", Instant.parse("2022-01-04T15:00:00Z"), 22).size(),
                "22 trading days back, across the holidays");
    }

    @Test
    void answersAsTheBundledHistoryDoes_atEveryHourAndForEveryCount() {
        Fill first = fill("BTCUSDT", "2022-01-02T15:00:00Z");
        Fill last = fill("BTCUSDT", "2022-01-04T19:00:00Z");
        Fill stock = fill("AAPL", "2022-01-02T15:00:00Z");
        StoredMarketContext market = context(first, last, stock);
        for (Instant t = first.time(); !t.isAfter(last.time()); t = t.plusSeconds(1800)) {
            for (int count : new int[] {1, 22}) {
                assertEquals(BUNDLED.closedBarsBefore("BTCUSDT", t, count), market.closedBarsBefore("BTCUSDT", t, count),
                        "BTCUSDT at " + t + " x" + count);
                assertEquals(BUNDLED.closedBarsBefore("AAPL", t, count), market.closedBarsBefore("AAPL", t, count),
                        "AAPL at " + t + " x" + count);
            }
        }
        assertEquals(0, market.directQueries(), "all from the bars loaded once");
        assertTrue(market.barsRead() < 200, "one symbol's span plus its margin, not the table: " + market.barsRead());
    }

    @Test
    void questionsBeforeTheLoadedSpan_areQueriedDirectly() {
        StoredMarketContext market = context(fill("BTCUSDT", "2022-01-04T12:00:00Z"));
        Instant earlier = Instant.parse("2022-01-01T06:30:00Z");

        assertEquals(BUNDLED.closedBarsBefore("BTCUSDT", earlier, 22), market.closedBarsBefore("BTCUSDT", earlier, 22));
        assertEquals(1, market.directQueries());
    }

    @Test
    void fillsAfterTheStoredCandlesEnd_haveNoMarketData_ratherThanTheLastStaleBars() {
        StoredMarketContext market = context(fill("BTCUSDT", "2022-01-05T12:00:00Z"),
                fill("BTCUSDT", "2022-01-15T12:00:00Z"));

        assertEquals(22, market.closedBarsBefore("BTCUSDT", Instant.parse("2022-01-05T12:00:00Z"), 22).size());
        assertEquals(List.of(), market.closedBarsBefore("BTCUSDT", Instant.parse("2022-01-15T12:00:00Z"), 22),
                "the candles stop at 2022-01-09T23:00, five days before");
        assertEquals(1, market.closedBarsBefore("BTCUSDT", Instant.parse("2022-01-10T01:00:00Z"), 1).size(),
                "two bars late is not stale yet");
    }

    @Test
    void unknownSymbols_andSymbolsWithoutFills_haveNoMarketData() {
        StoredMarketContext market = context(fill("TSLA", "2022-01-04T15:00:00Z"));

        assertEquals(List.of(), market.closedBarsBefore("TSLA", Instant.parse("2022-01-04T15:00:00Z"), 5));
        assertEquals(List.of(), market.closedBarsBefore("BTCUSDT", Instant.parse("2022-01-04T15:00:00Z"), 5));
    }
}
