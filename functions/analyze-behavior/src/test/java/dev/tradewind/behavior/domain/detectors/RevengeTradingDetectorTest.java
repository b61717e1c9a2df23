package dev.tradewind.behavior.domain.detectors;

import static dev.tradewind.behavior.domain.Trades.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.behavior.domain.Analysis;
import dev.tradewind.behavior.domain.AnalysisOptions;
import dev.tradewind.behavior.domain.BehaviorAnalysis;
import dev.tradewind.behavior.domain.BehaviorAnalyzer;
import dev.tradewind.behavior.domain.CooldownAdvice;
import dev.tradewind.behavior.domain.Evidence;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.MarketContext;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Recommendation;
import dev.tradewind.behavior.domain.Sensitivity;
import dev.tradewind.behavior.domain.Status;
import dev.tradewind.behavior.domain.TradeHistory;
import dev.tradewind.behavior.domain.Trades;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevengeTradingDetectorTest {

    /**
     * Ten disciplined days, then on days 10 and 11 a 2.5 % loss (buy 10 @ 100, sell @ 75 = −250 on 10,000) followed
     * 10 minutes later by an entry at 1.5× the losing trade's notional (20 @ 75 = 1,500 against 1,000).
     */
    private static Trades withRevengeEntries(int minutesAfter, String quantity) {
        Trades t = new Trades().equity("10000").disciplined("AAPL", 0, 10);
        for (int day = 10; day < 12; day++) {
            String[] loss = t.roundTrip(at(day, 10, 0), Duration.ofHours(1), "MSFT", "10", "100", "75");
            Instant entry = at(day, 11, minutesAfter);
            t.roundTrip(entry, Duration.ofMinutes(50), "MSFT", quantity, "75", "75.5");
            assertNotNull(loss);
        }
        return t;
    }

    @Test
    void largerEntriesSoonAfterLargeLosses_areDetectedWithBothTradesAsEvidence() {
        BehaviorAnalysis analysis = Analysis.analyze(withRevengeEntries(10, "20").history(), Sensitivity.MEDIUM);
        Finding f = analysis.finding(Pattern.REVENGE_TRADING);

        assertEquals(Status.DETECTED, f.status());
        assertEquals(2, f.evidenceCount());
        // Day 10: the loss is round trip f041/f042, the revenge entry f043; day 11: f046, f047.
        assertEquals(List.of("f042", "f043"), f.evidence().get(0).tradeIds());
        assertEquals(List.of("f046", "f047"), f.evidence().get(1).tradeIds());
        Evidence first = f.evidence().get(0);
        assertEquals(at(10, 11, 10), first.time());
        assertEquals(0, new BigDecimal("250").compareTo((BigDecimal) first.values().get("loss")));
        // Equity before the loss: 10,000 + the background's +100 (12 wins × 15 − 8 losses × 10); 250 / 10,100.
        assertEquals(new BigDecimal("2.4752"), first.values().get("lossPctOfEquity"));
        assertEquals(new BigDecimal("10.0000"), first.values().get("minutesAfterLoss"));
        assertEquals(new BigDecimal("1.5000"), first.values().get("sizeRatio"));
        assertEquals("PCT_OF_EQUITY", f.metrics().get("lossThresholdBasis"));
        assertEquals(2L, f.metrics().get("qualifyingLosses"));
    }

    @Test
    void detectedRevenge_recommendsTheCooldownTheGuardrailCanEnforce() {
        BehaviorAnalysis analysis = Analysis.analyze(withRevengeEntries(10, "20").history(), Sensitivity.MEDIUM);
        Recommendation r = analysis.recommendations().stream()
                .filter(x -> x.finding() == Pattern.REVENGE_TRADING).findFirst().orElseThrow();
        assertTrue(r.guardrail());
        assertTrue(r.text().startsWith("2 entries within 45 min after losses of 2.0% of equity or more, at 1.50×"),
                r.text());
        assertTrue(r.text().contains("wait 60 minutes"), r.text());
        CooldownAdvice cooldown = analysis.cooldown();
        assertTrue(cooldown.recommended());
        CooldownAdvice.Rule rule = cooldown.rules().get(0);
        assertEquals(CooldownAdvice.Trigger.LOSS_PCT_OF_EQUITY, rule.trigger());
        assertEquals(0, new BigDecimal("2").compareTo(rule.threshold()));
        assertEquals(60, rule.minutes());
        assertNull(cooldown.activeUntil(), "the last loss is long past at the analysis time");
        assertNull(cooldown.activeRule());
        assertNull(cooldown.triggeredAt());
    }

    @Test
    void cooldownIsInForce_whenTheLatestCloseMetTheRuleMomentsAgo() {
        Trades t = withRevengeEntries(10, "20");
        String[] fresh = t.roundTrip(at(13, 10, 0), Duration.ofHours(1), "MSFT", "10", "100", "70");
        Instant now = at(13, 11, 20);
        BehaviorAnalysis analysis = new BehaviorAnalyzer(MarketContext.NONE)
                .analyze(t.history(), AnalysisOptions.of(Sensitivity.MEDIUM), now);
        assertEquals(at(13, 12, 0), analysis.cooldown().activeUntil(), fresh[1] + " closed at 11:00, +60 min");
        assertEquals(Pattern.REVENGE_TRADING, analysis.cooldown().activeRule().finding());
        assertEquals(at(13, 11, 0), analysis.cooldown().triggeredAt());
        assertEquals(fresh[1], analysis.cooldown().triggeredBy());
    }

    @Test
    void largerEntriesLongAfterTheLoss_areNotRevengeEntries_butLossChasingStillSeesTheSizing() {
        Finding f = Analysis.analyze(withRevengeEntries(180, "20").history(), Sensitivity.MEDIUM)
                .finding(Pattern.REVENGE_TRADING);
        assertEquals(0L, f.metrics().get("revengeEntries"));
        assertEquals(0, f.evidenceCount());
        // Both entries after the MSFT losses are 1.5× the median; none after a gain is: LC = 2/10 − 0/21 = 0.2.
        assertEquals(new BigDecimal("0.2000"), f.metrics().get("lossChasing"));
        assertEquals(Status.DETECTED, f.status());
    }

    @Test
    void sameLossesFollowedByPatientSameSizeEntries_areNotDetected() {
        Finding f = Analysis.analyze(withRevengeEntries(180, "10").history(), Sensitivity.MEDIUM)
                .finding(Pattern.REVENGE_TRADING);
        assertEquals(Status.NOT_DETECTED, f.status());
        assertEquals(0, f.evidenceCount());
        assertNull(f.severity());
        assertEquals(new BigDecimal("0.0000"), f.metrics().get("lossChasing"));
    }

    @Test
    void sameLossesFollowedBySmallerEntries_areNotRevenge() {
        Finding f = Analysis.analyze(withRevengeEntries(10, "10").history(), Sensitivity.MEDIUM)
                .finding(Pattern.REVENGE_TRADING);
        assertEquals(Status.NOT_DETECTED, f.status());
    }

    @Test
    void lowSensitivity_needsThreeRevengeEntries() {
        Finding f = Analysis.analyze(withRevengeEntries(10, "20").history(), Sensitivity.LOW)
                .finding(Pattern.REVENGE_TRADING);
        assertFalse(f.detected());
    }

    @Test
    void withoutEquity_theTradersMedianLossIsTheThreshold() {
        Trades t = withRevengeEntries(10, "20");
        Finding f = Analysis.analyze(TradeHistory.of(t.fills()), Sensitivity.MEDIUM).finding(Pattern.REVENGE_TRADING);
        assertEquals("MEDIAN_LOSS", f.metrics().get("lossThresholdBasis"));
        assertEquals(Status.DETECTED, f.status());
        assertEquals(2, f.evidenceCount());
    }

    /**
     * Without equity the threshold is the median loss itself, not that amount rounded to cents: five round trips of
     * 1 @ 100 sold at 96.665 each lose 3.335 (the median), and each is followed 10 minutes later by 2 @ 96.665
     * (notional 193.33, 1.93× the losing trade's 100). Every loss is at the median, so all five qualify and all five
     * entries are revenge entries; 3.335 rounded half-even to 3.34 would have let none of them count.
     */
    @Test
    void withoutEquity_lossesOfExactlyTheMedianLoss_qualify() {
        Trades t = new Trades();
        for (int day = 0; day < 5; day++) {
            t.roundTrip(at(day, 10, 0), Duration.ofHours(1), "AAPL", "1", "100", "96.665");
            t.roundTrip(at(day, 11, 10), Duration.ofMinutes(30), "AAPL", "2", "96.665", "97");
        }

        BehaviorAnalysis analysis = Analysis.analyze(t.history(), Sensitivity.MEDIUM);
        Finding f = analysis.finding(Pattern.REVENGE_TRADING);

        assertEquals("MEDIAN_LOSS", f.metrics().get("lossThresholdBasis"));
        assertEquals(0, new BigDecimal("3.335").compareTo((BigDecimal) f.metrics().get("lossThresholdAmount")),
                f.metrics().toString());
        assertEquals(5L, f.metrics().get("qualifyingLosses"));
        assertEquals(5L, f.metrics().get("revengeEntries"));
        assertEquals(Status.DETECTED, f.status());
        CooldownAdvice.Rule rule = analysis.cooldown().rules().get(0);
        assertEquals(CooldownAdvice.Trigger.LOSS_AMOUNT, rule.trigger());
        assertEquals(0, new BigDecimal("3.335").compareTo(rule.threshold()), rule.toString());
    }

    /**
     * Loss chasing without any large loss: 30 round trips of 1,000 notional; every one that follows a (small, 0.1 %)
     * loss is 2,000. Entries after a loss: all above the median size; after a gain: none. LC = 1 − 0 = 1.
     */
    @Test
    void lossChasingMetric_isTheDifferenceOfAboveMedianRiskAfterLossesAndAfterGains() {
        Trades t = new Trades().equity("100000");
        boolean previousLost = false;
        for (int i = 0; i < 30; i++) {
            boolean lose = i % 3 == 0;
            String quantity = previousLost ? "20" : "10";
            t.roundTrip(at(i, 10, 0), Duration.ofHours(1), "AAPL", quantity, "100", lose ? "99" : "101");
            previousLost = lose;
        }
        Finding f = Analysis.analyze(t.history(), Sensitivity.MEDIUM).finding(Pattern.REVENGE_TRADING);
        assertEquals(10L, f.metrics().get("entriesAfterLoss"));
        assertEquals(19L, f.metrics().get("entriesAfterGain"));
        assertEquals(new BigDecimal("1.0000"), f.metrics().get("pAboveMedianRiskAfterLoss"));
        assertEquals(new BigDecimal("0.0000"), f.metrics().get("pAboveMedianRiskAfterGain"));
        assertEquals(new BigDecimal("1.0000"), f.metrics().get("lossChasing"));
        assertEquals(0L, f.metrics().get("revengeEntries"));
        assertEquals(Status.DETECTED, f.status(), "LC alone is enough");
    }

    /**
     * At high sensitivity (1 entry, ≥ 1.1× the losing trade's notional, within 90 min of a loss of ≥ 1 % of equity):
     * 10 @ 100.1 (notional 1,001) sold at 85 loses 151 of 10,000; 20 minutes later 11 @ 100.1 = 1,101.1 is exactly
     * 1.1× the losing trade's notional, though 1,101.1 / 1,001 is 1.0999999999999999 in doubles.
     */
    @Test
    void entryAtExactlyTheSizeMultiple_isARevengeEntry() {
        Trades t = new Trades().equity("10000");
        for (int day = 0; day < 10; day++) {
            t.roundTrip(at(day, 10, 0), Duration.ofHours(4), "AAPL", "10", "100", "101");
        }
        t.roundTrip(at(10, 9, 0), Duration.ofHours(1), "MSFT", "10", "100.1", "85");
        t.roundTrip(at(10, 10, 20), Duration.ofHours(1), "MSFT", "11", "100.1", "101");

        Finding f = Analysis.detect(new RevengeTradingDetector(), t.history(), MarketContext.NONE,
                Sensitivity.HIGH).finding();

        assertEquals(1L, f.metrics().get("qualifyingLosses"));
        assertEquals(1L, f.metrics().get("revengeEntries"), f.summary());
        assertEquals(Status.DETECTED, f.status(), f.summary());
    }

    /**
     * Detected by loss chasing alone: the day-10 entry comes 10 minutes after the loss (one revenge entry, below the 2
     * needed), the day-11 entry 3 hours after. Both are 1.5× the median size, none after a gain is: LC = 0.2, which
     * scores 0.2 / (2 × 0.15) = 0.6667; the one revenge entry, a signal not detected, adds nothing.
     */
    @Test
    void detectedByLossChasingAlone_scoresOnlyLossChasing() {
        Trades t = new Trades().equity("10000").disciplined("AAPL", 0, 10);
        t.roundTrip(at(10, 10, 0), Duration.ofHours(1), "MSFT", "10", "100", "75");
        t.roundTrip(at(10, 11, 10), Duration.ofMinutes(50), "MSFT", "20", "75", "75.5");
        t.roundTrip(at(11, 10, 0), Duration.ofHours(1), "MSFT", "10", "100", "75");
        t.roundTrip(at(11, 14, 0), Duration.ofMinutes(50), "MSFT", "20", "75", "75.5");

        Finding f = Analysis.analyze(t.history(), Sensitivity.MEDIUM).finding(Pattern.REVENGE_TRADING);

        assertEquals(1L, f.metrics().get("revengeEntries"));
        assertEquals(new BigDecimal("0.2000"), f.metrics().get("lossChasing"));
        assertEquals(Status.DETECTED, f.status());
        assertEquals(new BigDecimal("0.6667"), f.score(), f.summary());
    }
}
