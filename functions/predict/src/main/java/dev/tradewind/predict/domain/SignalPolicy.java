package dev.tradewind.predict.domain;

/**
 * Turns a calibrated P(up) into a signal and a confidence. docs/forecasts.md#signals documents the same numbers.
 *
 * <ul>
 *   <li>{@code confidence = |2 · P(up) − 1|}: 0 is a coin flip, 1 is certainty.</li>
 *   <li>{@code BUY} when P(up) ≥ {@value #BUY_AT}, {@code SELL} when P(up) ≤ {@value #SELL_AT} (confidence
 *   ≥ 0.10), {@code HOLD} otherwise. Over the 2022 holdout the served crypto model says BUY on 15% of hours and
 *   SELL on 11%; the stock model serves a constant P(up) 0.5347 (its base rate), so HOLD every day.</li>
 *   <li>Stale data (the instrument's latest candle is stale) is always {@code HOLD}, whatever the model says.</li>
 *   <li>A model whose card says {@code lowConfidence} (it did not beat the base rate out of sample) has its
 *   confidence capped at {@value #LOW_CONFIDENCE_CEILING}: its BUY/SELL signals are still shown, but never with a
 *   confidence above that, and the signals ranking puts them below every signal of the same freshness from a
 *   model that does beat its baseline.</li>
 * </ul>
 */
public final class SignalPolicy {

    public static final double BUY_AT = 0.55;
    public static final double SELL_AT = 0.45;
    public static final double LOW_CONFIDENCE_CEILING = 0.05;

    private SignalPolicy() {
    }

    public static Signal signal(float probabilityUp, boolean stale) {
        if (stale) {
            return Signal.HOLD;
        }
        if (probabilityUp >= BUY_AT) {
            return Signal.BUY;
        }
        if (probabilityUp <= SELL_AT) {
            return Signal.SELL;
        }
        return Signal.HOLD;
    }

    /** Rounded to 4 decimals: more would only show the float's noise. */
    public static double confidence(float probabilityUp, boolean lowConfidence) {
        double raw = Math.abs(2.0 * probabilityUp - 1.0);
        double capped = lowConfidence ? Math.min(raw, LOW_CONFIDENCE_CEILING) : raw;
        return Math.round(capped * 10_000) / 10_000.0;
    }

    /** The thresholds as a response shows them. */
    public record Thresholds(double buyAt, double sellAt, double lowConfidenceCeiling) {
    }

    public static Thresholds thresholds() {
        return new Thresholds(BUY_AT, SELL_AT, LOW_CONFIDENCE_CEILING);
    }
}
