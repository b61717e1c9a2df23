package dev.tradewind.behavior.domain.detectors;

import static dev.tradewind.behavior.domain.Trades.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.behavior.domain.Analysis;
import dev.tradewind.behavior.domain.BehaviorAnalysis;
import dev.tradewind.behavior.domain.CooldownAdvice;
import dev.tradewind.behavior.domain.Evidence;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.RuleBreak;
import dev.tradewind.behavior.domain.Sensitivity;
import dev.tradewind.behavior.domain.Status;
import dev.tradewind.behavior.domain.TradeHistory;
import dev.tradewind.behavior.domain.Trades;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TiltDetectorTest {

    /**
     * Ten disciplined days, then day 10: three quick losses in a row, each followed within minutes by a larger entry,
     * six entries (f041 … f051) in 68 minutes against a usual one per window.
     */
    private static Trades tiltingDay(String quantity) {
        Trades t = new Trades().disciplined("AAPL", 0, 10);
        int minute = 0;
        for (int k = 0; k < 6; k++) {
            t.roundTrip(at(10, 9, minute), Duration.ofMinutes(8), "AAPL", k == 0 ? "10" : quantity, "100", "98");
            minute += 12;
        }
        return t;
    }

    @Test
    void aBurstOfLargerEntriesAfterConsecutiveLosses_isATiltEpisode() {
        BehaviorAnalysis analysis = Analysis.analyze(tiltingDay("20").history(), Sensitivity.MEDIUM);
        Finding f = analysis.finding(Pattern.TILT);
        assertEquals(Status.DETECTED, f.status());
        assertEquals(1L, f.metrics().get("episodes"));
        Evidence episode = f.evidence().get(0);
        assertEquals(at(10, 9, 8), episode.time());
        assertTrue(episode.tradeIds().containsAll(List.of("f042", "f043", "f051")), episode.tradeIds().toString());
        assertTrue(((BigDecimal) episode.values().get("composite")).doubleValue() >= 0.55);
        CooldownAdvice.Rule rule = analysis.cooldown().rules().stream().filter(r -> r.finding() == Pattern.TILT)
                .findFirst().orElseThrow();
        assertEquals(CooldownAdvice.Trigger.CONSECUTIVE_LOSSES, rule.trigger());
        assertEquals(120, rule.minutes());
    }

    /**
     * The most fills an analysis takes, sent inline by any signed-in caller: 5,000 losing round trips a second apart,
     * sizes doubling, so each loss's 2-hour window holds thousands of the same entries, merged into one episode that
     * names each once. (Merging once looked each entry up in a list: over 100 s, past the function's 20 s timeout;
     * the time is the behavior-analysis benchmark's, docs/benchmarks.md.)
     */
    @Test
    void theMostFillsAnAnalysisTakes_inOverlappingLossWindows_areOneEpisode_namingEachTradeOnce() {
        Trades t = new Trades();
        for (int k = 0; k < TradeHistory.MAX_FILLS / 2; k++) {
            t.roundTrip(at(0, 9, 0).plusSeconds(2L * k), Duration.ofSeconds(1), "AAPL",
                    Integer.toString(1 << (k % 10)), "100", "90");
        }
        TradeHistory history = t.history();

        Finding f = Analysis.analyze(history, Sensitivity.MEDIUM).finding(Pattern.TILT);

        assertEquals(Status.DETECTED, f.status());
        assertEquals(1L, f.metrics().get("episodes"));
        List<String> ids = f.evidence().get(0).tradeIds();
        assertEquals(Set.copyOf(ids).size(), ids.size(), "each loss and entry once");
    }

    @Test
    void brokenRulesAddToTheComposite() {
        TradeHistory history = tiltingDay("10").history();
        Finding withoutBreaks = Analysis.analyze(history, Sensitivity.MEDIUM).finding(Pattern.TILT);
        List<RuleBreak> breaks = List.of(new RuleBreak(at(10, 9, 30), "MAX_DAILY_LOSS_PCT", "f045", "recorded"));
        Finding withBreaks = Analysis.analyze(history.withRuleBreaks(breaks), Sensitivity.MEDIUM)
                .finding(Pattern.TILT);
        assertTrue(((BigDecimal) withBreaks.metrics().get("maxComposite")).compareTo(
                (BigDecimal) withoutBreaks.metrics().get("maxComposite")) > 0);
    }

    @Test
    void isolatedLossesAtTheUsualPace_areNotTilt() {
        Finding f = Analysis.analyze(new Trades().disciplined("AAPL", 0, 12).history(), Sensitivity.HIGH)
                .finding(Pattern.TILT);
        assertEquals(Status.NOT_DETECTED, f.status());
        assertEquals(0L, f.metrics().get("episodes"));
    }

    /**
     * Composite = 0.30 × 1 (3 entries in the window vs a baseline of 1: the full-score 3×) + 0.30 × 0.5 (largest entry
     * 1,250 vs the median 1,000 = 1.25×, half of the full-score 1.5×) + 0.20 × 0.5 (2 losses in a row, half of the
     * full-score 3) + 0.20 × 0 = 0.55, the medium threshold, though the sum in doubles is 0.5499999999999999.
     */
    @Test
    void compositeExactlyAtTheMediumThreshold_isAnEpisode() {
        Trades t = new Trades();
        for (int day = 0; day < 10; day++) {
            t.roundTrip(at(day, 10, 0), Duration.ofHours(4), "AAPL", "10", "100", "101");
        }
        t.roundTrip(at(10, 8, 0), Duration.ofMinutes(30), "AAPL", "10", "100", "99");   // loss, streak 1
        t.roundTrip(at(10, 10, 0), Duration.ofMinutes(30), "AAPL", "10", "100", "99");  // loss, streak 2, closes 10:30
        t.buy(at(10, 10, 40), "MSFT", "10", "100");
        t.buy(at(10, 10, 50), "NVDA", "10", "100");
        t.buy(at(10, 11, 0), "AMZN", "12.5", "100");
        t.sell(at(10, 16, 0), "MSFT", "10", "101");
        t.sell(at(10, 16, 0), "NVDA", "10", "101");
        t.sell(at(10, 16, 0), "AMZN", "12.5", "101");

        Finding f = Analysis.analyze(t.history(), Sensitivity.MEDIUM).finding(Pattern.TILT);

        assertEquals(new BigDecimal("0.5500"), f.metrics().get("maxComposite"));
        assertEquals(new BigDecimal("0.5500"), f.metrics().get("compositeMin"));
        assertEquals(1L, f.metrics().get("episodes"), f.summary());
        assertEquals(Status.DETECTED, f.status(), f.summary());
    }
}
