package dev.tradewind.behavior.domain.detectors;

import dev.tradewind.behavior.domain.AnalysisContext;
import dev.tradewind.behavior.domain.ClosedTrade;
import dev.tradewind.behavior.domain.CooldownAdvice;
import dev.tradewind.behavior.domain.Evidence;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Recommendation;
import dev.tradewind.behavior.domain.Stats;
import dev.tradewind.behavior.domain.Text;
import dev.tradewind.behavior.domain.Thresholds;
import dev.tradewind.behavior.domain.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Martingale sizing: doubling the stake after every loss to win it all back at once, the gambler's system whose
 * expected value is unchanged while the risk of ruin grows geometrically. Round trips are taken in the order they
 * closed; a link is a losing round trip followed by one entered after it closed, at the preset's multiple of its
 * size (2 less a tolerance for lot rounding) or more. A chain of such links at least the preset's length is a
 * martingale sequence.
 */
public final class MartingaleDetector implements Detector {

    @Override
    public Pattern pattern() {
        return Pattern.MARTINGALE;
    }

    @Override
    public Result detect(AnalysisContext context) {
        Thresholds.Martingale t = context.thresholds(Thresholds.MARTINGALE);
        List<ClosedTrade> closed = context.closed();
        List<Evidence> evidence = new ArrayList<>();
        int longest = 0;
        int links = 0;
        int chainStart = -1;
        for (int k = 0; k + 1 <= closed.size(); k++) {
            boolean link = k + 1 < closed.size() && isLink(context, k, t);
            if (link) {
                links++;
                if (chainStart < 0) {
                    chainStart = k;
                }
                continue;
            }
            if (chainStart >= 0) {
                int doublings = k - chainStart;
                longest = Math.max(longest, doublings);
                if (doublings >= t.minDoublings()) {
                    evidence.add(chain(closed.subList(chainStart, k + 1), doublings));
                }
                chainStart = -1;
            }
        }
        boolean detected = !evidence.isEmpty();
        double score = Stats.pastThreshold(longest, t.minDoublings());
        var metrics = Values.of().count("doublingsAfterLosses", links).count("longestChain", longest)
                .count("sequences", evidence.size()).ratio("doublingRatioMin", t.doublingRatio())
                .count("minChain", t.minDoublings()).build();
        String summary = Text.f("%s of %d+ size doublings after consecutive losses; longest chain %d",
                Text.plural(evidence.size(), "sequence", "sequences"), t.minDoublings(), longest);
        Finding finding = Findings.of(pattern(), detected, score, summary, metrics, evidence);
        if (!detected) {
            return Result.of(finding);
        }
        Evidence worst = evidence.stream().max(java.util.Comparator.comparingInt(
                e -> ((Number) e.values().get("doublings")).intValue())).orElseThrow();
        String text = Text.f("Size doubled after losses %d times in a row (%s) → size from a fixed fraction of"
                + " equity and cap it with the session's maxPositionPct limit; after 2 losses in a row, stop"
                + " rather than double (the guardrail can enforce the pause).", longest, worst.description());
        CooldownAdvice.Rule rule = new CooldownAdvice.Rule(CooldownAdvice.Trigger.CONSECUTIVE_LOSSES,
                BigDecimal.valueOf(2), context.thresholds(Thresholds.TILT).windowMinutes(), pattern(),
                "martingale sizing: " + worst.description());
        return new Result(finding, new Recommendation(pattern(), finding.severity(), text, true), rule);
    }

    private static boolean isLink(AnalysisContext context, int k, Thresholds.Martingale t) {
        ClosedTrade loss = context.closed().get(k);
        ClosedTrade next = context.closed().get(k + 1);
        if (!loss.isLoss() || next.entryTime().isBefore(loss.exitTime())) {
            return false;
        }
        return context.closedRiskAtLeast(k + 1, t.doublingRatio(), k);
    }

    private static Evidence chain(List<ClosedTrade> trades, int doublings) {
        List<String> ids = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        BigDecimal pnl = BigDecimal.ZERO;
        for (ClosedTrade c : trades) {
            ids.addAll(c.entryFillIds());
            ids.add(c.id());
            sizes.add(Text.money(c.entryNotional()));
            pnl = pnl.add(c.pnl());
        }
        ClosedTrade first = trades.get(0);
        return new Evidence(first.entryTime(), first.symbol(), ids, Text.f("sizes %s, net %s",
                String.join(" → ", sizes), Text.money(pnl)),
                Values.of().count("doublings", doublings).list("notionals", trades.stream()
                        .map(ClosedTrade::entryNotional).toList()).money("pnl", pnl).build());
    }
}
