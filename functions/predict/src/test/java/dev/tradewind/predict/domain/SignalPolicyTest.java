package dev.tradewind.predict.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.model.ForecastModel;
import dev.tradewind.predict.service.ModelRegistry;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.Repository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignalPolicyTest {

    private static ModelRegistry models;
    private static BundledHistory history;

    @BeforeAll
    static void loadTheServedModels() {
        models = ModelRegistry.load(Optional.of(Repository.path("models")));
        history = BundledHistory.load(Repository.path("data/market"));
    }

    @AfterAll
    static void closeTheModels() {
        models.close();
    }

    @Test
    void thresholds_buyAtOrAbove55_sellAtOrBelow45_holdBetween() {
        assertEquals(Signal.BUY, SignalPolicy.signal(0.55f, false));
        assertEquals(Signal.BUY, SignalPolicy.signal(0.9f, false));
        assertEquals(Signal.HOLD, SignalPolicy.signal(0.549f, false));
        assertEquals(Signal.HOLD, SignalPolicy.signal(0.5f, false));
        assertEquals(Signal.HOLD, SignalPolicy.signal(0.451f, false));
        assertEquals(Signal.SELL, SignalPolicy.signal(0.45f, false));
        assertEquals(Signal.SELL, SignalPolicy.signal(0.1f, false));
    }

    /** 0.55f is 0.55000001, above the double 0.55; the float below it, 0.54999995, rounds to the BUY's 0.1. */
    @Test
    void confidence_floatsEitherSideOfTheThresholds_holdStaysBelowTheBuyAndSellConfidence() {
        assertEquals(Signal.BUY, SignalPolicy.signal(0.55f, false));
        assertEquals(0.1, SignalPolicy.confidence(0.55f, false));
        assertEquals(Signal.HOLD, SignalPolicy.signal(Math.nextDown(0.55f), false));
        assertEquals(0.0999, SignalPolicy.confidence(Math.nextDown(0.55f), false));
        assertEquals(Signal.SELL, SignalPolicy.signal(0.45f, false));
        assertEquals(0.1, SignalPolicy.confidence(0.45f, false));
        assertEquals(Signal.HOLD, SignalPolicy.signal(Math.nextUp(0.45f), false));
        assertEquals(0.0999, SignalPolicy.confidence(Math.nextUp(0.45f), false));
    }

    @Test
    void signal_isBuyOrSellExactlyWhenTheServedConfidenceReaches010() {
        for (float edge : new float[] {0.55f, 0.45f}) {
            for (float p = edge - 1e-4f; p <= edge + 1e-4f; p = Math.nextUp(p)) {
                double confidence = SignalPolicy.confidence(p, false);
                Signal signal = SignalPolicy.signal(p, false);
                assertEquals(confidence >= 0.1, signal != Signal.HOLD, p + " gave " + signal + " at " + confidence);
            }
        }
    }

    @Test
    void staleData_alwaysHolds() {
        assertEquals(Signal.HOLD, SignalPolicy.signal(0.9f, true));
        assertEquals(Signal.HOLD, SignalPolicy.signal(0.1f, true));
    }

    @Test
    void confidence_isTheDistanceFromACoinFlip_cappedForLowConfidenceModels() {
        assertEquals(0.2, SignalPolicy.confidence(0.6f, false), 1e-4);
        assertEquals(0.2, SignalPolicy.confidence(0.4f, false), 1e-4);
        assertEquals(0.0, SignalPolicy.confidence(0.5f, false));
        assertEquals(0.05, SignalPolicy.confidence(0.6f, true));
        assertEquals(0.05, SignalPolicy.confidence(0.1f, true));
        assertEquals(0.02, SignalPolicy.confidence(0.51f, true), 1e-4);
    }

    @Test
    void cryptoHoldout_isBuyOn15PercentOfHours_andSellOn11Percent_asDocsForecastsMdSays() {
        ForecastModel model = models.model(Interval.H1).orElseThrow();
        int buy = 0;
        int sell = 0;
        int hours = 0;
        for (String symbol : model.card().symbols()) {
            for (List<Candle> window : holdoutWindows(model, symbol)) {
                Signal signal = SignalPolicy.signal(model.predict(model.features(window)), false);
                buy += signal == Signal.BUY ? 1 : 0;
                sell += signal == Signal.SELL ? 1 : 0;
                hours++;
            }
        }

        assertEquals(11_595, hours);
        assertEquals(15, Math.round(100.0 * buy / hours), "docs/forecasts.md#signals: BUY on 15% of hours");
        assertEquals(11, Math.round(100.0 * sell / hours), "docs/forecasts.md#signals: SELL on 11% of hours");
    }

    @Test
    void stockModel_servesOneConstantProbability_soHoldsOnEveryHoldoutDay_asDocsForecastsMdSays() {
        ForecastModel model = models.model(Interval.D1).orElseThrow();
        Set<Float> served = new HashSet<>();
        for (String symbol : model.card().symbols()) {
            for (List<Candle> window : holdoutWindows(model, symbol)) {
                served.add(model.predict(model.features(window)));
            }
        }

        assertEquals(1, served.size(), served.toString());
        float probabilityUp = served.iterator().next();
        assertEquals(0.5347, probabilityUp, 5e-5, "docs/forecasts.md#signals: the constant 0.5347");
        assertEquals(Signal.HOLD, SignalPolicy.signal(probabilityUp, false));
        assertEquals(0.05, SignalPolicy.confidence(probabilityUp, true));
    }

    /** The feature windows of every bar of {@code symbol} opened after the model's training cutoff. */
    private static List<List<Candle>> holdoutWindows(ForecastModel model, String symbol) {
        List<Candle> candles = history.candles(symbol);
        int length = model.card().windowLength();
        Instant cutoff = model.card().trainedThrough();
        List<List<Candle>> windows = new ArrayList<>();
        for (int last = length - 1; last < candles.size(); last++) {
            if (!candles.get(last).openTime().isBefore(cutoff)) {
                windows.add(candles.subList(last - length + 1, last + 1));
            }
        }
        return windows;
    }
}
