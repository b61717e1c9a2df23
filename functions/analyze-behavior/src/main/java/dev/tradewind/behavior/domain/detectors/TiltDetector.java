package dev.tradewind.behavior.domain.detectors;

import dev.tradewind.behavior.domain.AnalysisContext;
import dev.tradewind.behavior.domain.ClosedTrade;
import dev.tradewind.behavior.domain.CooldownAdvice;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tilt: a loss-triggered state in which several things go wrong at once (the term is poker's; Palomäki et al. 2013
 * describe it as losing control after losses, and Lo, Repin &amp; Steenbarger 2005 find intense emotional reactions
 * to losses go with worse trading). Each losing round trip opens a window of the preset's length; four components,
 * each 0–1, are weighed into a composite:
 * <ul>
 *   <li>frequency spike (0.30): entries in the window ÷ the trader's median number of entries in any window of that
 *       length ending at an entry; 1 at the preset's multiple;</li>
 *   <li>size escalation (0.30): the largest entry risk in the window ÷ the median entry risk; 1 at the preset;</li>
 *   <li>consecutive losses (0.20): the losing streak ending at the loss, extended by losses closed in the window;
 *       1 at the preset's length;</li>
 *   <li>broken rules (0.20): rule breaks within one window before or after the loss; 1 at the preset's count.</li>
 * </ul>
 * No single component reaches any preset's composite threshold, so a tilt episode always has two or more signals.
 * Overlapping flagged windows merge into one episode.
 */
public final class TiltDetector implements Detector {

    static final double FREQUENCY_WEIGHT = 0.30;
    static final double ESCALATION_WEIGHT = 0.30;
    static final double STREAK_WEIGHT = 0.20;
    static final double RULES_WEIGHT = 0.20;

    @Override
    public Pattern pattern() {
        return Pattern.TILT;
    }

    @Override
    public Result detect(AnalysisContext context) {
        Thresholds.Tilt t = context.thresholds(Thresholds.TILT);
        long window = t.windowMinutes() * 60L;
        List<ClosedTrade> closed = context.closed();
        List<Entry> entries = context.entries();
        long[] entrySeconds = entries.stream().mapToLong(e -> e.time().getEpochSecond()).toArray();
        int[] entrySeq = entries.stream().mapToInt(Entry::seq).toArray();
        long[] breakSeconds = context.ledger().ruleBreaks().stream().mapToLong(b -> b.time().getEpochSecond())
                .toArray();
        double baseline = baselineEntriesPerWindow(entrySeconds, window);
        double medianRisk = context.medianEntryRisk();
        int[] lossStreak = new int[closed.size()];
        for (int i = 0; i < closed.size(); i++) {
            lossStreak[i] = closed.get(i).isLoss() ? (i == 0 ? 1 : lossStreak[i - 1] + 1) : 0;
        }

        List<Episode> episodes = new ArrayList<>();
        Episode current = null;
        double maxComposite = 0;
        int windows = 0;
        for (int j = 0; j < closed.size(); j++) {
            ClosedTrade loss = closed.get(j);
            if (!loss.isLoss()) {
                continue;
            }
            windows++;
            long start = loss.exitTime().getEpochSecond();
            long end = start + window;
            int first = firstGreater(entrySeq, loss.seq());
            int count = 0;
            double maxRisk = 0;
            List<String> ids = new ArrayList<>();
            for (int i = first; i < entries.size() && entrySeconds[i] <= end; i++) {
                count++;
                maxRisk = Math.max(maxRisk, context.entryRisk(i));
                ids.add(entries.get(i).fillId());
            }
            int streak = lossStreak[j];
            for (int k = j + 1; k < closed.size() && closed.get(k).exitTime().getEpochSecond() <= end
                    && closed.get(k).isLoss(); k++) {
                streak++;
            }
            int breaks = countBetween(breakSeconds, start - window, end);
            double pace = count / baseline;
            double frequency = count >= 2 ? Stats.clamp01((pace - 1) / (t.frequencySpike() - 1)) : 0;
            double sizeRatio = medianRisk > 0 ? maxRisk / medianRisk : 0;
            double escalation = count > 0 ? Stats.clamp01((sizeRatio - 1) / (t.sizeEscalation() - 1)) : 0;
            double streakScore = Stats.clamp01((streak - 1.0) / (t.consecutiveLosses() - 1));
            double rules = Stats.clamp01((double) breaks / t.ruleBreaks());
            // Compared at the 4 places the report shows: in doubles 0.30 + 0.15 + 0.10 is 0.5499999999999999.
            double composite = Values.round(FREQUENCY_WEIGHT * frequency + ESCALATION_WEIGHT * escalation
                    + STREAK_WEIGHT * streakScore + RULES_WEIGHT * rules, 4).doubleValue();
            maxComposite = Math.max(maxComposite, composite);
            if (composite < t.minComposite()) {
                continue;
            }
            Window w = new Window(loss, count, pace, sizeRatio, streak, breaks, composite, ids);
            if (current != null && start <= current.end) {
                current.add(w, end);
            } else {
                current = new Episode(w, end);
                episodes.add(current);
            }
        }
        List<Evidence> evidence = new ArrayList<>();
        for (Episode episode : episodes) {
            evidence.add(episode.evidence(closed, t.windowMinutes()));
        }
        boolean detected = episodes.size() >= t.minEpisodes();
        double score = episodes.isEmpty() ? maxComposite
                : Math.max(maxComposite, Stats.pastThreshold(episodes.size(), t.minEpisodes()));
        var metrics = Values.of().count("windowMinutes", t.windowMinutes()).count("lossWindows", windows)
                .count("episodes", episodes.size()).ratio("maxComposite", maxComposite)
                .ratio("compositeMin", t.minComposite()).ratio("baselineEntriesPerWindow", baseline)
                .text("riskMeasure", context.riskMeasure()).ratio("medianRisk", medianRisk)
                .count("ruleBreaks", breakSeconds.length).build();
        String summary = Text.f("%s (composite ≥ %.2f of frequency spike, size escalation, consecutive losses and"
                        + " broken rules within %d min of a loss); highest composite %.2f",
                Text.plural(episodes.size(), "tilt episode", "tilt episodes"), t.minComposite(), t.windowMinutes(),
                maxComposite);
        Finding finding = Findings.of(pattern(), detected, score, summary, metrics, evidence);
        if (!detected) {
            return Result.of(finding);
        }
        Window worst = episodes.stream().map(e -> e.worst).max(java.util.Comparator.comparingDouble(Window::composite))
                .orElseThrow();
        int trigger = Math.max(2, Math.min(t.consecutiveLosses(), episodes.stream()
                .mapToInt(e -> e.worst.streak).min().orElse(t.consecutiveLosses())));
        String seen = Text.f("%s; the worst, on %s: %s in a row, %d entries in %d min (%s your usual pace), up to"
                        + " %s your median size, %s", Text.plural(episodes.size(), "tilt episode", "tilt episodes"),
                context.day(worst.loss.exitTime()), Text.plural(worst.streak, "loss", "losses"), worst.count,
                t.windowMinutes(), Text.x(worst.pace), Text.x(worst.sizeRatio),
                Text.plural(worst.breaks, "broken rule", "broken rules"));
        String text = Text.f("%s → after %d losses in a row, stop trading for %d minutes; the session's cooldown"
                + " guardrail can enforce it.", seen, trigger, t.windowMinutes());
        CooldownAdvice.Rule rule = new CooldownAdvice.Rule(CooldownAdvice.Trigger.CONSECUTIVE_LOSSES,
                BigDecimal.valueOf(trigger), t.windowMinutes(), pattern(), "tilt: " + seen);
        return new Result(finding, new Recommendation(pattern(), finding.severity(), text, true), rule);
    }

