package dev.tradewind.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.market.domain.ingest.IngestSummary;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.Repository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The local runtime's default source: the scheduled runs fill DynamoDB from the bundled history replayed at the
 * clock's "now" (only bars closed by then), and as replay time moves on each run stores exactly the bars that closed
 * since the last one.
 */
class ReplayNextHourIT {

    private final ReplayFixture replay = new ReplayFixture();

    @Test
    void firstRuns_backfillEnoughHistoryForTheModel_andEachReplayHourAddsTheNewlyClosedBars() {
        LocalDynamoDb.truncate(IngestFixture.TABLE);
        Instant start = ReplayFixture.REPLAY_NOW;
        IngestHandler first = replay.handler(start);

        IngestSummary crypto = replay.run(first, "market-ingest/crypto-1h.json");
        IngestSummary stocks = replay.run(first, "market-ingest/stocks-1d.json");

        assertEquals("replay", crypto.provider());
        assertEquals("completed", crypto.status(), crypto.toString());
        assertEquals("completed", stocks.status(), stocks.toString());
        List<Candle> btc = IngestFixture.stored("BTCUSDT", Interval.H1);
        List<Candle> aapl = IngestFixture.stored("AAPL", Interval.D1);
        assertTrue(btc.size() >= 1000, "hourly bars before now: " + btc.size());
        assertTrue(aapl.size() >= 300, "daily bars before now: " + aapl.size());
        assertEquals(Instant.parse("2022-01-02T23:00:00Z"), btc.getLast().openTime(), "the last bar closed before now");
        assertEquals(Instant.parse("2021-12-31T14:30:00Z"), aapl.getLast().openTime());
        BundledHistory history = BundledHistory.load(Repository.path("data/market"));
        assertTrue(history.candles("BTCUSDT").containsAll(btc), "stored candles are the bundled ones, value for value");
        assertTrue(history.candles("AAPL").containsAll(aapl));

        IngestHandler later = replay.handler(start.plus(Duration.ofHours(2)));
        IngestSummary next = replay.run(later, "market-ingest/crypto-1h.json");
        IngestSummary repeated = replay.run(later, "market-ingest/crypto-1h.json");

        assertEquals(6, next.candlesWritten(), "00:00 and 01:00 closed for each of 3 symbols: " + next);
        assertEquals(0, repeated.candlesWritten());
        assertTrue(repeated.failures().isEmpty());
        assertEquals(Instant.parse("2022-01-03T01:00:00Z"),
                IngestFixture.stored("ETHUSDT", Interval.H1).getLast().openTime());
    }
}
