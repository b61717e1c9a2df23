package dev.tradewind.trading.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tradewind.shared.trading.Side;
import dev.tradewind.shared.trading.TradeRecord;
import dev.tradewind.shared.trading.TradeSource;
import dev.tradewind.trading.domain.Performance.Grid;
import dev.tradewind.trading.domain.Performance.Metrics;
import dev.tradewind.trading.domain.Performance.Point;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed examples: every expected figure is worked out in the comments from the formulas in docs/trading.md#performance-metrics. */
class PerformanceTest {

    private static final Instant START = Instant.parse("2022-01-03T00:00:00Z");

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static Point point(String time, String equity) {
        return new Point(Instant.parse(time), 0, EquityPoint.Kind.CANDLE, d(equity));
    }

    private static void assertRatio(double expected, BigDecimal actual) {
        assertEquals(expected, actual.doubleValue(), 1e-6 * Math.max(1, Math.abs(expected)));
    }

    private static TradeRecord trade(int minute, Side side, String realized, String quantityAfter) {
        Instant at = START.plusSeconds(60L * minute);
        return new TradeRecord("u1", "s1", "t" + minute, TradeSource.PAPER, null, null, "p", START, "BTCUSDT", side,
                BigDecimal.ONE, d("100"), d("100.00"), d("0.10"), d(realized), d(quantityAfter), d("0.00"),
                d("0.00"), "USD", at, minute + 1, null);
    }

    /**
     * Peak 120 at 01:00; 90 at 02:00 is 25 % under it; 95 at 04:00 is not a new low. New peak 130 at 05:00; 97.50 at
     * 06:00 is 25 % again, 91 at 07:00 is 30 %, the deepest. Both spells under water last 4 hours (01:00–05:00, and
     * 05:00 to the end at 09:00).
     */
    @Test
    void drawdown_deepestTroughUnderAnyPeak() {
        List<Point> curve = List.of(point("2022-01-03T01:00:00Z", "120"), point("2022-01-03T02:00:00Z", "90"),
                point("2022-01-03T03:00:00Z", "100"), point("2022-01-03T04:00:00Z", "95"),
                point("2022-01-03T05:00:00Z", "130"), point("2022-01-03T06:00:00Z", "97.50"),
                point("2022-01-03T07:00:00Z", "91"), point("2022-01-03T08:00:00Z", "92"));

        Performance.Drawdown drawdown = Performance.drawdown(d("100"), START, curve,
                Instant.parse("2022-01-03T09:00:00Z"));

        assertEquals(0.3, drawdown.depth, 1e-12);
        assertEquals(Instant.parse("2022-01-03T05:00:00Z"), drawdown.peakAt);
        assertEquals(Instant.parse("2022-01-03T07:00:00Z"), drawdown.troughAt);
        assertEquals(Duration.ofHours(4), drawdown.longest);
    }

