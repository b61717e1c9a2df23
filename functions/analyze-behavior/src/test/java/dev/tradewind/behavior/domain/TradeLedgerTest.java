package dev.tradewind.behavior.domain;

import static dev.tradewind.behavior.domain.Trades.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradeLedgerTest {

    private static TradeLedger ledger(TradeHistory history) {
        return TradeLedger.build(history, ZoneOffset.UTC);
    }

    @Test
    void closingFill_isMatchedFifoAcrossLots_withFeesProRata() {
        Trades t = new Trades().fee("1");
        String first = t.buy(at(0, 10, 0), "AAPL", "10", "100");
        String second = t.buy(at(0, 12, 0), "AAPL", "10", "110");
        String exit = t.sell(at(0, 14, 0), "AAPL", "15", "120");
        TradeLedger ledger = ledger(t.history());

        ClosedTrade c = ledger.closed().get(0);
        assertEquals(exit, c.id());
        assertEquals(List.of(first, second), c.entryFillIds());
        // FIFO: 10 @ 100 + 5 @ 110 = 1,550; proceeds 15 @ 120 = 1,800; gross 250.
        assertEquals(0, new BigDecimal("1550").compareTo(c.entryNotional()));
        assertEquals(0, new BigDecimal("250").compareTo(c.grossPnl()));
        // Fees: all of the first buy's 1, half of the second's 0.5, all of the sell's 1 = 2.5.
        assertEquals(0, new BigDecimal("2.5").compareTo(c.fees()));
        assertEquals(0, new BigDecimal("247.5").compareTo(c.pnl()));
        assertEquals(0, new BigDecimal("103.3333333333333").compareTo(c.entryPrice()));
        // Hold measured from the quantity-weighted entry time: (10 × 10:00 + 5 × 12:00) / 15 = 10:40.
        assertEquals(at(0, 10, 40), c.meanEntryTime());
        assertEquals(at(0, 10, 0), c.entryTime());
        assertEquals(2, ledger.entries().size());
        assertTrue(ledger.entries().get(1).adding());
    }

    /**
     * The most entries one close can match: every fill but the last adds a lot, and the last sells them all. Each
     * lot is its own fill, so the close names each once; it once looked each up among those already named (50
     * million comparisons here).
     */
    @Test
    void oneSellClosingTheMostLotsAnAnalysisTakes_namesEachEntryOnce_inFifoOrder() {
        Trades t = new Trades();
        List<String> entries = new ArrayList<>();
        int lots = TradeHistory.MAX_FILLS - 1;
        for (int k = 0; k < lots; k++) {
            entries.add(t.buy(at(0, 1, 0).plusSeconds(k), "AAPL", "1", "100"));
        }
        t.sell(at(0, 5, 0), "AAPL", Integer.toString(lots), "90");

        ClosedTrade c = ledger(t.history()).closed().getFirst();

        assertEquals(entries, c.entryFillIds());
        assertEquals(0, BigDecimal.valueOf(lots).compareTo(c.quantity()));
    }

    @Test
    void sellLargerThanPosition_closesItAndOpensAShortWithTheRest() {
        Trades t = new Trades();
        t.buy(at(0, 10, 0), "BTCUSDT", "1", "100");
        String flip = t.sell(at(0, 11, 0), "BTCUSDT", "3", "90");
        String cover = t.buy(at(0, 12, 0), "BTCUSDT", "2", "80");
        TradeLedger ledger = ledger(t.history());

        assertEquals(2, ledger.closed().size());
        assertEquals(0, new BigDecimal("-10").compareTo(ledger.closed().get(0).pnl()));
        ClosedTrade shortTrade = ledger.closed().get(1);
        assertEquals(cover, shortTrade.id());
        assertEquals(Direction.SHORT, shortTrade.direction());
        assertEquals(List.of(flip), shortTrade.entryFillIds());
        assertEquals(0, new BigDecimal("20").compareTo(shortTrade.pnl()));
        Entry shortEntry = ledger.entries().get(1);
        assertEquals(Direction.SHORT, shortEntry.direction());
        assertEquals(0, new BigDecimal("2").compareTo(shortEntry.quantity()));
        assertTrue(ledger.closed().get(0).seq() < shortEntry.seq(), "the close comes before the re-entry");
    }

    @Test
    void fillsAtOneInstant_keepTheOrderTheyWereGivenIn() {
        // The ids sort the other way round: a buy then a sell in one second is a long round trip, not a short.
        Fill buy = Fill.of("z-buy", at(0, 10, 0), "AAPL", Side.BUY, BigDecimal.ONE, new BigDecimal("100"), null);
        Fill sell = Fill.of("a-sell", at(0, 10, 0), "AAPL", Side.SELL, BigDecimal.ONE, new BigDecimal("101"), null);
        TradeLedger ledger = ledger(TradeHistory.of(List.of(buy, sell)));

        assertEquals(1, ledger.closed().size());
        assertEquals(Direction.LONG, ledger.closed().get(0).direction());
        assertEquals(0, BigDecimal.ONE.compareTo(ledger.closed().get(0).pnl()));
    }

    @Test
    void reportedRealisedPnl_isKeptInsteadOfFifo() {
        Fill buy = Fill.of("b", at(0, 10, 0), "AAPL", Side.BUY, BigDecimal.ONE, new BigDecimal("100"), null);
        Fill sell = new Fill("s", at(0, 11, 0), "AAPL", Side.SELL, BigDecimal.ONE, new BigDecimal("105"),
                BigDecimal.ONE, new BigDecimal("3.5"));
        ClosedTrade c = ledger(TradeHistory.of(List.of(sell, buy))).closed().get(0);
        assertTrue(c.pnlReported());
        assertEquals(0, new BigDecimal("3.5").compareTo(c.pnl()));
        assertEquals(0, new BigDecimal("4.5").compareTo(c.grossPnl()));
    }

    @Test
    void duplicateFillIds_areRejected() {
        Fill a = Fill.of("x", at(0, 10, 0), "AAPL", Side.BUY, BigDecimal.ONE, BigDecimal.TEN, null);
        Fill b = Fill.of("x", at(0, 11, 0), "AAPL", Side.SELL, BigDecimal.ONE, BigDecimal.TEN, null);
        assertThrows(IllegalArgumentException.class, () -> ledger(TradeHistory.of(List.of(a, b))));
    }

    @Test
    void equity_isRolledForwardByRealisedPnlFromTheLatestPoint() {
        Trades t = new Trades().equity("10000");
        t.roundTrip(at(0, 10, 0), java.time.Duration.ofHours(1), "AAPL", "10", "100", "90");
        t.roundTrip(at(0, 12, 0), java.time.Duration.ofHours(1), "AAPL", "10", "100", "130");
        TradeLedger ledger = ledger(t.history());
        assertEquals(10_000, ledger.equity().at(at(0, 10, 30)), 1e-9);
        assertEquals(9_900, ledger.equity().at(at(0, 11, 0)), 1e-9);
        assertEquals(10_200, ledger.equity().at(at(0, 13, 0)), 1e-9);
        assertEquals(9_900, ledger.equity().before(ledger.closed().get(1)), 1e-9);
        assertFalse(ledger(TradeHistory.of(t.fills())).equity().known());
        assertTrue(Double.isNaN(ledger(TradeHistory.of(t.fills())).equity().at(Instant.EPOCH)));
    }

    @Test
    void riskLimits_yieldDerivedRuleBreaks() {
        Trades t = new Trades().equity("10000");
        String big = t.buy(at(0, 10, 0), "AAPL", "30", "100");
        t.sell(at(0, 10, 10), "AAPL", "30", "90");
        String afterLimit = t.buy(at(0, 10, 20), "AAPL", "1", "90");
        TradeHistory history = t.history().withRiskLimits(new RiskLimits(new BigDecimal("25"), new BigDecimal("2"), 2));
        List<RuleBreak> breaks = ledger(history).ruleBreaks();
        assertTrue(breaks.stream().anyMatch(b -> b.rule().equals("MAX_POSITION_PCT") && b.tradeId().equals(big)));
        assertTrue(breaks.stream().anyMatch(b -> b.rule().equals("MAX_DAILY_LOSS_PCT")
                && b.tradeId().equals(afterLimit)));
        assertTrue(breaks.stream().anyMatch(b -> b.rule().equals("MAX_ORDERS_PER_HOUR")
                && b.tradeId().equals(afterLimit)));
    }

    /**
     * The session checks a buy against its equity before the fill and records the equity after it, lower by the fee:
     * 10 @ 100 = 1,000 is exactly 10 % of the 10,000 before the fill, so no break, though 1,000 is above 10 % of the
     * 9,999 after it. One more unit at the next buy is above the limit of the equity before it.
     */
    @Test
    void maxPositionPct_isMeasuredAgainstTheEquityBeforeTheFill_andBrokenOnlyAboveIt() {
        Trades t = new Trades().equity("10000").fee("1");
        String atLimit = t.buy(at(0, 10, 0), "AAPL", "10", "100");
        String above = t.buy(at(0, 11, 0), "MSFT", "10.01", "100");
        List<EquityMark> points = new ArrayList<>(t.history().equity());
        points.add(new EquityMark(at(0, 10, 0), new BigDecimal("9999")));
        points.add(new EquityMark(at(0, 11, 0), new BigDecimal("9998")));
        TradeHistory history = t.history().withEquity(points)
                .withRiskLimits(new RiskLimits(new BigDecimal("10"), null, null));

        List<RuleBreak> breaks = ledger(history).ruleBreaks();

        assertEquals(List.of(above), breaks.stream().map(RuleBreak::tradeId).toList(), breaks.toString());
        assertFalse(breaks.stream().anyMatch(b -> b.tradeId().equals(atLimit)));
    }
}
