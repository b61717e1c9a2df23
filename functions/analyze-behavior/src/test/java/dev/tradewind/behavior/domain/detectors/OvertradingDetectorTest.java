package dev.tradewind.behavior.domain.detectors;

import static dev.tradewind.behavior.domain.Trades.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.behavior.domain.Analysis;
import dev.tradewind.behavior.domain.Evidence;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Sensitivity;
import dev.tradewind.behavior.domain.Severity;
import dev.tradewind.behavior.domain.Status;
import dev.tradewind.behavior.domain.Trades;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OvertradingDetectorTest {

    @Test
    void daysFarAboveTheTradersOwnBaseline_areDetected() {
        Trades t = new Trades().disciplined("AAPL", 0, 10);
        for (int day : new int[] {10, 11}) {
            for (int k = 0; k < 10; k++) {
                t.roundTrip(at(day, 9, 10 * k), Duration.ofMinutes(5), "AAPL", "10", "100", k % 2 == 0 ? "100.2"
                        : "99.9");
            }
        }
        Finding f = Analysis.analyze(t.history(), Sensitivity.MEDIUM).finding(Pattern.OVERTRADING);
        assertEquals(Status.DETECTED, f.status());
        assertEquals(2L, f.metrics().get("spikeDays"));
        Evidence day10 = f.evidence().get(0);
        assertEquals("2024-03-14", day10.values().get("day"));
        assertEquals(20L, day10.values().get("fills"));
        // Baseline for day 10: the other 11 active days, ten with 4 fills and day 11 with 20: mean 5.4545.
        assertEquals(new BigDecimal("5.4545"), day10.values().get("baselineMean"));
        assertEquals(20, day10.tradeIds().size());
        assertTrue(f.summary().startsWith("2 days with"), f.summary());
    }

    @Test
    void feesEatingMostOfGrossProfit_isDetectedAsFeeDrag() {
        Trades t = new Trades().fee("4").disciplined("AAPL", 0, 10);
        Finding f = Analysis.analyze(t.history(), Sensitivity.MEDIUM).finding(Pattern.OVERTRADING);
        // Gross: 12 wins × 15 − 8 losses × 10 = 100; fees 40 fills × 4 = 160 → drag 1.6.
        assertEquals(new BigDecimal("1.6000"), f.metrics().get("feeDrag"));
        assertEquals(Status.DETECTED, f.status());
        assertEquals(0L, f.metrics().get("spikeDays"));
    }

    @Test
    void aSteadyPaceWithSmallFees_isNotOvertrading() {
        Trades t = new Trades().fee("0.5").disciplined("AAPL", 0, 10);
        Finding f = Analysis.analyze(t.history(), Sensitivity.HIGH).finding(Pattern.OVERTRADING);
        assertEquals(Status.NOT_DETECTED, f.status());
        assertEquals(new BigDecimal("0.2000"), f.metrics().get("feeDrag"));
    }

    /**
     * Detected by fee drag alone at exactly its medium threshold: 20 round trips of 1 @ 100 → 101 (gross +20) with
     * 0.25 fees per fill (fees 10), a drag of 10 / 20 = 0.5. One spike day (day 5: 20 fills against 4 a day) is below
     * the 2 days needed, so that signal is not detected and adds nothing: the score is 0.5, as at any threshold.
     */
    @Test
    void detectedByFeeDragAtItsThreshold_scoresHalf_withoutTheUndetectedSpikeDay() {
        Trades t = new Trades().fee("0.25");
        for (int day = 0; day < 5; day++) {
            for (int k = 0; k < 2; k++) {
                t.roundTrip(at(day, 10 + 2 * k, 0), Duration.ofHours(1), "AAPL", "1", "100", "101");
            }
        }
        for (int k = 0; k < 10; k++) {
            t.roundTrip(at(5, 8, 5 * k), Duration.ofMinutes(2), "AAPL", "1", "100", "101");
        }
        Finding f = Analysis.analyze(t.history(), Sensitivity.MEDIUM).finding(Pattern.OVERTRADING);

        assertEquals(new BigDecimal("0.5000"), f.metrics().get("feeDrag"));
        assertEquals(1L, f.metrics().get("spikeDays"));
        assertEquals(Status.DETECTED, f.status());
        assertEquals(new BigDecimal("0.5000"), f.score(), f.summary());
        assertEquals(Severity.LOW, f.severity());
    }
}
