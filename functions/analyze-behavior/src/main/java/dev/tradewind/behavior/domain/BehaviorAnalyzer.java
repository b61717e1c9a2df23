package dev.tradewind.behavior.domain;

import dev.tradewind.behavior.domain.detectors.Detector;
import dev.tradewind.behavior.domain.detectors.DispositionDetector;
import dev.tradewind.behavior.domain.detectors.EmotionDetector;
import dev.tradewind.behavior.domain.detectors.FomoDetector;
import dev.tradewind.behavior.domain.detectors.MartingaleDetector;
import dev.tradewind.behavior.domain.detectors.OverconfidenceDetector;
import dev.tradewind.behavior.domain.detectors.OvertradingDetector;
import dev.tradewind.behavior.domain.detectors.RevengeTradingDetector;
import dev.tradewind.behavior.domain.detectors.TiltDetector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The behaviour-analysis engine: derives round trips from a trader's fills, runs every detector, weighs the findings
 * into a risk score, and says what to do, including the cooldown the trading guardrail can enforce. Stateless and
 * thread-safe; build one per market context at init. Deterministic: the same input gives the same output, byte for
 * byte once serialised.
 */
public final class BehaviorAnalyzer {

    /**
     * Risk-score weights (sum 1). Patterns that escalate risk right after losses carry the most (revenge, tilt,
     * martingale: 54 %), because they are how small losses become account-threatening ones; patterns that cost
     * returns slowly (overtrading, disposition, overconfidence) come next; FOMO and emotions, whose evidence is the
     * most indirect (market data, self-reports), least.
     */
    public static final Map<Pattern, BigDecimal> WEIGHTS = weights();

    private static final List<Detector> DETECTORS = List.of(
            new RevengeTradingDetector(),
            new TiltDetector(),
            new MartingaleDetector(),
            new OvertradingDetector(),
            new OverconfidenceDetector(),
            new DispositionDetector(),
            new FomoDetector(),
            new EmotionDetector());

    private final MarketContext market;

    public BehaviorAnalyzer(MarketContext market) {
        this.market = Objects.requireNonNull(market, "market");
    }

    private static Map<Pattern, BigDecimal> weights() {
        Map<Pattern, BigDecimal> w = new EnumMap<>(Pattern.class);
        w.put(Pattern.REVENGE_TRADING, new BigDecimal("0.22"));
        w.put(Pattern.TILT, new BigDecimal("0.18"));
        w.put(Pattern.MARTINGALE, new BigDecimal("0.14"));
        w.put(Pattern.OVERTRADING, new BigDecimal("0.12"));
        w.put(Pattern.OVERCONFIDENCE, new BigDecimal("0.09"));
        w.put(Pattern.DISPOSITION_EFFECT, new BigDecimal("0.09"));
        w.put(Pattern.FOMO, new BigDecimal("0.08"));
        w.put(Pattern.EMOTIONS, new BigDecimal("0.08"));
        return java.util.Collections.unmodifiableMap(w);
    }