    /** Median, over entries, of the entries in the window of this length that ends at each one (itself included). */
    static double baselineEntriesPerWindow(long[] entrySeconds, long window) {
        if (entrySeconds.length == 0) {
            return 1;
        }
        double[] counts = new double[entrySeconds.length];
        int start = 0;
        for (int i = 0; i < entrySeconds.length; i++) {
            while (entrySeconds[start] <= entrySeconds[i] - window) {
                start++;
            }
            counts[i] = i - start + 1;
        }
        return Math.max(1, Stats.median(counts));
    }

    private static int firstGreater(int[] sorted, int value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int countBetween(long[] sorted, long from, long to) {
        int count = 0;
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < from) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        for (int i = low; i < sorted.length && sorted[i] <= to; i++) {
            count++;
        }
        return count;
    }

    private record Window(ClosedTrade loss, int count, double pace, double sizeRatio, int streak, int breaks,
                          double composite, List<String> entryIds) {
    }

    private static final class Episode {
        final Instant start;
        long end;
        Window worst;
        final List<String> lossIds = new ArrayList<>();
        /** A set: overlapping windows repeat most of their entries, and a list's lookups made merging quadratic. */
        final Set<String> entryIds = new LinkedHashSet<>();

        Episode(Window w, long end) {
            this.start = w.loss.exitTime();
            this.end = end;
            this.worst = w;
            absorb(w);
        }

        void add(Window w, long windowEnd) {
            end = Math.max(end, windowEnd);
            if (w.composite > worst.composite) {
                worst = w;
            }
            absorb(w);
        }

        private void absorb(Window w) {
            lossIds.add(w.loss.id());
            entryIds.addAll(w.entryIds);
        }

        Evidence evidence(List<ClosedTrade> closed, int windowMinutes) {
            BigDecimal pnl = BigDecimal.ZERO;
            for (ClosedTrade c : closed) {
                long exit = c.exitTime().getEpochSecond();
                if (exit >= start.getEpochSecond() && exit <= end) {
                    pnl = pnl.add(c.pnl());
                }
            }
            List<String> ids = new ArrayList<>(lossIds);
            ids.addAll(entryIds);
            return new Evidence(start, worst.loss.symbol(), ids, Text.f("from %s for %s: %s in a row, %d entries"
                            + " within %d min (%s the usual pace), up to %s the median size, %s; composite %.2f,"
                            + " round trips closed in it net %s", start, Text.minutes(java.time.Duration.ofSeconds(
                            end - start.getEpochSecond())), Text.plural(worst.streak, "loss", "losses"), worst.count,
                    windowMinutes, Text.x(worst.pace), Text.x(worst.sizeRatio),
                    Text.plural(worst.breaks, "broken rule", "broken rules"), worst.composite, Text.money(pnl)),
                    Values.of().ratio("composite", worst.composite).count("consecutiveLosses", worst.streak)
                            .count("entriesInWindow", worst.count).ratio("paceRatio", worst.pace)
                            .ratio("maxSizeRatio", worst.sizeRatio).count("ruleBreaks", worst.breaks)
                            .money("pnl", pnl).build());
        }
    }
}
