package dev.tradewind.predict.domain;

import dev.tradewind.shared.market.Interval;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How the predictions of one series in a window turned out, beside naive baselines scored on the same predictions.
 *
 * @param predictions   predictions whose candle opened in the window
 * @param resolved      of them, with an outcome
 * @param pending       still waiting for their deciding bar
 * @param unresolvable  closed without an outcome (the bar never arrived)
 * @param resolvedNow   resolved by this request (bounded; the schedule does the rest)
 * @param model         the model's scores
 * @param baselines     {@code baseRate}: always the window's majority direction, with its share of up moves as the
 *                      probability; {@code previousBar}: up iff the bar before the prediction's candle was up, with
 *                      the window's P(up | that direction) as the probability. Both are fitted on the very outcomes
 *                      they are scored on, which flatters them; the model's numbers are out of sample.
 * @param bySignal      per signal given when computed: count, hit rate (BUY: went up; SELL: did not), mean return
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
     * @param resolved     of them, scored: realised variance known and positive (n of both QLIKE means)
     * @param pending      still waiting for their H bars
     * @param unresolvable one of the H bars never arrived
     * @param zeroVariance resolved with a realised variance of 0 (no price moved), where QLIKE is undefined: counted,
     *                     not scored, as the trainer drops such rows
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
