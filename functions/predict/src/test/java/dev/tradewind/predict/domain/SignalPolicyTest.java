package dev.tradewind.predict.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SignalPolicyTest {

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
}
