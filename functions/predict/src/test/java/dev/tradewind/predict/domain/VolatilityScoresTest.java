package dev.tradewind.predict.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scoring rules against values computed by hand. */
class VolatilityScoresTest {

    @Test
    void qlike_isZeroWhenExact_andPenalisesUnderForecastingMore() {
        assertEquals(0.0, VolatilityScores.qlike(0.04, 0.04), 1e-15);
        // y/f = 2: 2 − ln 2 − 1 = 0.30685281944005469
        assertEquals(0.30685281944005469, VolatilityScores.qlike(0.01, 0.02), 1e-15);
        // y/f = 0.5: 0.5 − ln 0.5 − 1 = 0.19314718055994531
        assertEquals(0.19314718055994531, VolatilityScores.qlike(0.02, 0.01), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> VolatilityScores.qlike(0.01, 0));
    }

    @Test
    void intervalScore_isTheWidthInside_plusTwoOverAlphaTimesTheMissOutside() {
        // 80%: α = 0.2, 2/α = 10
        assertEquals(0.04, VolatilityScores.intervalScore(-0.02, 0.02, 0.01, 0.2), 1e-15);
        assertEquals(0.04, VolatilityScores.intervalScore(-0.02, 0.02, 0.02, 0.2), 1e-15);
        // above by 0.01: 0.04 + 10 · 0.01 = 0.14
        assertEquals(0.14, VolatilityScores.intervalScore(-0.02, 0.02, 0.03, 0.2), 1e-15);
        // 95%: α = 0.05, 2/α = 40; below by 0.005: 0.08 + 40 · 0.005 = 0.28
        assertEquals(0.28, VolatilityScores.intervalScore(-0.04, 0.04, -0.045, 0.05), 1e-12);
    }

    @Test
    void covers_includesTheBounds() {
        assertTrue(VolatilityScores.covers(90, 110, 90));
        assertTrue(VolatilityScores.covers(90, 110, 110));
        assertFalse(VolatilityScores.covers(90, 110, 110.01));
        assertFalse(VolatilityScores.covers(90, 110, 89.99));
    }

    @Test
    void realisedVariance_isTheSumOfSquaredLogReturnsFromTheForecastClose() {
        // ln(110/100)² + ln(99/110)² = 0.0953101798² + (−0.1053605157)² = 0.00908403 + 0.01110084
        double expected = Math.pow(Math.log(1.1), 2) + Math.pow(Math.log(0.9), 2);
        assertEquals(expected, VolatilityScores.realisedVariance(100, List.of(110.0, 99.0)), 1e-15);
        assertEquals(0.0201848686, VolatilityScores.realisedVariance(100, List.of(110.0, 99.0)), 1e-9);
        assertEquals(0.0, VolatilityScores.realisedVariance(100, List.of(100.0, 100.0)));
    }

    @Test
    void ewma_isSeededWithTheMeanSquaredReturn_thenUpdatedWithLambda094() {
        // closes 100, 110, 99: r² = 0.00908403, 0.01110084; seed = their mean 0.01009243
        // σ² ← 0.94 · 0.01009243 + 0.06 · 0.00908403 = 0.01003193
        // σ² ← 0.94 · 0.01003193 + 0.06 · 0.01110084 = 0.01009606
        double r1 = Math.pow(Math.log(1.1), 2);
        double r2 = Math.pow(Math.log(0.9), 2);
        double seed = (r1 + r2) / 2;
        double step1 = 0.94 * seed + 0.06 * r1;
        double step2 = 0.94 * step1 + 0.06 * r2;
        assertEquals(step2, VolatilityScores.ewmaNext(List.of(100.0, 110.0, 99.0)), 1e-15);
        assertEquals(0.0100961, VolatilityScores.ewmaNext(List.of(100.0, 110.0, 99.0)), 1e-7);
        // A flat series has no variance.
        assertEquals(0.0, VolatilityScores.ewmaNext(List.of(5.0, 5.0, 5.0)));
        assertThrows(IllegalArgumentException.class, () -> VolatilityScores.ewmaNext(List.of(5.0)));
    }
}