    /**
     * Equity 100 → 110 → 99 → 108.90 at the ends of three UTC days: daily returns +10%, −10%, +10%.
     * mean = 1/30 = 0.033333; sample sd = sqrt(((1/15)² + (2/15)² + (1/15)²) / 2) = 0.115470;
     * Sharpe = 0.033333 / 0.115470 × √365 = 5.515131; downside deviation = sqrt(0.01 / 3) = 0.057735,
     * Sortino = 0.033333 / 0.057735 × √365 = 11.030261; volatility = 0.115470 × √365 = 2.206052.
     * Total return 8.9%; CAGR = 1.089^(365/3) − 1 = 31992.275338.
     * Max drawdown (110 → 99) = 10%, from the peak at 2022-01-03T12:00 and never recovered by the end
     * (2022-01-06T00:00): 60 hours. Calmar = CAGR / 0.1.
     */
    @Test
    void threeDays_upDownUp() {
        List<Point> curve = List.of(point("2022-01-03T12:00:00Z", "110.00"), point("2022-01-04T12:00:00Z", "99.00"),
                point("2022-01-05T12:00:00Z", "108.90"), point("2022-01-06T00:00:00Z", "108.90"));
        Metrics m = Performance.compute(new Performance.Inputs(d("100.00"), START,
                Instant.parse("2022-01-06T00:00:00Z"), curve, List.of(), d("0.00"), d("0.00"), Grid.CALENDAR_DAYS));
        assertEquals(3, m.observations());
        assertEquals(365, m.periodsPerYear());
        assertRatio(0.089, m.totalReturn());
        assertRatio(31992.275338, m.cagr());
        assertRatio(5.515131, m.sharpe());
        assertRatio(11.030261, m.sortino());
        assertRatio(2.206052, m.volatility());
        assertRatio(0.1, m.maxDrawdown());
        assertEquals("PT60H", m.maxDrawdownDuration());
        assertEquals(Instant.parse("2022-01-03T12:00:00Z"), m.maxDrawdownPeakAt());
        assertEquals(Instant.parse("2022-01-04T12:00:00Z"), m.maxDrawdownTroughAt());
        assertRatio(319922.75338, m.calmar());
        assertEquals(d("108.90"), m.endingEquity());
    }

    /**
     * Equity 100 → 110 → 121 → 133.10 at the ends of three UTC days: every return is +10 %, so s = 0 (in double it is
     * ~1e-17 of rounding) and Sharpe is undefined; volatility is 0.
     */
    @Test
    void constantReturns_haveNoSharpe_andNoVolatility() {
        List<Point> curve = List.of(point("2022-01-03T12:00:00Z", "110.00"), point("2022-01-04T12:00:00Z", "121.00"),
                point("2022-01-05T12:00:00Z", "133.10"));
        Metrics m = Performance.compute(new Performance.Inputs(d("100.00"), START,
                Instant.parse("2022-01-06T00:00:00Z"), curve, List.of(), d("0.00"), d("0.00"), Grid.CALENDAR_DAYS));
        assertEquals(3, m.observations());
        assertNull(m.sharpe(), "s = 0 but Sharpe = " + m.sharpe());
        assertNull(m.sortino(), "no negative return");
        assertEquals(BigDecimal.ZERO, m.volatility());
    }

    /**
     * A journal (its cash may go negative) with starting cash 100 whose equity is −50, 25 and 30 at the ends of three
     * UTC days: the return from −50 to 25 is undefined, so are volatility, Sharpe and Sortino, rather than computed as
     * if that day returned 0 %. What the endpoints and the curve define stays: total return 30 / 100 − 1 = −0.7,
     * CAGR 0.3^(365/3) − 1, max drawdown (100 − (−50)) / 100 = 1.5.
     */
    @Test
    void returnFromNegativeEquity_isUndefined_andSoAreTheRatiosOfReturns() {
        List<Point> curve = List.of(point("2022-01-03T12:00:00Z", "-50.00"), point("2022-01-04T12:00:00Z", "25.00"),
                point("2022-01-05T12:00:00Z", "30.00"));
        Metrics m = Performance.compute(new Performance.Inputs(d("100.00"), START,
                Instant.parse("2022-01-06T00:00:00Z"), curve, List.of(), d("0.00"), d("0.00"), Grid.CALENDAR_DAYS));
        assertEquals(3, m.observations());
        assertNull(m.sharpe(), "a return from negative equity was counted as 0 %");
        assertNull(m.sortino());
        assertNull(m.volatility());
        assertRatio(-0.7, m.totalReturn());
        assertRatio(Math.pow(0.3, 365.0 / 3) - 1, m.cagr());
        assertRatio(1.5, m.maxDrawdown());
    }

