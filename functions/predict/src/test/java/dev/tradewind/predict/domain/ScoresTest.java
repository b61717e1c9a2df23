package dev.tradewind.predict.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoresTest {

    private static Scores.Scored up(double p) {
        return new Scores.Scored(p, p > 0.5, true);
    }

    private static Scores.Scored down(double p) {
        return new Scores.Scored(p, p > 0.5, false);
    }

    @Test
    void scores_byHand() {
        // Hits: 0.8↑ yes, 0.6↓ no, 0.3↓ yes, 0.4↑ no → 0.5.
        // Brier: (0.04 + 0.36 + 0.09 + 0.36) / 4 = 0.2125.
        // Log-loss: −(ln 0.8 + ln 0.4 + ln 0.7 + ln 0.4) / 4.
        Scores scores = Scores.of(List.of(up(0.8), down(0.6), down(0.3), up(0.4)));
        assertEquals(4, scores.count());
        assertEquals(0.5, scores.hitRate());
        assertEquals(0.2125, scores.brier(), 1e-9);
        assertEquals(-(Math.log(0.8) + Math.log(0.4) + Math.log(0.7) + Math.log(0.4)) / 4, scores.logLoss(), 1e-6);
    }

    @Test
    void noForecasts_noScores() {
        Scores scores = Scores.of(List.of());
        assertEquals(0, scores.count());
        assertNull(scores.hitRate());
        assertNull(scores.brier());
        assertEquals(List.of(), scores.calibration());
    }

    @Test
    void calibration_equalCountBins_inForecastOrder() {
        List<Scores.Scored> forecasts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double p = 0.30 + i * 0.02;
            forecasts.add(i % 4 == 0 ? down(p) : up(p));
        }
        List<Scores.Bin> bins = Scores.of(forecasts).calibration();
        assertEquals(10, bins.size());
        assertEquals(new Scores.Bin(0.30, 0.32, 2, 0.31, 0.5), bins.getFirst());
        assertEquals(new Scores.Bin(0.66, 0.68, 2, 0.67, 1.0), bins.getLast());
    }

    @Test
    void calibration_neverSplitsEqualForecasts() {
        List<Scores.Scored> constant = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            constant.add(i < 10 ? up(0.52) : down(0.52));
        }
        List<Scores.Bin> bins = Scores.of(constant).calibration();
        assertEquals(List.of(new Scores.Bin(0.52, 0.52, 25, 0.52, 0.4)), bins);
    }

    @Test
    void fewerForecastsThanBins_oneBinEach() {
        assertEquals(3, Scores.of(List.of(up(0.1), up(0.2), down(0.3))).calibration().size());
    }
}
