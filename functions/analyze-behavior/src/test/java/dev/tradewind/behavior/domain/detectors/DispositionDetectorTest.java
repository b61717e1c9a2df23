package dev.tradewind.behavior.domain.detectors;

import static dev.tradewind.behavior.domain.Trades.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.behavior.domain.Analysis;
import dev.tradewind.behavior.domain.Bars;
import dev.tradewind.behavior.domain.BehaviorAnalysis;
import dev.tradewind.behavior.domain.Evidence;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.MarketContext;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Sensitivity;
import dev.tradewind.behavior.domain.Severity;
import dev.tradewind.behavior.domain.Status;
import dev.tradewind.behavior.domain.Thresholds;
import dev.tradewind.behavior.domain.TradeHistory;
import dev.tradewind.behavior.domain.Trades;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispositionDetectorTest {

    /**
     * Odean's arithmetic by hand, for RG = 4, RL = 1, PG = 6, PL = 9:
     * PGR = 4 / (4 + 6) = 0.4; PLR = 1 / (1 + 9) = 0.1; DE = 0.4 − 0.1 = 0.3;
     * SE = √(0.4 × 0.6 / 10 + 0.1 × 0.9 / 10) = √(0.024 + 0.009) = √0.033 = 0.181659...;
     * t = 0.3 / 0.181659 = 1.6514 — past the high preset's 1.645, short of the medium preset's 1.96.
     */
    @Test
    void odeanProportions_andTStatistic_matchTheHandComputation() {
        DispositionDetector.Odean o = DispositionDetector.Odean.of(4, 1, 6, 9);
        assertEquals(0.4, o.pgr(), 1e-12);
        assertEquals(0.1, o.plr(), 1e-12);
        assertEquals(0.3, o.de(), 1e-12);
        assertEquals(Math.sqrt(0.033), o.standardError(), 1e-12);
        assertEquals(1.6514, o.t(), 1e-4);
        assertTrue(o.t() >= Thresholds.DISPOSITION.at(Sensitivity.HIGH).minT());
        assertTrue(o.t() < Thresholds.DISPOSITION.at(Sensitivity.MEDIUM).minT());
    }

    /**
     * Five stocks bought on day 0 (10 each): A at 100, B at 50, C at 20, D at 10, E at 30.
     * Day 1, 15:00: sells A at 110 → realised gain. Last closed bars: B 55–57 (above 50: paper gain), C 16–18 (below
     * 20: paper loss), D 9–11 (straddles 10: neither), E 33–35 (paper gain). Day 1: RG 1, PG 2, PL 1.
     * Day 2, 15:00: sells B at 56 → realised gain. Bars: C 16–17 (paper loss), D 9–9.5 (paper loss), E 28–29 (paper
     * loss). Day 2: RG 1, PL 3.
     * Totals RG 2, RL 0, PG 2, PL 4: PGR = 2 / 4 = 0.5, PLR = 0 / 4 = 0, DE = 0.5,
     * SE = √(0.5 × 0.5 / 4 + 0 × 1 / 4) = √0.0625 = 0.25, t = 0.5 / 0.25 = 2.0.
     * With only 4 observations on each side (5 needed) the detector measures but does not conclude.
     */
    @Test
    void saleDays_countRealisedAndPaperGainsAndLossesAsOdeanDoes() {
        Trades t = new Trades();
        String[] symbols = {"A", "B", "C", "D", "E"};
        String[] costs = {"100", "50", "20", "10", "30"};
        for (int i = 0; i < symbols.length; i++) {
            t.buy(at(0, 10, 0), symbols[i], "10", costs[i]);
        }
        String saleA = t.sell(at(1, 15, 0), "A", "10", "110");
        String saleB = t.sell(at(2, 15, 0), "B", "10", "56");
        Bars bars = new Bars()
                .range("B", at(1, 14, 0), 55, 57).range("C", at(1, 14, 0), 16, 18)
                .range("D", at(1, 14, 0), 9, 11).range("E", at(1, 14, 0), 33, 35)
                .range("C", at(2, 14, 0), 16, 17).range("D", at(2, 14, 0), 9, 9.5)
                .range("E", at(2, 14, 0), 28, 29);
        Finding f = Analysis.detect(new DispositionDetector(), t.history(), bars.market(), Sensitivity.MEDIUM)
                .finding();

        assertEquals(2L, f.metrics().get("saleDays"));
        assertEquals(2L, f.metrics().get("realisedGains"));
        assertEquals(0L, f.metrics().get("realisedLosses"));
        assertEquals(2L, f.metrics().get("paperGains"));
        assertEquals(4L, f.metrics().get("paperLosses"));
        assertEquals(1L, f.metrics().get("paperNeither"));
        assertEquals(new BigDecimal("0.5000"), f.metrics().get("pgr"));
        assertEquals(new BigDecimal("0.0000"), f.metrics().get("plr"));
        assertEquals(new BigDecimal("0.5000"), f.metrics().get("de"));
        assertEquals(new BigDecimal("0.2500"), f.metrics().get("standardError"));
        assertEquals(new BigDecimal("2.0000"), f.metrics().get("t"));
        assertEquals(Status.INSUFFICIENT_DATA, f.status());
        assertTrue(f.summary().contains("have 4 and 4"), f.summary());
        assertTrue(List.of(saleA, saleB).size() == 2);
    }

    /**
     * The most fills an analysis takes, sent inline by any signed-in caller: 5,000 stocks bought, then one unit of
     * one of 20 of them sold on each of 5,000 days, so every sale day holds 4,999 other stocks as paper positions.
     * (Taking each one's average cost by division into a sorted copy on every sale day once cost 20–30 s here with
     * the function's C1 compiler, past its 20 s timeout; the time is the behavior-analysis benchmark's.)
     */
    @Test
    void theMostFillsAnAnalysisTakes_sellingOnEveryDayWhileHoldingThousands_countEveryPaperPosition() {
        Trades t = new Trades();
        int stocks = TradeHistory.MAX_FILLS / 2;
        for (int k = 0; k < stocks; k++) {
            t.buy(at(0, 9, 0).plusSeconds(k), "S" + k, "10000", "100");
        }
        for (int day = 1; day <= stocks; day++) {
            t.sell(at(day, 10, 0), "S" + (day % 20), "1", day % 2 == 0 ? "110" : "90");
        }

        Finding f = Analysis.detect(new DispositionDetector(), t.history(), MarketContext.NONE, Sensitivity.MEDIUM)
                .finding();

        assertEquals((long) stocks, f.metrics().get("saleDays"));
        assertEquals(2_500L, f.metrics().get("realisedGains"));
        assertEquals(2_500L, f.metrics().get("realisedLosses"));
        assertEquals((long) stocks * (stocks - 1), f.metrics().get("unpricedPaperPositions"));
        assertEquals(0L, f.metrics().get("paperGains"));
    }

    /** Holds three losers and one winner throughout; every day buys a fresh stock and sells it at a gain. */
    private static Trades sellsWinnersHoldsLosers(boolean sellsLosersInstead) {
        Trades t = new Trades();
        t.buy(at(0, 9, 0), "L1", "10", "100");
        t.buy(at(0, 9, 0), "L2", "10", "100");
        t.buy(at(0, 9, 0), "L3", "10", "100");
        t.buy(at(0, 9, 0), "G", "10", "100");
        for (int day = 1; day <= 12; day++) {
            t.roundTrip(at(day, 10, 0), Duration.ofHours(5), "X" + day, "10", "100",
                    sellsLosersInstead ? "98" : "102");
        }
        return t;
    }

    private static MarketContext pricesForHeldStocks() {
        Bars bars = new Bars();
        for (int day = 1; day <= 12; day++) {
            bars.range("L1", at(day, 14, 0), 80, 90).range("L2", at(day, 14, 0), 85, 95)
                    .range("L3", at(day, 14, 0), 70, 75).range("G", at(day, 14, 0), 110, 120);
        }
        return bars.market();
    }

    @Test
    void sellingWinnersWhileHoldingLosers_isDetected() {
        // Per sale day: RG 1, PG 1 (G), PL 3 (L1–L3). Over 12 days: PGR = 12 / 24 = 0.5, PLR = 0 / 36 = 0,
        // SE = √(0.25 / 24) = 0.10206, t = 4.899.
        BehaviorAnalysis analysis = Analysis.analyze(sellsWinnersHoldsLosers(false).history(),
                pricesForHeldStocks(), Sensitivity.MEDIUM);
        Finding f = analysis.finding(Pattern.DISPOSITION_EFFECT);
        assertEquals(Status.DETECTED, f.status());
        assertEquals(new BigDecimal("0.5000"), f.metrics().get("de"));
        assertEquals(new BigDecimal("4.8990"), f.metrics().get("t"));
        assertEquals(12, f.evidenceCount());
        Evidence day1 = f.evidence().get(0);
        assertEquals(List.of("f006"), day1.tradeIds());
        assertEquals(List.of("X1"), day1.values().get("realisedGains"));
        assertEquals(List.of("L1", "L2", "L3"), day1.values().get("paperLosses"));
        assertEquals(List.of("G"), day1.values().get("paperGains"));
        assertTrue(analysis.recommendations().stream().anyMatch(r -> r.finding() == Pattern.DISPOSITION_EFFECT
                && r.text().contains("PGR 0.50 vs PLR 0.00")));
    }

    /**
     * The strongest disposition effect there is: three losers held throughout (bars 70–95, below their cost of 100)
     * and on each of 12 days a fresh stock sold at a gain. RG 12, PG 0, RL 0, PL 36: PGR = 1, PLR = 0, DE = +1. Both
     * proportions are certain, so the standard error is 0 and t = DE / 0 = +∞: no finite t threshold can refuse it.
     */
    @Test
    void sellingEveryWinnerWhileHoldingOnlyLosers_isDetectedWithAnInfiniteT() {
        Trades t = new Trades();
        Bars bars = new Bars();
        for (String loser : List.of("L1", "L2", "L3")) {
            t.buy(at(0, 9, 0), loser, "10", "100");
        }
        for (int day = 1; day <= 12; day++) {
            t.roundTrip(at(day, 10, 0), Duration.ofHours(5), "X" + day, "10", "100", "102");
            bars.range("L1", at(day, 14, 0), 80, 90).range("L2", at(day, 14, 0), 85, 95)
                    .range("L3", at(day, 14, 0), 70, 75);
        }

        BehaviorAnalysis analysis = Analysis.analyze(t.history(), bars.market(), Sensitivity.LOW);
        Finding f = analysis.finding(Pattern.DISPOSITION_EFFECT);

        assertEquals(Status.DETECTED, f.status());
        assertEquals(new BigDecimal("1.0000"), f.metrics().get("de"));
        assertEquals(new BigDecimal("0.0000"), f.metrics().get("standardError"));
        assertNull(f.metrics().get("t"), "an infinite t is left out of the metrics, as every infinity");
        assertEquals(new BigDecimal("1.0000"), f.score());
        assertTrue(f.summary().contains("DE +1.000, t ∞"), f.summary());
        assertTrue(analysis.recommendations().stream().anyMatch(r -> r.finding() == Pattern.DISPOSITION_EFFECT
                && r.text().contains("DE +1.00, t ∞")), analysis.recommendations().toString());
    }

    /**
     * Holds four winners (G1–G4, bars 110–120) and six losers (L1–L6, bars 80–90) bought at 100; on each of 64 days
     * sells a fresh winner W (100 → 102) and a fresh loser X (100 → 98), both held five hours, so the hold ratio is 1.
     * Per sale day RG 1, PG 4, RL 1, PL 6: PGR = 64 / 320 = 0.2, PLR = 64 / 448 = 1/7, DE = 0.2 − 1/7 = 0.05714;
     * SE = √(0.2 × 0.8 / 320 + (1/7)(6/7) / 448) = 0.02781, t = 2.055 — past the medium preset's 0.05 and 1.96.
     * The score is 0.5 at the threshold and 1 at twice it: 0.05714 / (2 × 0.05) = 0.5714.
     */
    @Test
    void deJustPastTheMediumThreshold_isDetected_andScoresHalfAtTheThresholdAndOneAtTwiceIt() {
        Trades t = new Trades();
        Bars bars = new Bars();
        for (int i = 1; i <= 6; i++) {
            if (i <= 4) {
                t.buy(at(0, 9, 0), "G" + i, "10", "100");
            }
            t.buy(at(0, 9, 0), "L" + i, "10", "100");
        }
        for (int day = 1; day <= 64; day++) {
            t.roundTrip(at(day, 10, 0), Duration.ofHours(5), "W" + day, "10", "100", "102");
            t.roundTrip(at(day, 10, 0), Duration.ofHours(5), "X" + day, "10", "100", "98");
            for (int i = 1; i <= 6; i++) {
                if (i <= 4) {
                    bars.range("G" + i, at(day, 14, 0), 110, 120);
                }
                bars.range("L" + i, at(day, 14, 0), 80, 90);
            }
        }

        Finding f = Analysis.analyze(t.history(), bars.market(), Sensitivity.MEDIUM)
                .finding(Pattern.DISPOSITION_EFFECT);

        assertEquals(Status.DETECTED, f.status());
        assertEquals(new BigDecimal("0.0571"), f.metrics().get("de"));
        assertEquals(new BigDecimal("2.0549"), f.metrics().get("t"));
        assertEquals(new BigDecimal("1.0000"), f.metrics().get("loserToWinnerHoldRatio"));
        assertEquals(new BigDecimal("0.5714"), f.score());
        assertEquals(Severity.LOW, f.severity());
    }

    @Test
    void sellingLosersWhileHoldingAWinner_isNotDetected() {
        Finding f = Analysis.analyze(sellsWinnersHoldsLosers(true).history(), pricesForHeldStocks(),
                Sensitivity.HIGH).finding(Pattern.DISPOSITION_EFFECT);
        assertEquals(Status.NOT_DETECTED, f.status());
        assertEquals(new BigDecimal("-0.2500"), f.metrics().get("de"));
    }

    @Test
    void losersHeldMuchLongerThanWinners_isDetectedByTheHoldRatio() {
        Trades t = new Trades();
        for (int i = 0; i < 12; i++) {
            boolean win = i % 2 == 0;
            t.roundTrip(at(i, 10, 0), Duration.ofHours(win ? 1 : 4), "AAPL", "10", "100", win ? "101" : "99");
        }
        Finding f = Analysis.analyze(t.history(), Sensitivity.MEDIUM).finding(Pattern.DISPOSITION_EFFECT);
        assertEquals(Status.DETECTED, f.status());
        assertEquals(new BigDecimal("4.0000"), f.metrics().get("loserToWinnerHoldRatio"));
        assertEquals(6, f.evidenceCount() - 12, "12 sale days plus the 6 long-held losers");
    }

    @Test
    void cuttingLosersFasterThanWinners_isNotDetected() {
        Finding f = Analysis.analyze(new Trades().disciplined("AAPL", 0, 10).history(), Sensitivity.HIGH)
                .finding(Pattern.DISPOSITION_EFFECT);
        assertEquals(Status.NOT_DETECTED, f.status());
        assertEquals(new BigDecimal("0.5000"), f.metrics().get("loserToWinnerHoldRatio"));
    }
}
