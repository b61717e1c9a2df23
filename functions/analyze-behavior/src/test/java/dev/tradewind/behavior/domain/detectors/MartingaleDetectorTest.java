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
import dev.tradewind.behavior.domain.Sensitivity;
import dev.tradewind.behavior.domain.Status;
import dev.tradewind.behavior.domain.Trades;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MartingaleDetectorTest {

    @Test
    void doublingAfterEachLoss_isDetectedWithTheWholeChain() {
        Trades t = new Trades().disciplined("AAPL", 0, 5);
        String[] sizes = {"10", "20", "40", "80"};
        for (int k = 0; k < sizes.length; k++) {
            boolean last = k == sizes.length - 1;
            t.roundTrip(at(5, 9 + k, 0), Duration.ofMinutes(30), "ETHUSDT", sizes[k], "100", last ? "101" : "99");
        }
        BehaviorAnalysis analysis = Analysis.analyze(t.history(), Sensitivity.MEDIUM);
        Finding f = analysis.finding(Pattern.MARTINGALE);
        assertEquals(Status.DETECTED, f.status());
        assertEquals(3L, f.metrics().get("longestChain"));
        Evidence chain = f.evidence().get(0);
        assertEquals(List.of("f021", "f022", "f023", "f024", "f025", "f026", "f027", "f028"), chain.tradeIds());
        assertEquals(List.of(new BigDecimal("1000"), new BigDecimal("2000"), new BigDecimal("4000"),
                new BigDecimal("8000")), chain.values().get("notionals"));
        // −10 −20 −40 +80 = +10: the doubling "worked" this time, which is what makes it dangerous.
        assertEquals(0, new BigDecimal("10").compareTo((BigDecimal) chain.values().get("pnl")));
        assertTrue(analysis.cooldown().rules().stream().anyMatch(r -> r.finding() == Pattern.MARTINGALE
                && r.trigger() == CooldownAdvice.Trigger.CONSECUTIVE_LOSSES));
    }

    @Test
    void oneDoublingAfterALoss_isNotMartingaleAtMediumSensitivity() {
        Trades t = new Trades().disciplined("AAPL", 0, 5);
        t.roundTrip(at(5, 9, 0), Duration.ofMinutes(30), "ETHUSDT", "10", "100", "99");
        t.roundTrip(at(5, 10, 0), Duration.ofMinutes(30), "ETHUSDT", "20", "100", "101");
        Finding f = Analysis.analyze(t.history(), Sensitivity.MEDIUM).finding(Pattern.MARTINGALE);
        assertEquals(Status.NOT_DETECTED, f.status());
        assertEquals(1L, f.metrics().get("longestChain"));
    }

    /**
     * Losing 10 @ 100.7 (1,007), then 18 @ 100.7 (1,812.6) and 32.4 @ 100.7 (3,262.68): each exactly medium's 1.8×
     * the size before, a chain of 2 doublings, though 1.8 × 1,007 is 1812.6000000000001 in doubles.
     */
    @Test
    void sizesAtExactlyTheDoublingRatio_areLinks() {
        Trades t = new Trades().disciplined("AAPL", 0, 5);
        t.roundTrip(at(5, 9, 0), Duration.ofMinutes(30), "ETHUSDT", "10", "100.7", "99");
        t.roundTrip(at(5, 10, 0), Duration.ofMinutes(30), "ETHUSDT", "18", "100.7", "99");
        t.roundTrip(at(5, 11, 0), Duration.ofMinutes(30), "ETHUSDT", "32.4", "100.7", "101");
        Finding f = Analysis.analyze(t.history(), Sensitivity.MEDIUM).finding(Pattern.MARTINGALE);
        assertEquals(2L, f.metrics().get("longestChain"), f.summary());
        assertEquals(Status.DETECTED, f.status());
    }
}
