package dev.tradewind.behavior.domain.detectors;

import dev.tradewind.behavior.domain.AnalysisContext;
import dev.tradewind.behavior.domain.ClosedTrade;
import dev.tradewind.behavior.domain.Evidence;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.JournalNote;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Recommendation;
import dev.tradewind.behavior.domain.RuleBreak;
import dev.tradewind.behavior.domain.Stats;
import dev.tradewind.behavior.domain.Text;
import dev.tradewind.behavior.domain.Thresholds;
import dev.tradewind.behavior.domain.Values;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Emotions: P&amp;L and rule-breaking by journal emotion tag (Lo, Repin &amp; Steenbarger 2005: traders with more
 * intense emotional reactions to gains and losses did significantly worse). A journal entry tied to a fill tags the
 * round trips that fill is part of; a session-level entry tags the round trips entered that day. A tag is flagged
 * when its round trips lose on average and their P&amp;L is significantly below the others' (Welch t), or when they
 * break rules at the preset's multiple of the others' rate (with at least two breaks).
 */
public final class EmotionDetector implements Detector {

    @Override
    public Pattern pattern() {
        return Pattern.EMOTIONS;
    }

    @Override
    public Result detect(AnalysisContext context) {
        Thresholds.Emotions t = context.thresholds(Thresholds.EMOTIONS);
        List<ClosedTrade> closed = context.closed();
        if (context.journal().stream().allMatch(j -> j.emotions().isEmpty())) {
            return Result.of(Findings.insufficient(pattern(), "no journal entries with emotion tags",
                    Values.of().count("journalEntries", context.journal().size()).build()));
        }
        Map<String, List<Integer>> byFill = new HashMap<>();
        Map<LocalDate, List<Integer>> byEntryDay = new HashMap<>();
        for (int i = 0; i < closed.size(); i++) {
            ClosedTrade c = closed.get(i);
            byFill.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(i);
            for (String id : c.entryFillIds()) {
                byFill.computeIfAbsent(id, k -> new ArrayList<>()).add(i);
            }
            byEntryDay.computeIfAbsent(context.day(c.entryTime()), k -> new ArrayList<>()).add(i);
        }
        // Many entries may name one emotion about the same trade or day: each such pair adds its round trips once.
        Map<String, Map<Subject, List<Integer>>> subjects = new TreeMap<>();
        for (JournalNote entry : context.journal()) {
            Subject subject = entry.tradeId() != null ? new Subject(entry.tradeId(), null)
                    : new Subject(null, context.day(entry.time()));
            List<Integer> trades = entry.tradeId() != null ? byFill.getOrDefault(entry.tradeId(), List.of())
                    : byEntryDay.getOrDefault(subject.day(), List.of());
            for (String emotion : entry.emotions()) {
                subjects.computeIfAbsent(emotion, k -> new LinkedHashMap<>()).putIfAbsent(subject, trades);
            }
        }
        Map<String, Set<Integer>> tagged = new TreeMap<>();
        subjects.forEach((emotion, trades) -> {
            Set<Integer> members = new LinkedHashSet<>();
            trades.values().forEach(members::addAll);
            tagged.put(emotion, members);
        });
        boolean[] broke = new boolean[closed.size()];
        List<RuleBreak> breaks = context.ledger().ruleBreaks();
        for (RuleBreak b : breaks) {
            if (b.tradeId() != null) {
                byFill.getOrDefault(b.tradeId(), List.of()).forEach(i -> broke[i] = true);
                continue;
            }
            for (int i = 0; i < closed.size(); i++) {
                ClosedTrade c = closed.get(i);
                broke[i] |= !b.time().isBefore(c.entryTime()) && !b.time().isAfter(c.exitTime());
            }
        }
        List<Map<String, Object>> table = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        List<String> flaggedText = new ArrayList<>();
        double worstScore = 0;
        for (Map.Entry<String, Set<Integer>> tag : tagged.entrySet()) {
            Set<Integer> members = tag.getValue();
            boolean[] member = new boolean[closed.size()];
            members.forEach(i -> member[i] = true);
            double[] in = new double[members.size()];
            double[] out = new double[closed.size() - members.size()];
            int a = 0;
            int b = 0;
            int wins = 0;
            int inBreaks = 0;
            int outBreaks = 0;
            BigDecimal total = BigDecimal.ZERO;
            for (int i = 0; i < closed.size(); i++) {
                if (member[i]) {
                    in[a++] = closed.get(i).pnlValue();
                    total = total.add(closed.get(i).pnl());
                    wins += closed.get(i).isWin() ? 1 : 0;
                    inBreaks += broke[i] ? 1 : 0;
                } else {
                    out[b++] = closed.get(i).pnlValue();
                    outBreaks += broke[i] ? 1 : 0;
                }
            }
            double welch = Stats.welchT(in, out);
            double inRate = in.length == 0 ? Double.NaN : (double) inBreaks / in.length;
            double outRate = out.length == 0 ? Double.NaN : (double) outBreaks / out.length;
            boolean judged = in.length >= t.minTrades();
            boolean pnlFlag = judged && Stats.mean(in) < 0 && welch <= -t.minT();
            boolean breakFlag = judged && inBreaks >= 2 && (outRate == 0 || inRate >= t.ruleBreakRatio() * outRate);
            table.add(Values.of().text("emotion", tag.getKey()).count("trades", in.length)
                    .money("totalPnl", total).ratio("meanPnl", Stats.mean(in)).ratio("othersMeanPnl", Stats.mean(out))
                    .ratio("winRate", in.length == 0 ? Double.NaN : (double) wins / in.length)
                    .ratio("welchT", welch).count("ruleBreaks", inBreaks).ratio("ruleBreakRate", inRate)
                    .ratio("othersRuleBreakRate", outRate).flag("flagged", pnlFlag || breakFlag).build());
            if (pnlFlag || breakFlag) {
                double s = Stats.either(pnlFlag ? Stats.pastThreshold(-welch, t.minT()) : 0,
                        breakFlag ? Stats.pastThreshold(outRate == 0 ? 2 * t.ruleBreakRatio() : inRate / outRate,
                                t.ruleBreakRatio()) : 0);
                worstScore = Math.max(worstScore, s);
                List<String> ids = members.stream().map(i -> closed.get(i).id()).toList();
                String what = Text.f("'%s' (%s): mean P&L %s vs %s otherwise, win rate %s, %d of them broke a"
                                + " rule (%s vs %s otherwise)", tag.getKey(), Text.plural(in.length, "trade", "trades"),
                        Text.money(Stats.mean(in)), Text.money(Stats.mean(out)), Text.pct((double) wins / in.length),
                        inBreaks, Text.pct(inRate), Double.isFinite(outRate) ? Text.pct(outRate) : "n/a");
                flaggedText.add(what);
                evidence.add(new Evidence(closed.get(members.iterator().next()).exitTime(), null, ids, what,
                        table.get(table.size() - 1)));
            }
        }
        boolean detected = !evidence.isEmpty();
        var metrics = Values.of().count("journalEntries", context.journal().size()).count("emotions", tagged.size())
                .count("flaggedEmotions", evidence.size()).count("minTradesPerEmotion", t.minTrades())
                .list("byEmotion", table).build();
        String summary = detected ? "trades tagged " + String.join("; ", flaggedText)
                : Text.f("%s in the journal; none goes with significantly worse P&L or more broken rules",
                Text.plural(tagged.size(), "emotion", "emotions"));
        Finding finding = Findings.of(pattern(), detected, worstScore, summary, metrics, evidence);
        if (!detected) {
            return Result.of(finding);
        }
        String text = "Trades tagged " + String.join("; ", flaggedText) + " → when you would log one of these"
                + " emotions, skip the trade or halve its size, and write the plan before entering.";
        return new Result(finding, new Recommendation(pattern(), finding.severity(), text, false), null);
    }

    /** What a journal entry is about: one trade, or (a session-level entry) the round trips entered on its day. */
    private record Subject(String tradeId, LocalDate day) {
    }
}
