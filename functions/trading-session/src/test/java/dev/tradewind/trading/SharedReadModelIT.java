package dev.tradewind.trading;

import static dev.tradewind.trading.TradingApi.market;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.shared.trading.JournalEntry;
import dev.tradewind.shared.trading.SessionStatus;
import dev.tradewind.shared.trading.SessionType;
import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.trading.TradingReader;
import dev.tradewind.shared.trading.TradingSessionInfo;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What trading-session writes, the shared read model (used by the behaviour analysis) reads back whole. */
class SharedReadModelIT {

    @Test
    void sessionsTradesAndJournal_readThroughTheSharedReader() {
        TradingApi api = new TradingApi();
        String sessionId = api.session("u1", TradingApi.paperSession("50000",
                "\"riskLimits\":{\"maxPositionPct\":25,\"maxOrdersPerHour\":10},\"guardrails\":{\"cooldownOnTilt\":true}"));
        String buy = api.placed("u1", sessionId, market("BTCUSDT", "BUY", "0.1")).get("tradeId").asText();
        api.clock.set(Instant.parse("2022-01-04T18:00:00Z"));
        String sell = api.placed("u1", sessionId, market("BTCUSDT", "SELL", "0.1")).get("tradeId").asText();
        api.invoke(TradingApi.event("create-journal-entry", "u1").pathParameter("sessionId", sessionId)
                .body("{\"tradeId\":\"" + sell + "\",\"emotions\":[\"frustrated\"],\"rating\":2}"));
        TradingReader reader = api.reader();

        TradingSessionInfo info = reader.session("u1", sessionId).orElseThrow();
        assertEquals(SessionType.PAPER, info.type());
        assertEquals(SessionStatus.ACTIVE, info.status());
        assertEquals(new BigDecimal("50000.00"), info.startingCash());
        assertEquals(0, new BigDecimal("25").compareTo(info.riskLimits().maxPositionPct()));
        assertEquals(10, info.riskLimits().maxOrdersPerHour());
        assertEquals(true, info.cooldownOnTilt());
        assertEquals(Instant.parse("2022-01-04T15:00:00Z"), info.createdAt());
        assertEquals(List.of(info), reader.sessions("u1", 10, null).items());

        List<TradeRecord> trades = reader.tradesOfUser("u1", Instant.parse("2022-01-04T00:00:00Z"),
                Instant.parse("2022-01-05T00:00:00Z"), 10, null, false).items();
        assertEquals(List.of(buy, sell), trades.stream().map(TradeRecord::tradeId).toList());
        TradeRecord exit = trades.get(1);
        assertEquals(Side.SELL, exit.side());
        assertEquals(Instant.parse("2022-01-04T18:00:00Z"), exit.filledAt());
        assertEquals(trades.get(0).positionId(), exit.positionId());
        assertEquals(Instant.parse("2022-01-04T15:00:00Z"), exit.positionOpenedAt());
        assertEquals(0, exit.positionQuantityAfter().signum());
        assertEquals(exit.cashAfter(), exit.equityAfter());
        assertEquals(trades, reader.tradesOfSession("u1", sessionId, null, null, 10, null, false).items());

        List<JournalEntry> journal = reader.journalOfUser("u1", null, null, 10, null, false).items();
        assertEquals(1, journal.size());
        assertEquals(sell, journal.getFirst().tradeId());
        assertEquals(List.of("frustrated"), journal.getFirst().emotions());
    }
}
