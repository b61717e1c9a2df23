package dev.tradewind.predict.domain;

import dev.tradewind.shared.market.Interval;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How the predictions of one series in a window turned out, beside naive baselines scored on the same predictions.
 *
 * @param predictions   predictions whose candle closed in the window: those made in it
 * @param resolved      of them, with a direction outcome
 * @param pending       whose direction still waits for its deciding bar
 * @param unresolvable  whose direction was closed without an outcome: its deciding bar was still missing 7 days
 *                      after it was due
 * @param resolvedNow   predictions this request resolved a part of (direction, range or volatility), among the few
 *                      due ones it looks at ({@code AccuracyService.INLINE_RESOLVE_LIMIT}); the schedule does the rest
 * @param modelVersions the versions that made the window's predictions, sorted
 * @param model         the model's scores over the resolved predictions
 * @param baselines     {@code baseRate}: always the majority direction of the resolved outcomes (down on a tie),
 *                      with their share of up moves as the probability; {@code previousBar}: up iff the
 *                      prediction's candle closed above the one before it, with the share of up moves after a
 *                      candle of that direction as the probability, over the resolved predictions that have that
 *                      earlier close. Both are fitted on the very outcomes they are scored on, which flatters them;
 *                      the model's numbers are out of sample.
 * @param bySignal      per signal given when computed, over the resolved predictions: count, hit rate (BUY: went up;
 *                      SELL: did not; none for HOLD) and mean realised return, both null when the count is 0
 * @param range         the price ranges of the window's predictions that have them: per level ({@code "80"},
 *                      {@code "95"}) a {@link LevelScore}, and {@code predictions}, {@code pending},
 *                      {@code unresolvable} counts
 * @param volatility    the volatility forecasts of the window's predictions that have them
 */
public record Accuracy(String symbol, Interval interval, Window window, int predictions, int resolved, int pending,
                       int unresolvable, int resolvedNow, List<String> modelVersions, Scores model,
                       Map<String, Scores> baselines, Map<Signal, SignalScore> bySignal, Map<String, Object> range,
                       VolatilityScore volatility) {

    /**
     * One level of the ranges over the resolved ones.
     *
     * @param nominal       the level, e.g. 0.8
     * @param resolved      ranges scored (n)
     * @param inside        of them, closes inside [low, high]
     * @param coverage      inside / resolved; null when n = 0
     * @param intervalScore mean interval score in log-return units, the model card's scale; null when n = 0
     */
    public record LevelScore(double nominal, int resolved, int inside, Double coverage, Double intervalScore) {
    }

    /**
     * @param predictions  predictions in the window with a volatility forecast
     * @param resolved     of them, scored: realised variance known, it and both forecasts positive (n of both QLIKE
     *                     means)
     * @param pending      still waiting for their H bars
     * @param unresolvable closed without an outcome: one of the H bars was still missing 7 days after it was due
     * @param zeroVariance resolved with a realised variance of 0 (no price moved; the trainer drops such rows) or a
     *                     model or EWMA forecast of 0, where QLIKE is undefined: counted, not scored
     * @param qlike        mean QLIKE of the model's variance forecasts (lower is better); null when n = 0
     * @param qlikeEwma    mean QLIKE of the EWMA baseline stored with each prediction, over the same predictions
     * @param beatsEwma    predictions where the model's QLIKE was below the baseline's
     */
    public record VolatilityScore(int predictions, int resolved, int pending, int unresolvable, int zeroVariance,
                                  Double qlike, Double qlikeEwma, int beatsEwma) {
    }

    public record Window(Instant from, Instant to, String span) {
    }

    public record SignalScore(int count, Double hitRate, Double meanReturn) {
    }
}
