package dev.tradewind.shared.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.Repository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;

class CandleRepositoryIT {

    private static final BundledHistory HISTORY = BundledHistory.load(Repository.path("data/market"));

    private CandleRepository candles;
    private InstrumentRepository instruments;

    @BeforeEach
    void setUp() {
        LocalDynamoDb.truncate("MarketDataTable");
        Environment env = new Environment(LocalDynamoDb.environment("MarketDataFunction"), Clock.systemUTC());
        DynamoDbEnhancedClient client = DynamoDbClients.enhanced(DynamoDbClients.create(env));
        candles = new CandleRepository(client, env.require("MARKET_TABLE"));
        instruments = new InstrumentRepository(client, env.require("MARKET_TABLE"));
    }

    private static List<Candle> btc(int from, int count) {
        return HISTORY.candles("BTCUSDT").subList(from, from + count);
    }

    private int stored(String symbol, Interval interval) {
        return candles.between(symbol, interval, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")).size();
    }

    @Test
    void putAll_twice_leavesOneItemPerCandle() {
        List<Candle> day = btc(0, 60);
        candles.putAll(day);
        candles.putAll(day);
        assertEquals(60, stored("BTCUSDT", Interval.H1));
        assertEquals(day, candles.between("BTCUSDT", Interval.H1, day.getFirst().openTime(), day.getLast().openTime()));
    }

    @Test
    void findAll_returnsTheCandlesStoredUnderTheKeys_andSkipsMissingOnes() {
        List<Candle> stored = btc(0, 150);
        candles.putAll(stored);
        List<CandleRepository.CandleKey> keys = new ArrayList<>();
        stored.forEach(c -> keys.add(new CandleRepository.CandleKey(c.symbol(), c.interval(), c.openTime())));
        keys.add(new CandleRepository.CandleKey("BTCUSDT", Interval.H1, Instant.parse("2030-01-01T00:00:00Z")));
        keys.add(keys.getFirst());
        List<Candle> found = new ArrayList<>(candles.findAll(keys));
        found.sort(java.util.Comparator.comparing(Candle::openTime));
        assertEquals(stored, found);
    }

    @Test
    void window_returnsTheLastBarsOldestFirst() {
        candles.putAll(btc(0, 100));
        Instant end = btc(79, 1).getFirst().openTime();
        List<Candle> window = candles.window("BTCUSDT", Interval.H1, end, 30);
        assertEquals(btc(50, 30), window);
    }

    @Test
    void latestClosed_ignoresABarStillOpenAtNow() {
        candles.putAll(btc(0, 10));
        Candle last = btc(9, 1).getFirst();
        MarketCalendar calendar = MarketCalendar.of(AssetClass.CRYPTO);
        Instant duringLast = last.openTime().plusSeconds(1800);
        assertEquals(btc(8, 1).getFirst(), candles.latestClosed("BTCUSDT", Interval.H1, calendar, duringLast).orElseThrow());
        Instant afterLast = last.openTime().plusSeconds(3600);
        assertEquals(last, candles.latestClosed("BTCUSDT", Interval.H1, calendar, afterLast).orElseThrow());
    }

    @Test
    void page_walksTheRangeWithCursorsInEitherOrder() {
        List<Candle> all = btc(0, 25);
        candles.putAll(all);
        Instant from = all.getFirst().openTime();
        Instant to = all.getLast().openTime();
        List<Candle> newestFirst = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            CandleRepository.CandlePage page = candles.page("BTCUSDT", Interval.H1, from, to, 10, cursor, true);
            newestFirst.addAll(page.candles());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        List<Candle> expected = new ArrayList<>(all);
        java.util.Collections.reverse(expected);
        assertEquals(expected, newestFirst);

        CandleRepository.CandlePage firstOldest = candles.page("BTCUSDT", Interval.H1, from, to, 10, null, false);
        assertEquals(all.subList(0, 10), firstOldest.candles());
        assertNotNull(firstOldest.nextCursor());
        CandleRepository.CandlePage empty = candles.page("ETHUSDT", Interval.H1, from, to, 10, null, false);
        assertEquals(List.of(), empty.candles());
        assertNull(empty.nextCursor());
    }

    /** docs/api.md#paging: the page that ends a listing has no cursor, even when it is exactly full. */
    @Test
    void page_exactlyFullLastPage_hasNoCursor_andTheWalkReturnsEachBarOnce() {
        List<Candle> all = btc(0, 20);
        candles.putAll(all);
        Instant from = all.getFirst().openTime();
        for (Instant to : new Instant[] {all.getLast().openTime(), null}) {
            List<Candle> walked = new ArrayList<>();
            String cursor = null;
            do {
                CandleRepository.CandlePage page = candles.page("BTCUSDT", Interval.H1, from, to, 10, cursor, false);
                assertFalse(page.candles().isEmpty(), "a cursor led to an empty page after " + walked.size());
                walked.addAll(page.candles());
                cursor = page.nextCursor();
            } while (cursor != null);
            assertEquals(all, walked);
            assertNull(candles.page("BTCUSDT", Interval.H1, from, to, 20, null, true).nextCursor());
        }
    }

    @Test
    void page_withACursorOfAnotherSeries_is400() {
        candles.putAll(btc(0, 15));
        Instant from = btc(0, 1).getFirst().openTime();
        Instant to = btc(14, 1).getFirst().openTime();
        String btcCursor = candles.page("BTCUSDT", Interval.H1, from, to, 5, null, false).nextCursor();
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> candles.page("ETHUSDT", Interval.H1, from, to, 5, btcCursor, false));
        assertEquals("INVALID_CURSOR", error.code());
    }

    @Test
    void instruments_roundTrip() {
        Instrument aapl = HISTORY.instrument("AAPL").orElseThrow();
        instruments.put(aapl);
        assertEquals(aapl, instruments.find("AAPL").orElseThrow());
        assertEquals(java.util.Optional.empty(), instruments.find("NOPE"));
    }
}