    /**
     * @param asOf when the analysis runs (the injected clock's now): decides whether a cooldown is in force
     */
    public BehaviorAnalysis analyze(TradeHistory history, AnalysisOptions options, Instant asOf) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(asOf, "asOf");
        TradeLedger ledger = TradeLedger.build(history, options.zone());
        BehaviorAnalysis.Summary summary = summary(ledger, history);
        int closed = ledger.closed().size();
        if (closed < Thresholds.MIN_CLOSED_TRADES) {
            int missing = Thresholds.MIN_CLOSED_TRADES - closed;
            int open = ledger.openEntries();
            String what = Text.f("%d more closed round %s: have %d of the %d needed%s", missing,
                    missing == 1 ? "trip" : "trips", closed, Thresholds.MIN_CLOSED_TRADES,
                    open == 0 ? "" : Text.f(" (%s still open)", Text.plural(open, "entry", "entries")));
            return new BehaviorAnalysis(asOf, options.sensitivity(), summary,
                    new BehaviorAnalysis.InsufficientData(Thresholds.MIN_CLOSED_TRADES, closed, what), null,
                    List.of(), List.of(), CooldownAdvice.none());
        }
        AnalysisContext context = new AnalysisContext(ledger, options, market, history.journal());
        List<Finding> findings = new ArrayList<>();
        List<Recommendation> recommendations = new ArrayList<>();
        List<CooldownAdvice.Rule> rules = new ArrayList<>();
        for (Detector detector : DETECTORS) {
            Detector.Result result = detector.detect(context);
            findings.add(result.finding());
            if (result.recommendation() != null) {
                recommendations.add(result.recommendation());
            }
            if (result.cooldown() != null) {
                rules.add(result.cooldown());
            }
        }
        Map<Pattern, BigDecimal> scores = new EnumMap<>(Pattern.class);
        findings.forEach(f -> scores.put(f.pattern(), f.score()));
        recommendations.sort(Comparator.comparing((Recommendation r) -> scores.get(r.finding())).reversed()
                .thenComparing(Recommendation::finding));
        return new BehaviorAnalysis(asOf, options.sensitivity(), summary, null, riskScore(findings), findings,
                recommendations, cooldown(rules, context, asOf));
    }

    private static BehaviorAnalysis.Summary summary(TradeLedger ledger, TradeHistory history) {
        BigDecimal net = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        int wins = 0;
        int losses = 0;
        int reported = 0;
        for (ClosedTrade c : ledger.closed()) {
            net = net.add(c.pnl());
            wins += c.isWin() ? 1 : 0;
            losses += c.isLoss() ? 1 : 0;
            reported += c.pnlReported() ? 1 : 0;
        }
        for (Fill fill : ledger.fills()) {
            fees = fees.add(fill.fees());
        }
        String method = reported == 0 ? "FIFO" : reported == ledger.closed().size() ? "REPORTED" : "MIXED";
        List<Fill> fills = ledger.fills();
        return new BehaviorAnalysis.Summary(fills.size(), ledger.entries().size(), ledger.closed().size(), wins,
                losses, fills.isEmpty() ? null : fills.get(0).time(),
                fills.isEmpty() ? null : fills.get(fills.size() - 1).time(), TradeLedger.money(net),
                TradeLedger.money(fees), method, ledger.equity().known(), history.journal().size(),
                ledger.ruleBreaks().size());
    }

    static RiskScore riskScore(List<Finding> findings) {
        List<RiskScore.Component> components = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Finding f : findings) {
            BigDecimal weight = WEIGHTS.get(f.pattern());
            BigDecimal exact = f.detected() ? weight.multiply(f.score()).multiply(BigDecimal.valueOf(100))
                    : BigDecimal.ZERO;
            // Rounded once, from the exact sum: the components' one-decimal points are for display only.
            total = total.add(exact);
            components.add(new RiskScore.Component(f.pattern(), weight, f.status(), f.score(),
                    exact.setScale(1, RoundingMode.HALF_EVEN)));
        }
        int score = Math.min(100, total.setScale(0, RoundingMode.HALF_EVEN).intValue());
        String band = score < 20 ? "LOW" : score < 40 ? "MODERATE" : score < 60 ? "ELEVATED" : "HIGH";
        return new RiskScore(score, band, components);
    }

    /** The rules the findings call for, and whether the latest close already put one in force. */
    static CooldownAdvice cooldown(List<CooldownAdvice.Rule> rules, AnalysisContext context, Instant asOf) {
        if (rules.isEmpty()) {
            return CooldownAdvice.none();
        }
        List<ClosedTrade> closed = context.closed();
        Instant activeUntil = null;
        CooldownAdvice.Rule active = null;
        ClosedTrade trigger = null;
        List<ClosedTrade> done = closed.stream().filter(c -> !c.exitTime().isAfter(asOf)).toList();
        if (!done.isEmpty()) {
            ClosedTrade last = done.get(done.size() - 1);
            int streak = 0;
            for (int i = done.size() - 1; i >= 0 && done.get(i).isLoss(); i--) {
                streak++;
            }
            for (CooldownAdvice.Rule rule : rules) {
                if (!triggers(rule, last, streak, context)) {
                    continue;
                }
                Instant until = last.exitTime().plus(Duration.ofMinutes(rule.minutes()));
                if (until.isAfter(asOf) && (activeUntil == null || until.isAfter(activeUntil))) {
                    activeUntil = until;
                    active = rule;
                    trigger = last;
                }
            }
        }
        String reason = rules.stream().map(CooldownAdvice.Rule::reason).reduce((a, b) -> a + "; " + b).orElseThrow();
        if (active != null) {
            reason = Text.f("in force until %s (%s rule met by the latest close); ", activeUntil,
                    active.finding().name()) + reason;
        }
        return new CooldownAdvice(true, List.copyOf(rules), activeUntil, active,
                trigger == null ? null : trigger.exitTime(), trigger == null ? null : trigger.id(), reason);
    }

    private static boolean triggers(CooldownAdvice.Rule rule, ClosedTrade last, int streak, AnalysisContext context) {
        return switch (rule.trigger()) {
            case LOSS_PCT_OF_EQUITY -> last.isLoss() && context.equity().known()
                    && -100 * last.pnlValue() / context.equity().before(last) >= rule.threshold().doubleValue();
            case LOSS_AMOUNT -> last.isLoss() && last.pnl().negate().compareTo(rule.threshold()) >= 0;
            case CONSECUTIVE_LOSSES -> streak >= rule.threshold().intValue();
        };
    }
}
