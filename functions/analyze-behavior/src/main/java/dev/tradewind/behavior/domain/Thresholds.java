package dev.tradewind.behavior.domain;

import java.util.EnumMap;
import java.util.Map;

/**
 * Every threshold the detectors use: a small record per {@link Pattern} and one preset block per pattern holding its
 * values at each {@link Sensitivity}, so a new detector adds one pattern and one block. Values and their sources are
 * tabulated in docs/behaviour.md#sensitivity-presets; where a value is an engineering choice rather than a published
 * figure, that table says so. Test statistics are one-sided critical values of the standard normal
 * (z 1.282 / 1.645 / 2.326 = 10 % / 5 % / 1 %) or two-sided ones (1.645 / 1.96 / 2.576) where the literature tests
 * two-sided (Odean 1998).
 */
public final class Thresholds {

    /** Analyses with fewer closed round trips than this report insufficient data instead of findings. */
    public static final int MIN_CLOSED_TRADES = 10;

    private static final Map<Pattern, Preset<?>> PRESETS = new EnumMap<>(Pattern.class);

    /** One pattern's thresholds at each sensitivity. */
    public record Preset<T>(Pattern pattern, T low, T medium, T high) {

        public T at(Sensitivity sensitivity) {
            return switch (sensitivity) {
                case LOW -> low;
                case MEDIUM -> medium;
                case HIGH -> high;
            };
        }
    }

    /**
     * @param lossPctOfEquity   a loss counts when at least this % of equity before it
     * @param windowMinutes     an entry this soon after such a loss is a candidate
     * @param sizeIncrease      ... when its notional is at least this multiple of the losing trade's
     * @param minEntries        revenge entries needed to report
     * @param lossChasingMin    LC = P(risk > median | after loss) − P(risk > median | after gain) at least this
     * @param lossChasingZ      ... with a two-proportion z at least this (one-sided)
     * @param minObservations   entries needed after losses and after gains before LC is tested
     * @param cooldownMinutes   the cooldown recommended after a qualifying loss
     */
    public record Revenge(double lossPctOfEquity, int windowMinutes, double sizeIncrease, int minEntries,
                          double lossChasingMin, double lossChasingZ, int minObservations, int cooldownMinutes) {
    }

    public static final Preset<Revenge> REVENGE = preset(Pattern.REVENGE_TRADING,
            new Revenge(3.0, 30, 1.5, 3, 0.25, 2.326, 10, 45),
            new Revenge(2.0, 45, 1.25, 2, 0.15, 1.645, 8, 60),
            new Revenge(1.0, 90, 1.1, 1, 0.10, 1.282, 5, 120));

    /**
     * @param lookbackBars   bars defining "recent" (the Bollinger default, 20)
     * @param returnSigma    prior-bar |log return| above this many σ of the lookback's returns is abnormal
     * @param volumeZ        prior-bar volume z-score at least this (1.2816 = top decile under normality)
     * @param priceZ         entry price at least this many standard deviations above the lookback mean
     * @param minShare       share of evaluated buys that must follow such a signal
     * @param minCount       and at least this many of them
     * @param minEvaluated   buys with market data needed before the share is judged
     */
    public record Fomo(int lookbackBars, double returnSigma, double volumeZ, double priceZ, double minShare,
                       int minCount, int minEvaluated) {
    }

    public static final Preset<Fomo> FOMO = preset(Pattern.FOMO,
            new Fomo(20, 3.0, 1.645, 2.5, 0.40, 4, 5),
            new Fomo(20, 2.5, 1.2816, 2.0, 0.30, 3, 5),
            new Fomo(20, 2.0, 1.036, 1.5, 0.20, 2, 5));

    /**
     * @param dayZ          a day's fills at least this many σ above the trader's leave-one-out baseline
     * @param dayMultiple   ... and at least this multiple of the baseline mean
     * @param minDays       such days needed to report
     * @param minActiveDays active days needed before daily counts are judged
     * @param feeDrag       fees ÷ |gross P&L| at least this is reported
     */
    public record Overtrading(double dayZ, double dayMultiple, int minDays, int minActiveDays, double feeDrag) {
    }

    public static final Preset<Overtrading> OVERTRADING = preset(Pattern.OVERTRADING,
            new Overtrading(3.0, 3.0, 3, 5, 1.0),
            new Overtrading(2.5, 2.0, 2, 5, 0.5),
            new Overtrading(2.0, 1.5, 1, 5, 0.25));

