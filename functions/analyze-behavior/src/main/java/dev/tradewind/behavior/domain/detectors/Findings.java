package dev.tradewind.behavior.domain.detectors;

import dev.tradewind.behavior.domain.Evidence;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Severity;
import dev.tradewind.behavior.domain.Stats;
import dev.tradewind.behavior.domain.Status;
import dev.tradewind.behavior.domain.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Builds {@link Finding}s the same way everywhere: status, severity from the score shown, the latest evidence. */
final class Findings {

    private Findings() {
    }

    static Finding of(Pattern pattern, boolean detected, double score, String summary, Map<String, Object> metrics,
                      List<Evidence> evidence) {
        return of(pattern, detected, score, summary, metrics, evidence, evidence.size());
    }

    /** @param count instances found, when {@code evidence} holds only some of them (see {@link EvidenceTail}) */
    static Finding of(Pattern pattern, boolean detected, double score, String summary, Map<String, Object> metrics,
                      List<Evidence> evidence, int count) {
        // Rounded once, and the severity read from the score as shown: 0.59996 shows as 0.6000, which is medium.
        BigDecimal shown = Values.round(Stats.clamp01(score), 4);
        List<Evidence> sorted = new ArrayList<>(evidence);
        sorted.sort(Comparator.comparing(Evidence::time)
                .thenComparing(e -> e.tradeIds().isEmpty() ? "" : e.tradeIds().get(0)));
        List<Evidence> kept = sorted.size() > Finding.MAX_EVIDENCE
                ? sorted.subList(sorted.size() - Finding.MAX_EVIDENCE, sorted.size()) : sorted;
        return new Finding(pattern, detected ? Status.DETECTED : Status.NOT_DETECTED,
                detected ? Severity.of(shown.doubleValue()) : null, shown, summary, metrics, count, kept);
    }

    static Finding insufficient(Pattern pattern, String reason, Map<String, Object> metrics) {
        return new Finding(pattern, Status.INSUFFICIENT_DATA, null, Values.round(0, 4), reason, metrics, 0,
                List.of());
    }
}
