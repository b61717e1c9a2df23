package dev.tradewind.behavior.domain;

import dev.tradewind.shared.trading.RiskLimits;
import java.util.List;

/**
 * Everything the engine analyses, independent of where it is stored: fills, and where known the trader's equity,
 * journal, risk limits and recorded rule breaks. The service fills this from the trading-session tables or from an
 * inline request; order does not matter (the engine sorts by time, then id).
 */
public record TradeHistory(List<Fill> fills, List<EquityMark> equity, List<JournalNote> journal,
                           RiskLimits riskLimits, List<RuleBreak> ruleBreaks) {

    /** The engine's benchmarked size: inline trades and stored histories alike are bounded by it. */
    public static final int MAX_FILLS = 10_000;

    public TradeHistory {
        fills = fills == null ? List.of() : List.copyOf(fills);
        equity = equity == null ? List.of() : List.copyOf(equity);
        journal = journal == null ? List.of() : List.copyOf(journal);
        riskLimits = riskLimits == null ? RiskLimits.NONE : riskLimits;
        ruleBreaks = ruleBreaks == null ? List.of() : List.copyOf(ruleBreaks);
    }

    public static TradeHistory of(List<Fill> fills) {
        return new TradeHistory(fills, null, null, null, null);
    }

    public TradeHistory withEquity(List<EquityMark> points) {
        return new TradeHistory(fills, points, journal, riskLimits, ruleBreaks);
    }

    public TradeHistory withJournal(List<JournalNote> entries) {
        return new TradeHistory(fills, equity, entries, riskLimits, ruleBreaks);
    }

    public TradeHistory withRiskLimits(RiskLimits limits) {
        return new TradeHistory(fills, equity, journal, limits, ruleBreaks);
    }

    public TradeHistory withRuleBreaks(List<RuleBreak> breaks) {
        return new TradeHistory(fills, equity, journal, riskLimits, breaks);
    }
}
