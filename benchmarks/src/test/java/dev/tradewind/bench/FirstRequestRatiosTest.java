package dev.tradewind.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FirstRequestRatiosTest {

    @Test
    void of_oddRuns_medianIsTheMiddleRun_spreadIsLowestToHighest() {
        FirstRequestRatios ratios = FirstRequestRatios.of(new double[] {2.6, 1.4, 3.1, 1.9, 2.2});
        assertEquals(2.2, ratios.median());
        assertEquals(1.4, ratios.lowest());
        assertEquals(3.1, ratios.highest());
        assertTrue(ratios.missed());
        assertEquals(FirstRequestRatios.Verdict.MIXED, ratios.verdict(), "runs on both sides of 2×");
    }

    @Test
    void of_evenRuns_medianIsTheMeanOfTheMiddleTwo() {
        assertEquals(1.5, FirstRequestRatios.of(new double[] {1.0, 2.0, 1.2, 1.8}).median(), 1e-12);
    }

    @Test
    void verdict_everyRunOver_orEveryRunWithin_exactlyTwoIsWithin() {
        assertEquals(FirstRequestRatios.Verdict.OVER_IN_EVERY_RUN,
                FirstRequestRatios.of(new double[] {2.01, 4.0, 5.5}).verdict());
        FirstRequestRatios within = FirstRequestRatios.of(new double[] {0.7, 1.3, 2.0});
        assertEquals(FirstRequestRatios.Verdict.WITHIN_IN_EVERY_RUN, within.verdict());
        assertFalse(within.missed());
    }

    @Test
    void of_noRuns_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> FirstRequestRatios.of(new double[0]));
    }
}