    /** Three closing P&amp;Ls of +0.10: their sd is 0 (in double ~1e-17), so SQN is undefined, not ~1e16. */
    @Test
    void identicalClosingPnls_haveNoSqn() {
        List<TradeRecord> trades = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            trades.add(trade(2 * i, Side.BUY, "0.00", "1"));
            trades.add(trade(2 * i + 1, Side.SELL, "0.10", "0"));
        }
        Metrics m = Performance.compute(new Performance.Inputs(d("1000.00"), START, START.plusSeconds(600),
                List.of(point("2022-01-03T00:06:00Z", "1000.30")), trades, d("0.00"), d("600.00"),
                Grid.CALENDAR_DAYS));
        assertEquals(3, m.wins());
        assertNull(m.sqn(), "sd = 0 but SQN = " + m.sqn());
    }

    /**
     * Closing P&amp;Ls +10, +9.90, −11, 0, +5 (each after a buy): 5 closed, 3 wins, 1 loss, 1 breakeven;
     * win rate 0.6; gross profit 24.90, gross loss 11; profit factor 24.9 / 11 = 2.263636; expectancy 13.90 / 5 =
     * 2.78; average win 24.90 / 3 = 8.30, average loss −11.00; largest win 10, largest loss −11; streaks W W L B W:
     * 2 wins, 1 loss. SQN = √5 × 2.78 / sd(10, 9.9, −11, 0, 5) = √5 × 2.78 / 8.737391 = 0.711456.
     * Exposure: a position is held 1 minute out of every 2 of the 10 minutes the trades span in a 20-minute
     * session (minutes 0-1, 2-3, 4-5, 6-7, 8-9): 5 / 20 = 0.25.
     */
    @Test
    void tradeStatistics() {
        String[] pnl = {"10.00", "9.90", "-11.00", "0.00", "5.00"};
        List<TradeRecord> trades = new ArrayList<>();
        for (int i = 0; i < pnl.length; i++) {
            trades.add(trade(2 * i, Side.BUY, "0.00", "1"));
            trades.add(trade(2 * i + 1, Side.SELL, pnl[i], "0"));
        }
        Metrics m = Performance.compute(new Performance.Inputs(d("1000.00"), START, START.plusSeconds(1200),
                List.of(point("2022-01-03T00:20:00Z", "1013.90")), trades, d("1.00"), d("1000.00"),
                Grid.CALENDAR_DAYS));
        assertEquals(10, m.trades());
        assertEquals(5, m.closedTrades());
        assertEquals(3, m.wins());
        assertEquals(1, m.losses());
        assertEquals(1, m.breakeven());
        assertRatio(0.6, m.winRate());
        assertRatio(2.263636, m.profitFactor());
        assertEquals(d("2.78"), m.expectancy());
        assertEquals(d("8.30"), m.averageWin());
        assertEquals(d("-11.00"), m.averageLoss());
        assertEquals(d("10.00"), m.largestWin());
        assertEquals(d("-11.00"), m.largestLoss());
        assertEquals(2, m.maxConsecutiveWins());
        assertEquals(1, m.maxConsecutiveLosses());
        assertEquals(d("24.90"), m.grossProfit());
        assertEquals(d("-11.00"), m.grossLoss());
        assertEquals(d("13.90"), m.realizedPnl());
        assertRatio(0.711456, m.sqn());
        assertRatio(0.25, m.exposure());
        assertEquals(d("1.00"), m.fees());
        // Turnover: 1000 traded over an average equity of (1000 + 1013.90) / 2.
        assertRatio(1000 / 1006.95, m.turnover());
    }

    @Test
    void pointsOfOneInstant_endWithTheLatestState_whateverOrderTheyArriveIn() {
        // A candle sampled before the second fill and that fill share 2022-01-04T00:00Z; the fill is the later state.
        Instant at = Instant.parse("2022-01-04T00:00:00Z");
        List<Point> curve = List.of(new Point(at, 2, EquityPoint.Kind.FILL, d("990.00")),
                new Point(at, 1, EquityPoint.Kind.CANDLE, d("1010.00")));
        Metrics m = Performance.compute(new Performance.Inputs(d("1000.00"), START, at, curve, List.of(), d("0.00"),
                d("0.00"), Grid.CALENDAR_DAYS));
        assertEquals(d("990.00"), m.endingEquity());
        assertEquals(1, m.observations(), "the midnight of Jan 4 only, no partial period after it");
        assertRatio(-0.01, m.totalReturn());
    }

    @Test
    void noTrades_flatEquity_definesOnlyWhatTheDataSupports() {
        Metrics m = Performance.compute(new Performance.Inputs(d("1000.00"), START, START.plusSeconds(2 * 86400),
                List.of(point("2022-01-05T00:00:00Z", "1000.00")), List.of(), d("0.00"), d("0.00"),
                Grid.CALENDAR_DAYS));
        assertEquals(2, m.observations());
        assertRatio(0, m.totalReturn());
        assertRatio(0, m.cagr());
        assertNull(m.sharpe(), "no variation: Sharpe is undefined");
        assertNull(m.sortino());
        assertNull(m.calmar());
        assertRatio(0, m.maxDrawdown());
        assertEquals("PT0S", m.maxDrawdownDuration());
        assertEquals(0, m.trades());
        assertEquals(0, m.closedTrades());
        assertNull(m.winRate());
        assertNull(m.profitFactor());
        assertNull(m.expectancy());
        assertNull(m.sqn());
        assertNull(m.averageWin());
        assertNull(m.largestLoss());
        assertRatio(0, m.exposure());
        assertRatio(0, m.turnover());
    }

    @Test
    void oneClosedTrade_hasAWinRateButNoDispersionStatistics() {
        List<TradeRecord> trades = List.of(trade(0, Side.BUY, "0.00", "1"), trade(30, Side.SELL, "12.50", "0"));
        Metrics m = Performance.compute(new Performance.Inputs(d("1000.00"), START, START.plusSeconds(3600),
                List.of(point("2022-01-03T00:30:00Z", "1012.50")), trades, d("0.00"), d("200.00"),
                Grid.CALENDAR_DAYS));
        assertEquals(1, m.closedTrades());
        assertRatio(1, m.winRate());
        assertNull(m.profitFactor(), "no losing trade: profit factor is unbounded, so absent");
        assertEquals(d("12.50"), m.expectancy());
        assertNull(m.sqn(), "one trade has no standard deviation");
        assertEquals(0, m.maxConsecutiveLosses());
        assertNull(m.averageLoss());
        // Shorter than a day: one partial-day observation, +1.25%, annualised over 365 periods.
        assertEquals(1, m.observations());
        assertRatio(Math.pow(1.0125, 365) - 1, m.cagr());
        assertNull(m.sharpe());
        assertRatio(0.5, m.exposure());
    }

    @Test
    void exposure_countsNoTimeBeyondTheEndOfTheSpan() {
        // Bought at minute 0 and sold at minute 30 of a 20-minute span: held for all of it, and no more.
        List<TradeRecord> trades = List.of(trade(0, Side.BUY, "0.00", "1"), trade(30, Side.SELL, "0.00", "0"));
        assertRatio(1, Performance.exposure(trades, START, START.plusSeconds(1200)));
    }

    /** One return of −1 %: one observation defines no dispersion, downside or otherwise, so no Sharpe, no Sortino. */
    @Test
    void oneNegativeReturn_hasNoSharpeAndNoSortino() {
        Metrics m = Performance.compute(new Performance.Inputs(d("1000.00"), START, START.plusSeconds(3600),
                List.of(point("2022-01-03T00:30:00Z", "990.00")), List.of(), d("0.00"), d("0.00"),
                Grid.CALENDAR_DAYS));
        assertEquals(1, m.observations());
        assertRatio(-0.01, m.totalReturn());
        assertNull(m.sharpe());
        assertNull(m.sortino());
    }

    @Test
    void noLosingTrade_hasNoProfitFactorAndNoLossFigures() {
        List<TradeRecord> trades = List.of(trade(0, Side.BUY, "0.00", "2"), trade(1, Side.SELL, "3.00", "1"),
                trade(2, Side.SELL, "4.00", "0"));
        Metrics m = Performance.compute(new Performance.Inputs(d("1000.00"), START, START.plusSeconds(600),
                List.of(point("2022-01-03T00:02:00Z", "1007.00")), trades, d("0.00"), d("300.00"),
                Grid.CALENDAR_DAYS));
        assertEquals(2, m.wins());
        assertEquals(0, m.losses());
        assertNull(m.profitFactor());
        assertNull(m.largestLoss());
        assertEquals(2, m.maxConsecutiveWins());
        assertEquals(d("3.50"), m.expectancy());
        assertRatio(Math.sqrt(2) * 3.5 / Math.sqrt(0.5), m.sqn());
        assertRatio(0, m.maxDrawdown());
    }

    @Test
    void journalWithoutCapital_hasTradeStatisticsButNoReturns() {
        List<TradeRecord> trades = List.of(trade(0, Side.BUY, "0.00", "1"), trade(1, Side.SELL, "-5.00", "0"));
        Metrics m = Performance.compute(new Performance.Inputs(d("0.00"), START, START.plusSeconds(600),
                List.of(point("2022-01-03T00:01:00Z", "-5.00")), trades, d("0.00"), d("200.00"),
                Grid.CALENDAR_DAYS));
        assertNull(m.totalReturn());
        assertNull(m.cagr());
        assertNull(m.sharpe());
        assertNull(m.maxDrawdown());
        assertEquals(1, m.losses());
        assertEquals(d("-5.00"), m.largestLoss());
    }

    /**
     * A journal without capital that bought at 100 and sold at 101: its equity is only its P&amp;L, 0 then 1.00 at
     * the three midnights, so "the mean of the observed equities" is (0 + 1 + 1 + 1) / 4 = 0.75 and 201 traded over
     * it would claim a turnover of 268 times a capital the journal does not have.
     */
    @Test
    void journalWithoutCapital_hasNoTurnover_evenWhenItsProfitIsPositive() {
        List<TradeRecord> trades = List.of(trade(0, Side.BUY, "0.00", "1"), trade(1, Side.SELL, "1.00", "0"));
        Metrics m = Performance.compute(new Performance.Inputs(d("0.00"), START, START.plusSeconds(3 * 86400),
                List.of(point("2022-01-03T00:00:00Z", "0.00"), point("2022-01-03T00:01:00Z", "1.00")), trades,
                d("0.00"), d("201.00"), Grid.CALENDAR_DAYS));
        assertNull(m.turnover(), "turnover of a journal without capital: " + m.turnover());
        assertEquals(1, m.wins());
    }

    @Test
    void nyseGrid_samplesAtTheCloseOfTradingDaysOnly() {
        // Friday 2022-01-14 to Wednesday 2022-01-19: the weekend and Martin Luther King Day (Monday 17th) have no
        // close. 16:00 New York is 21:00 UTC in January.
        List<Instant> points = Performance.gridPoints(Grid.NYSE_TRADING_DAYS, Instant.parse("2022-01-14T12:00:00Z"),
                Instant.parse("2022-01-19T12:00:00Z"));
        assertEquals(List.of(Instant.parse("2022-01-14T21:00:00Z"), Instant.parse("2022-01-18T21:00:00Z")), points);
        assertEquals(List.of(Instant.parse("2022-01-04T00:00:00Z"), Instant.parse("2022-01-05T00:00:00Z")),
                Performance.gridPoints(Grid.CALENDAR_DAYS, Instant.parse("2022-01-03T15:00:00Z"),
                        Instant.parse("2022-01-05T12:00:00Z")));
    }
}
