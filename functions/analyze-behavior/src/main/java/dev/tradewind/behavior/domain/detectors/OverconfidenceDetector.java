package dev.tradewind.behavior.domain.detectors;

import dev.tradewind.behavior.domain.AnalysisContext;
import dev.tradewind.behavior.domain.ClosedTrade;
import dev.tradewind.behavior.domain.Entry;
import dev.tradewind.behavior.domain.Evidence;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Recommendation;
import dev.tradewind.behavior.domain.Stats;
import dev.tradewind.behavior.domain.Text;
import dev.tradewind.behavior.domain.Thresholds;
import dev.tradewind.behavior.domain.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * Overconfidence and the house-money effect.
 * <ul>
 *   <li>Win streaks: the first entry after {@code winStreak} or more winning round trips in a row, at
 *       {@code streakGrowth} times the streak's mean risk or more (Gervais &amp; Odean 2001: success breeds
 *       overconfidence, and the overconfident trade more and larger).</li>
 *   <li>House money: mean risk of entries after a gain ÷ after a loss, with Welch's t (Thaler &amp; Johnson 1990:
 *       prior gains make people more willing to take risk).</li>
 * </ul>
 */
public final class OverconfidenceDetector implements Detector {

    @Override
    public Pattern pattern() {
        return Pattern.OVERCONFIDENCE;
    }

    @Override
    public Result detect(AnalysisContext context) {
        Thresholds.Overconfidence t = context.thresholds(Thresholds.OVERCONFIDENCE);
        List<ClosedTrade> closed = context.closed();
        // Length of the winning streak ending at each round trip.
        int[] streak = new int[closed.size()];
        for (int i = 0; i < closed.size(); i++) {
            streak[i] = closed.get(i).isWin() ? (i == 0 ? 1 : streak[i - 1] + 1) : 0;
        }
        List<Evidence> evidence = new ArrayList<>();
        List<Double> afterGain = new ArrayList<>();
        List<Double> afterLoss = new ArrayList<>();
        int lastStreakEnd = -1;
        int streaksFollowed = 0;
        double growthSum = 0;
        List<Entry> entries = context.entries();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            int last = context.lastClosedBefore(e.seq());
            if (last < 0) {
                continue;
            }
            ClosedTrade previous = closed.get(last);
            if (previous.isWin()) {
                afterGain.add(context.entryRisk(i));
            } else if (previous.isLoss()) {
                afterLoss.add(context.entryRisk(i));
            }
            if (streak[last] >= t.winStreak() && last != lastStreakEnd) {
                lastStreakEnd = last;
                streaksFollowed++;
                int length = streak[last];
                double streakRisk = 0;
                List<String> ids = new ArrayList<>();
                for (int k = last - length + 1; k <= last; k++) {
                    streakRisk += context.closedRisk(k);
                    ids.add(closed.get(k).id());
                }
                streakRisk /= length;
                double growth = context.entryRisk(i) / streakRisk;
                growthSum += growth;
                if (growth >= t.streakGrowth()) {
                    ids.add(e.fillId());
                    evidence.add(new Evidence(e.time(), e.symbol(), ids, Text.f(
                            "after %d wins in a row, entered %s %s at %s the streak's average size",
                            length, e.quantity().toPlainString(), e.symbol(), Text.x(growth)),
                            Values.of().count("streak", length).ratio("sizeGrowth", growth)
                                    .money("entryNotional", e.notional()).build()));
                }
            }
        }
        double[] gains = afterGain.stream().mapToDouble(Double::doubleValue).toArray();
        double[] losses = afterLoss.stream().mapToDouble(Double::doubleValue).toArray();
        double ratio = Stats.mean(gains) / Stats.mean(losses);
        double welch = Stats.welchT(gains, losses);
        boolean houseTestable = gains.length >= t.minObservations() && losses.length >= t.minObservations();
        boolean houseDetected = houseTestable && ratio >= t.gainLossRatio() && welch >= t.minT();
        boolean streakDetected = evidence.size() >= t.minOccurrences();
        var metrics = Values.of().count("winStreakLength", t.winStreak()).count("streaksFollowedByEntry",
                        streaksFollowed).count("sizeUpsAfterStreaks", evidence.size())
                .ratio("meanGrowthAfterStreaks", streaksFollowed == 0 ? Double.NaN : growthSum / streaksFollowed)
                .ratio("streakGrowthMin", t.streakGrowth()).text("riskMeasure", context.riskMeasure())
                .count("entriesAfterGain", gains.length).count("entriesAfterLoss", losses.length)
                .ratio("meanRiskAfterGain", Stats.mean(gains)).ratio("meanRiskAfterLoss", Stats.mean(losses))
                .ratio("gainToLossSizeRatio", ratio).ratio("welchT", welch).flag("houseMoneyTested", houseTestable)
                .build();
        double score = Stats.either(streakDetected ? Stats.pastThreshold(evidence.size(), t.minOccurrences()) : 0,
                houseDetected ? Stats.pastThreshold(ratio - 1, t.gainLossRatio() - 1) : 0);
        String summary = Text.f("%s after %d+ wins in a row at ≥ %s the streak's size; size after gains %s that"
                        + " after losses%s", Text.plural(evidence.size(), "entry", "entries"), t.winStreak(),
                Text.x(t.streakGrowth()), Double.isFinite(ratio) ? Text.x(ratio) : "(undefined)",
                Double.isNaN(welch) ? "" : " (Welch t " + Text.stat(welch, 2) + ")");
        boolean detected = streakDetected || houseDetected;
        Finding finding = Findings.of(pattern(), detected, score, summary, metrics, evidence);
        if (!detected) {
            return Result.of(finding);
        }
        List<String> seen = new ArrayList<>();
        if (streakDetected) {
            seen.add(Text.f("%s you sized up after %d+ wins in a row (%s the streak's size on average)",
                    Text.plural(evidence.size(), "time", "times"), t.winStreak(),
                    Text.x(evidence.stream().mapToDouble(ev -> ((java.math.BigDecimal) ev.values().get("sizeGrowth"))
                            .doubleValue()).average().orElse(Double.NaN))));
        }
        if (houseDetected) {
            seen.add(Text.f("positions after gains were %s those after losses (t %s)", Text.x(ratio),
                    Text.stat(welch, 2)));
        }
        String text = String.join("; ", seen) + " → size every position from a fixed fraction of current equity;"
                + " a winning streak does not change the odds of the next trade.";
        return new Result(finding, new Recommendation(pattern(), finding.severity(),
                Character.toUpperCase(text.charAt(0)) + text.substring(1), false), null);
    }
}
