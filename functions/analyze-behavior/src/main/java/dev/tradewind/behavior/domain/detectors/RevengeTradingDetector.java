package dev.tradewind.behavior.domain.detectors;

import dev.tradewind.behavior.domain.AnalysisContext;
import dev.tradewind.behavior.domain.ClosedTrade;
import dev.tradewind.behavior.domain.CooldownAdvice;
import dev.tradewind.behavior.domain.Direction;
import dev.tradewind.behavior.domain.Entry;
import dev.tradewind.behavior.domain.Evidence;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Recommendation;
import dev.tradewind.behavior.domain.Stats;
import dev.tradewind.behavior.domain.Text;
import dev.tradewind.behavior.domain.Thresholds;
import dev.tradewind.behavior.domain.Values;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Revenge trading / loss chasing.
 *
 * <p><b>Revenge entries</b>: an entry whose last preceding round trip was a large loss (≥ the preset's % of equity
 * before it; without equity, the caller's absolute threshold or else the trader's own median loss), within the
 * preset's window of that loss, at a notional at least the preset's multiple of the losing trade's.
 *
 * <p><b>Loss chasing</b> (after Coval &amp; Shumway 2005, who compare the probability of above-average afternoon risk
 * after morning losses and gains): LC = P(risk > the trader's median | the last round trip lost) − P(risk > median |
 * it won), tested with a pooled two-proportion z.
 */
public final class RevengeTradingDetector implements Detector {

    /**
     * "Above the median" means more than 5 % above it: a trader who keeps a fixed notional sees its share of equity
     * drift by a fraction of a percent with every result, which is not a decision to take more risk.
     */
    static final double ABOVE_MEDIAN = 1.05;

    @Override
    public Pattern pattern() {
        return Pattern.REVENGE_TRADING;
    }

