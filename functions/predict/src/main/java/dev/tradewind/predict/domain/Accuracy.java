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
 */
public record Accuracy(String symbol, Interval interval, Window window, int predictions, int resolved, int pending,
                       int unresolvable, int resolvedNow, List<String> modelVersions, Scores model,
                       Map<String, Scores> baselines, Map<Signal, SignalScore> bySignal) {

    public record Window(Instant from, Instant to, String span) {
    }

    public record SignalScore(int count, Double hitRate, Double meanReturn) {
    }
}