    /**
     * @param minDe           DE = PGR − PLR at least this
     * @param minT            ... with Odean's t-statistic at least this
     * @param minObservations realised + paper observations needed on each side (gains, losses)
     * @param holdRatio       mean hold of losers ÷ mean hold of winners at least this is reported
     * @param minHoldTrades   winners and losers each needed for the hold ratio
     */
    public record Disposition(double minDe, double minT, int minObservations, double holdRatio, int minHoldTrades) {
    }

    public static final Preset<Disposition> DISPOSITION = preset(Pattern.DISPOSITION_EFFECT,
            new Disposition(0.10, 2.576, 5, 2.0, 5),
            new Disposition(0.05, 1.96, 5, 1.5, 5),
            new Disposition(0.02, 1.645, 5, 1.25, 3));

    /**
     * @param winStreak       consecutive winning round trips that make a streak
     * @param streakGrowth    the next entry at least this multiple of the streak's mean size
     * @param minOccurrences  such entries needed
     * @param gainLossRatio   mean size after a gain ÷ mean size after a loss at least this (house money)
     * @param minT            ... with a Welch t at least this
     * @param minObservations entries needed after gains and after losses
     */
    public record Overconfidence(int winStreak, double streakGrowth, int minOccurrences, double gainLossRatio,
                                 double minT, int minObservations) {
    }

    public static final Preset<Overconfidence> OVERCONFIDENCE = preset(Pattern.OVERCONFIDENCE,
            new Overconfidence(3, 2.0, 3, 1.5, 2.326, 5),
            new Overconfidence(3, 1.5, 2, 1.3, 1.645, 5),
            new Overconfidence(3, 1.25, 2, 1.15, 1.282, 5));

    /**
     * @param windowMinutes     the sliding window opened by each losing close
     * @param frequencySpike    entries in the window at this multiple of the trader's median pace scores fully
     * @param sizeEscalation    an entry at this multiple of the median size scores fully
     * @param consecutiveLosses a losing streak this long scores fully
     * @param ruleBreaks        this many broken rules around the window score fully
     * @param minComposite      composite (0–1) needed to flag a window
     * @param minEpisodes       flagged episodes needed to report
     */
    public record Tilt(int windowMinutes, double frequencySpike, double sizeEscalation, int consecutiveLosses,
                       int ruleBreaks, double minComposite, int minEpisodes) {
    }

    public static final Preset<Tilt> TILT = preset(Pattern.TILT,
            new Tilt(60, 4.0, 2.0, 4, 2, 0.70, 2),
            new Tilt(120, 3.0, 1.5, 3, 1, 0.55, 1),
            new Tilt(180, 2.0, 1.25, 2, 1, 0.40, 1));

    /**
     * @param doublingRatio the next round trip's size at least this multiple of the losing one's (2 less tolerance
     *                      for lot rounding)
     * @param minDoublings  consecutive doublings after losses needed
     */
    public record Martingale(double doublingRatio, int minDoublings) {
    }

    public static final Preset<Martingale> MARTINGALE = preset(Pattern.MARTINGALE,
            new Martingale(1.9, 3),
            new Martingale(1.8, 2),
            new Martingale(1.6, 2));

    /**
     * @param minTrades       round trips carrying the tag needed to judge it
     * @param minT            Welch t of the tag's P&L against the other round trips at most −this
     * @param ruleBreakRatio  or a rule-break rate at least this multiple of the others' (and at least 2 breaks)
     */
    public record Emotions(int minTrades, double minT, double ruleBreakRatio) {
    }

    public static final Preset<Emotions> EMOTIONS = preset(Pattern.EMOTIONS,
            new Emotions(5, 2.576, 3.0),
            new Emotions(3, 1.96, 2.0),
            new Emotions(3, 1.645, 1.5));

    static {
        for (Pattern pattern : Pattern.values()) {
            if (!PRESETS.containsKey(pattern)) {
                throw new IllegalStateException("no thresholds for " + pattern);
            }
        }
    }

    private Thresholds() {
    }

    /** Registers a pattern's preset block: low, medium and high sensitivity, in that order. */
    private static <T> Preset<T> preset(Pattern pattern, T low, T medium, T high) {
        Preset<T> preset = new Preset<>(pattern, low, medium, high);
        if (PRESETS.putIfAbsent(pattern, preset) != null) {
            throw new IllegalStateException("two threshold presets for " + pattern);
        }
        return preset;
    }
}
