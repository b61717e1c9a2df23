package dev.tradewind.behavior.domain.detectors;

import dev.tradewind.behavior.domain.AnalysisContext;
import dev.tradewind.behavior.domain.ClosedTrade;
import dev.tradewind.behavior.domain.Evidence;
import dev.tradewind.behavior.domain.Fill;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Recommendation;
import dev.tradewind.behavior.domain.Stats;
import dev.tradewind.behavior.domain.Text;
import dev.tradewind.behavior.domain.Thresholds;
import dev.tradewind.behavior.domain.Values;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Overtrading (Barber &amp; Odean 2000: the households that trade most earn the least, net of costs):
 * <ul>
 *   <li>fills per active day against the trader's own baseline: z = (day − mean of the other active days) / their
 *       sample standard deviation, floored at √mean (a Poisson count's spread) so a trader with a perfectly regular
 *       count is not flagged for one extra trade;</li>
 *   <li>fee drag = fees ÷ |gross P&amp;L| of the closed round trips: the share of what trading earned (or lost) that
 *       went to costs;</li>
 *   <li>turnover = traded notional ÷ mean equity at entries, annualised (reported for reference; Barber &amp; Odean's average
 *       household turned over 75 % a year).</li>
 * </ul>
 */
public final class OvertradingDetector implements Detector {

    @Override
    public Pattern pattern() {
        return Pattern.OVERTRADING;
    }

    @Override
    public Result detect(AnalysisContext context) {
        Thresholds.Overtrading t = context.thresholds(Thresholds.OVERTRADING);
        List<Fill> fills = context.ledger().fills();
        Map<LocalDate, List<Fill>> byDay = new TreeMap<>();
        BigDecimal traded = BigDecimal.ZERO;
        for (Fill fill : fills) {
            byDay.computeIfAbsent(context.day(fill.time()), d -> new ArrayList<>()).add(fill);
            traded = traded.add(fill.notional());
        }
        BigDecimal fees = BigDecimal.ZERO;
        BigDecimal gross = BigDecimal.ZERO;
        for (ClosedTrade c : context.closed()) {
            fees = fees.add(c.fees());
            gross = gross.add(c.grossPnl());
        }
        double feeDrag = gross.signum() == 0 ? Double.NaN : fees.doubleValue() / gross.abs().doubleValue();
        boolean feeDetected = fees.signum() > 0 && feeDrag >= t.feeDrag();

        int days = byDay.size();
        double[] counts = byDay.values().stream().mapToDouble(List::size).toArray();
        double sum = 0;
        double squares = 0;
        for (double c : counts) {
            sum += c;
            squares += c * c;
        }
        List<Evidence> evidence = new ArrayList<>();
        double maxZ = Double.NaN;
        boolean daysTestable = days >= t.minActiveDays();
        if (daysTestable) {
            int i = 0;
            for (Map.Entry<LocalDate, List<Fill>> day : byDay.entrySet()) {
                double c = counts[i++];
                int n = days - 1;
                double mean = (sum - c) / n;
                double variance = (squares - c * c - n * mean * mean) / (n - 1);
                double sd = Math.max(Math.sqrt(Math.max(variance, 0)), Math.sqrt(mean));
                double z = (c - mean) / sd;
                maxZ = Double.isNaN(maxZ) ? z : Math.max(maxZ, z);
                if (z >= t.dayZ() && c >= t.dayMultiple() * mean) {
                    List<Fill> dayFills = day.getValue();
                    evidence.add(new Evidence(dayFills.get(0).time(), null,
                            dayFills.stream().map(Fill::id).limit(20).toList(), Text.f(
                            "%s: %d fills against a baseline of %.1f a day (z %.1f)", day.getKey(), (int) c, mean, z),
                            Values.of().text("day", day.getKey().toString()).count("fills", (long) c)
                                    .ratio("baselineMean", mean).ratio("baselineSd", sd).ratio("z", z).build()));
                }
            }
        }
        double meanEquity = meanEquity(context);
        Duration span = fills.isEmpty() ? Duration.ZERO
                : Duration.between(fills.get(0).time(), fills.get(fills.size() - 1).time());
        double years = Math.max(span.toSeconds(), 86_400) / (365.0 * 86_400);
        double turnover = meanEquity > 0 ? traded.doubleValue() / meanEquity / years : Double.NaN;
        var metrics = Values.of().count("activeDays", days).ratio("meanFillsPerDay", days == 0 ? Double.NaN
                        : sum / days).count("spikeDays", evidence.size()).ratio("maxDayZ", maxZ)
                .ratio("dayZMin", t.dayZ()).money("fees", fees).money("grossPnl", gross).ratio("feeDrag", feeDrag)
                .ratio("feeDragMin", t.feeDrag()).money("tradedNotional", traded)
                .ratio("annualTurnover", turnover).flag("dailyCountsTested", daysTestable).build();
        boolean daysDetected = evidence.size() >= t.minDays();
        boolean detected = daysDetected || feeDetected;
        int spikeDays = evidence.size();
        double score = Stats.either(daysDetected ? Stats.pastThreshold(spikeDays, t.minDays()) : 0,
                feeDetected ? Stats.pastThreshold(feeDrag, t.feeDrag()) : 0);
        if (feeDetected) {
            evidence.add(new Evidence(fills.get(fills.size() - 1).time(), null, List.of(), Text.f(
                    "fees %s against gross P&L %s: %s of it", Text.money(fees), Text.money(gross), Text.pct(feeDrag)),
                    Values.of().money("fees", fees).money("grossPnl", gross).ratio("feeDrag", feeDrag).build()));
        }
        String summary = Text.f("%s with ≥ %.1fσ more fills than your baseline of %.1f a day%s; fees were %s of"
                        + " |gross P&L|", Text.plural(spikeDays, "day", "days"), t.dayZ(),
                days == 0 ? 0 : sum / days, daysTestable ? "" : Text.f(" (daily counts need %d active days, have %d)",
                        t.minActiveDays(), days), Double.isFinite(feeDrag) ? Text.pct(feeDrag) : "undefined");
        Finding finding = Findings.of(pattern(), detected, score, summary, metrics, evidence);
        if (!detected) {
            return Result.of(finding);
        }
        List<String> actions = new ArrayList<>();
        if (daysDetected) {
            actions.add(Text.f("cap your day at about %d fills (twice your baseline) with the session's"
                    + " maxOrdersPerHour limit", (int) Math.ceil(2 * sum / days)));
        }
        if (feeDetected) {
            actions.add("trade less often or larger-timeframe setups until fees are a small share of gross P&L");
        }
        String text = summary + " → " + String.join("; ", actions) + ".";
        return new Result(finding, new Recommendation(pattern(), finding.severity(), text, false), null);
    }

    private static double meanEquity(AnalysisContext context) {
        if (!context.equity().known() || context.entries().isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < context.entries().size(); i++) {
            sum += context.entryEquity(i);
        }
        return sum / context.entries().size();
    }
}