    @Override
    public Result detect(AnalysisContext context) {
        Thresholds.Revenge t = context.thresholds(Thresholds.REVENGE);
        List<ClosedTrade> closed = context.closed();
        LossThreshold threshold = LossThreshold.of(context, t.lossPctOfEquity());
        Duration window = Duration.ofMinutes(t.windowMinutes());
        BigDecimal sizeIncrease = BigDecimal.valueOf(t.sizeIncrease());
        int qualifying = 0;
        for (int i = 0; i < closed.size(); i++) {
            if (threshold.qualifies(i)) {
                qualifying++;
            }
        }
        List<Evidence> evidence = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        double sizeRatios = 0;
        int afterLoss = 0;
        int afterGain = 0;
        int riskyAfterLoss = 0;
        int riskyAfterGain = 0;
        double median = context.medianEntryRisk();
        List<Entry> entries = context.entries();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            int last = context.lastClosedBefore(e.seq());
            if (last < 0) {
                continue;
            }
            ClosedTrade c = closed.get(last);
            boolean risky = context.entryRisk(i) > ABOVE_MEDIAN * median;
            if (c.isLoss()) {
                afterLoss++;
                riskyAfterLoss += risky ? 1 : 0;
            } else if (c.isWin()) {
                afterGain++;
                riskyAfterGain += risky ? 1 : 0;
            }
            if (!threshold.qualifies(last)) {
                continue;
            }
            Duration gap = Duration.between(c.exitTime(), e.time());
            double ratio = e.notional().doubleValue() / c.entryNotional().doubleValue();
            // In decimals, so an entry of exactly the multiple counts (1,101.1 / 1,001 is 1.0999999999999999).
            boolean larger = e.notional().compareTo(c.entryNotional().multiply(sizeIncrease)) >= 0;
            if (gap.compareTo(window) <= 0 && larger) {
                gaps.add(gap.toSeconds() / 60.0);
                sizeRatios += ratio;
                evidence.add(new Evidence(e.time(), e.symbol(), List.of(c.id(), e.fillId()), Text.f(
                        "%s %s %s (notional %s, %s the losing trade's) %d min after %s lost %s%s",
                        e.direction() == Direction.LONG ? "bought" : "sold short", e.quantity().toPlainString(),
                        e.symbol(), Text.money(e.notional()), Text.x(ratio), gap.toMinutes(), c.id(),
                        Text.money(c.pnl().negate()), threshold.describeLoss(last)),
                        Values.of().text("lossTradeId", c.id()).money("loss", c.pnl().negate())
                                .ratio("lossPctOfEquity", threshold.lossPct(last)).text("entryTradeId", e.fillId())
                                .ratio("minutesAfterLoss", gap.toSeconds() / 60.0)
                                .money("entryNotional", e.notional()).ratio("sizeRatio", ratio).build()));
            }
        }
        int revenge = evidence.size();
        double pLoss = afterLoss == 0 ? Double.NaN : (double) riskyAfterLoss / afterLoss;
        double pGain = afterGain == 0 ? Double.NaN : (double) riskyAfterGain / afterGain;
        double lc = pLoss - pGain;
        double z = Stats.twoProportionZ(riskyAfterLoss, afterLoss, riskyAfterGain, afterGain);
        boolean lcTestable = afterLoss >= t.minObservations() && afterGain >= t.minObservations();
        boolean lcDetected = lcTestable && lc >= t.lossChasingMin() && z >= t.lossChasingZ();
        boolean revengeDetected = revenge >= t.minEntries();
        double[] gapArray = gaps.stream().mapToDouble(Double::doubleValue).toArray();
        double score = Stats.either(revengeDetected ? Stats.pastThreshold(revenge, t.minEntries()) : 0,
                lcDetected ? Stats.pastThreshold(lc, t.lossChasingMin()) : 0);
        var metrics = Values.of()
                .text("lossThresholdBasis", threshold.basis())
                .ratio("lossThresholdPctOfEquity", threshold.pct())
                .money("lossThresholdAmount", threshold.amount())
                .count("windowMinutes", t.windowMinutes())
                .ratio("minSizeRatio", t.sizeIncrease())
                .count("qualifyingLosses", qualifying)
                .count("revengeEntries", revenge)
                .ratio("medianMinutesAfterLoss", Stats.median(gapArray))
                .ratio("maxMinutesAfterLoss", gapArray.length == 0 ? Double.NaN
                        : java.util.Arrays.stream(gapArray).max().getAsDouble())
                .ratio("meanSizeRatio", revenge == 0 ? Double.NaN : sizeRatios / revenge)
                .text("riskMeasure", context.riskMeasure())
                .ratio("medianRisk", median)
                .count("entriesAfterLoss", afterLoss)
                .count("entriesAfterGain", afterGain)
                .ratio("pAboveMedianRiskAfterLoss", pLoss)
                .ratio("pAboveMedianRiskAfterGain", pGain)
                .ratio("lossChasing", lc)
                .ratio("lossChasingZ", z)
                .flag("lossChasingTested", lcTestable)
                .build();
        boolean detected = revengeDetected || lcDetected;
        String lcText = Double.isFinite(lc)
                ? Text.f("LC %+.2f (above-median risk %s of the time after a loss vs %s after a gain%s)", lc,
                Text.pct(pLoss), Text.pct(pGain), Double.isFinite(z) ? Text.f(", z %.2f", z) : "")
                : "LC undefined (no entries after both losses and gains)";
        String summary = Text.f("%s within %d min after a loss of %s, at ≥ %s its size; %s",
                Text.plural(revenge, "entry", "entries"), t.windowMinutes(), threshold.describe(),
                Text.x(t.sizeIncrease()), lcText);
        Finding finding = Findings.of(pattern(), detected, score, summary, metrics, evidence);
        if (!detected) {
            return Result.of(finding);
        }
        String seen = revengeDetected
                ? Text.f("%s within %d min after losses of %s, at %s the losing trade's size on average",
                Text.plural(revenge, "entry", "entries"), t.windowMinutes(), threshold.describe(),
                Text.x(sizeRatios / revenge))
                : Text.f("after losses you took above-median risk %s of the time vs %s after gains (LC %+.2f)",
                Text.pct(pLoss), Text.pct(pGain), lc);
        if (revengeDetected && lcDetected) {
            seen += Text.f("; LC %+.2f", lc);
        }
        String text = Text.f("%s → after a loss of %s, wait %d minutes before the next order and keep the size you"
                        + " planned before the loss; the session's cooldown guardrail can enforce the wait.", seen,
                threshold.describe(), t.cooldownMinutes());
        CooldownAdvice.Rule rule = threshold.cooldownRule(t.cooldownMinutes(), Text.f(
                "revenge trading: %s", seen));
        return new Result(finding, new Recommendation(pattern(), finding.severity(), text, true), rule);
    }

    /** What counts as a large loss, by the best basis available. */
    record LossThreshold(String basis, double pct, BigDecimal amount, AnalysisContext context) {

        static LossThreshold of(AnalysisContext context, double pct) {
            if (context.equity().known()) {
                return new LossThreshold("PCT_OF_EQUITY", pct, null, context);
            }
            if (context.options().lossThreshold() != null) {
                return new LossThreshold("AMOUNT", Double.NaN, context.options().lossThreshold(), context);
            }
            List<BigDecimal> losses = context.closed().stream().filter(ClosedTrade::isLoss)
                    .map(c -> c.pnl().negate()).sorted().toList();
            return new LossThreshold("MEDIAN_LOSS", Double.NaN, median(losses), context);
        }

        /**
         * The exact median of sorted amounts, null for none: losses at the median must qualify, as they would not
         * against a rounded-up figure (3.335 to 3.34), and sub-cent losses must not all qualify against 0.00.
         */
        private static BigDecimal median(List<BigDecimal> sorted) {
            if (sorted.isEmpty()) {
                return null;
            }
            int mid = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(mid)
                    : sorted.get(mid - 1).add(sorted.get(mid)).divide(BigDecimal.valueOf(2));
        }

        private boolean byEquity() {
            return amount == null && !Double.isNaN(pct);
        }

        /** Whether the i-th round trip is a large loss. */
        boolean qualifies(int index) {
            ClosedTrade c = context.closed().get(index);
            if (!c.isLoss()) {
                return false;
            }
            if (byEquity()) {
                return lossPct(index) >= pct;
            }
            return amount != null && c.pnl().negate().compareTo(amount) >= 0;
        }

        double lossPct(int index) {
            if (!context.equity().known()) {
                return Double.NaN;
            }
            double before = context.equityBefore(index);
            return before > 0 ? -100 * context.closed().get(index).pnlValue() / before : Double.NaN;
        }

        String describe() {
            return byEquity() ? Text.f("%.1f%% of equity or more", pct)
                    : amount == null ? "any size" : Text.money(amount) + " or more"
                    + ("MEDIAN_LOSS".equals(basis) ? " (your median loss)" : "");
        }

        String describeLoss(int index) {
            return byEquity() ? Text.f(" (%.1f%% of equity)", lossPct(index)) : "";
        }

        CooldownAdvice.Rule cooldownRule(int minutes, String reason) {
            if (byEquity()) {
                return new CooldownAdvice.Rule(CooldownAdvice.Trigger.LOSS_PCT_OF_EQUITY, Values.round(pct, 2), minutes,
                        Pattern.REVENGE_TRADING, reason);
            }
            return amount == null ? null : new CooldownAdvice.Rule(CooldownAdvice.Trigger.LOSS_AMOUNT, amount, minutes,
                    Pattern.REVENGE_TRADING, reason);
        }
    }
}
