package dev.tradewind.behavior.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The engine's answer. With fewer closed round trips than the minimum, {@code insufficientData} says what is missing
 * and there are no findings, no score and no recommendations.
 *
 * @param findings        one per {@link Pattern}, in that order (empty with insufficient data)
 * @param recommendations one per detected finding, strongest first
 */
public record BehaviorAnalysis(Instant asOf, Sensitivity sensitivity, Summary summary,
                               InsufficientData insufficientData, RiskScore riskScore, List<Finding> findings,
                               List<Recommendation> recommendations, CooldownAdvice cooldown) {

    public BehaviorAnalysis {
        findings = findings == null ? List.of() : List.copyOf(findings);
        recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
    }

    /**
     * What was analysed.
     *
     * @param pnlMethod how realised P&L was obtained: FIFO, REPORTED (the source's figures) or MIXED
     */
    public record Summary(int fills, int entries, int closedTrades, int wins, int losses, Instant from, Instant to,
                          BigDecimal netPnl, BigDecimal fees, String pnlMethod, boolean equityKnown,
                          int journalEntries, int ruleBreaks) {
    }

    /**
     * @param required the minimum number of closed round trips
     * @param missing  what is missing, in words
     */
    public record InsufficientData(int required, int closedTrades, String missing) {
    }

    public Finding finding(Pattern pattern) {
        return findings.stream().filter(f -> f.pattern() == pattern).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no finding for " + pattern));
    }
}
