package dev.tradewind.predict.domain;

/**
 * Turns a calibrated P(up) into a signal and a confidence. docs/forecasts.md#signals documents the same numbers.
 *
 * <ul>
 *   <li>{@code confidence = |2 · P(up) − 1|} to 4 decimals: 0 is a coin flip, 1 is certainty. Between the
 *   thresholds it is at most {@value #HOLD_CEILING}: rounded, the float just under 0.55 (0.54999995) would show
 *   the BUY's 0.1.</li>
 *   <li>{@code BUY} when P(up) ≥ {@value #BUY_AT}, {@code SELL} when P(up) ≤ {@value #SELL_AT} (confidence
 *   ≥ 0.10), {@code HOLD} otherwise, the float compared exactly with the thresholds, as a double. Over the 2022
 *   holdout the served crypto model says BUY on 15% of hours and SELL on 11%; the stock model serves a constant
 *   P(up) 0.5347 (its base rate), so HOLD every day.</li>
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
    /** The largest confidence short of the thresholds' 0.10 at 4 decimals. */
    static final double HOLD_CEILING = 0.0999;

    private SignalPolicy() {
    }

    public static Signal signal(float probabilityUp, boolean stale) {
        return stale ? Signal.HOLD : direction(probabilityUp);
    }

    /** Rounded to 4 decimals: more would only show the float's noise. */
    public static double confidence(float probabilityUp, boolean lowConfidence) {
        double rounded = Math.round(Math.abs(2.0 * probabilityUp - 1.0) * 10_000) / 10_000.0;
        // Rounding must not lift a HOLD to the confidence of a BUY or SELL its P(up) did not reach.
        double consistent = direction(probabilityUp) == Signal.HOLD ? Math.min(rounded, HOLD_CEILING) : rounded;
        return lowConfidence ? Math.min(consistent, LOW_CONFIDENCE_CEILING) : consistent;
    }

    /** The signal of fresh data: the float widened to a double exactly, compared once in that precision. */
    private static Signal direction(float probabilityUp) {
        double probability = probabilityUp;
        if (probability >= BUY_AT) {
            return Signal.BUY;
        }
        if (probability <= SELL_AT) {
            return Signal.SELL;
        }
        return Signal.HOLD;
    }

    /** The thresholds as a response shows them. */
    public record Thresholds(double buyAt, double sellAt, double lowConfidenceCeiling) {
    }

    public static Thresholds thresholds() {
        return new Thresholds(BUY_AT, SELL_AT, LOW_CONFIDENCE_CEILING);
    }
}
