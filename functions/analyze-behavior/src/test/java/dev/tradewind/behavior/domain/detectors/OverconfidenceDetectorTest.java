package dev.tradewind.behavior.domain.detectors;

import static dev.tradewind.behavior.domain.Trades.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.behavior.domain.Analysis;
import dev.tradewind.behavior.domain.BehaviorAnalysis;
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

class OverconfidenceDetectorTest {

    /** Three cycles: three winning trades of 10 units, then one of {@code nextQuantity}, which loses. */
    private static Trades streaks(String nextQuantity) {
        Trades t = new Trades();
        int day = 0;
        for (int cycle = 0; cycle < 3; cycle++) {
            for (int k = 0; k < 3; k++) {
                t.roundTrip(at(day++, 10, 0), Duration.ofHours(1), "AAPL", "10", "100", "101");
            }
            t.roundTrip(at(day++, 10, 0), Duration.ofHours(1), "AAPL", nextQuantity, "100", "99");
        }
        return t;
    }

    @Test
    void sizingUpAfterWinStreaks_isDetectedWithTheStreakAndTheEntry() {
        Finding f = Analysis.analyze(streaks("25").history(), Sensitivity.MEDIUM).finding(Pattern.OVERCONFIDENCE);
        assertEquals(Status.DETECTED, f.status());
        assertEquals(3L, f.metrics().get("sizeUpsAfterStreaks"));
        Evidence first = f.evidence().get(0);
        // Streak f002, f004, f006 (the three winning exits), then the 25-unit entry f007.
        assertEquals(List.of("f002", "f004", "f006", "f007"), first.tradeIds());
        assertEquals(new BigDecimal("2.5000"), first.values().get("sizeGrowth"));
    }

    @Test
    void keepingTheSameSizeAfterStreaks_isNotDetected() {
        Finding f = Analysis.analyze(streaks("10").history(), Sensitivity.HIGH).finding(Pattern.OVERCONFIDENCE);
        assertEquals(Status.NOT_DETECTED, f.status());
        assertEquals(3L, f.metrics().get("streaksFollowedByEntry"));
        assertEquals(new BigDecimal("1.0000"), f.metrics().get("meanGrowthAfterStreaks"));
    }

    @Test
    void biggerPositionsAfterGainsThanAfterLosses_isTheHouseMoneyEffect() {
        Trades t = new Trades();
        boolean previousWon = false;
        for (int i = 0; i < 24; i++) {
            boolean win = i % 2 == 0;
            t.roundTrip(at(i, 10, 0), Duration.ofHours(1), "AAPL", previousWon ? (i % 4 == 1 ? "20" : "18") : "10",
                    "100", win ? "101" : "99");
            previousWon = win;
        }
        Finding f = Analysis.analyze(t.history(), Sensitivity.MEDIUM).finding(Pattern.OVERCONFIDENCE);
        assertEquals(Status.DETECTED, f.status());
        // After gains: 12 entries averaging 1,900; after losses: 11 of 1,000.
        assertEquals(new BigDecimal("1.9000"), f.metrics().get("gainToLossSizeRatio"));
    }

    /**
     * Detected by the house-money effect alone: one 2.5× entry after three wins (below the 2 needed at medium), then
     * 24 trades alternating win and loss, 14 or 15 units after a win and 10 after a loss. Size after gains ÷ after
     * losses = 1.46, which scores 0.46 / (2 × 0.3) = 0.7667; the single size-up, a signal not detected, adds nothing.
     */
    @Test
    void detectedByHouseMoneyAlone_scoresOnlyTheHouseMoneyEffect() {
        Trades t = new Trades();
        for (int day = 0; day < 3; day++) {
            t.roundTrip(at(day, 10, 0), Duration.ofHours(1), "AAPL", "10", "100", "101");
        }
        t.roundTrip(at(3, 10, 0), Duration.ofHours(1), "AAPL", "25", "100", "99");
        for (int i = 0; i < 24; i++) {
            boolean win = i % 2 == 0;
            String quantity = win ? "10" : i % 4 == 1 ? "14" : "15";
            t.roundTrip(at(4 + i, 10, 0), Duration.ofHours(1), "AAPL", quantity, "100", win ? "101" : "99");
        }
        Finding f = Analysis.analyze(t.history(), Sensitivity.MEDIUM).finding(Pattern.OVERCONFIDENCE);

        assertEquals(1L, f.metrics().get("sizeUpsAfterStreaks"));
        assertEquals(new BigDecimal("1.4600"), f.metrics().get("gainToLossSizeRatio"));
        assertEquals(Status.DETECTED, f.status());
        assertEquals(new BigDecimal("0.7667"), f.score(), f.summary());
    }

    /**
     * 24 round trips alternating win and loss, every entry after a gain 20 units and every one after a loss 10: the
     * sizes after gains are twice those after losses with no spread on either side, a certain difference. Welch's
     * standard error is 0, so t = +∞, which every threshold accepts (as the disposition effect's t).
     */
    @Test
    void alwaysTwiceTheSizeAfterGains_isDetectedWithAnInfiniteWelchT() {
        Trades t = new Trades();
        boolean previousWon = false;
        for (int i = 0; i < 24; i++) {
            boolean win = i % 2 == 0;
            t.roundTrip(at(i, 10, 0), Duration.ofHours(1), "AAPL", previousWon ? "20" : "10", "100",
                    win ? "101" : "99");
            previousWon = win;
        }
        BehaviorAnalysis analysis = Analysis.analyze(t.history(), Sensitivity.LOW);
        Finding f = analysis.finding(Pattern.OVERCONFIDENCE);

        assertEquals(Status.DETECTED, f.status(), f.summary());
        assertEquals(new BigDecimal("2.0000"), f.metrics().get("gainToLossSizeRatio"));
        assertFalse(f.metrics().containsKey("welchT"), "an infinite t is left out of the metrics, as every infinity");
        assertTrue(f.summary().contains("(Welch t ∞)"), f.summary());
        assertTrue(analysis.recommendations().stream().anyMatch(r -> r.finding() == Pattern.OVERCONFIDENCE
                && r.text().contains("(t ∞)")), analysis.recommendations().toString());
    }
}
