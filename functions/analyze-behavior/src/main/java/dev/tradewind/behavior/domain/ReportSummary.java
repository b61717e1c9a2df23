package dev.tradewind.behavior.domain;

import java.time.Instant;
import java.util.List;

/** One line of {@code GET /v1/behavior/reports}: enough to choose a report; the whole one is at its id. */
public record ReportSummary(String id, Instant createdAt, Report.Source source, String sessionId, Instant from,
                            Instant to, int fills, Sensitivity sensitivity, boolean insufficientData, Integer riskScore,
                            String riskBand, List<Pattern> detected, Report.CooldownStatus cooldown,
                            Instant cooldownUntil) {

    public static ReportSummary of(Report report) {
        BehaviorAnalysis analysis = report.analysis();
        return new ReportSummary(report.id(), report.createdAt(), report.input().source(),
                report.input().sessionId(), report.input().from(), report.input().to(), report.input().fills(),
                analysis.sensitivity(), analysis.insufficientData() != null,
                analysis.riskScore() == null ? null : analysis.riskScore().score(),
                analysis.riskScore() == null ? null : analysis.riskScore().band(),
                analysis.findings().stream().filter(Finding::detected).map(Finding::pattern).toList(),
                report.guardrail().cooldown(), report.guardrail().until());
    }
}
