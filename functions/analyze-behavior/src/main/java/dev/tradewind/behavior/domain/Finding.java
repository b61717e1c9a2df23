package dev.tradewind.behavior.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One detector's result. Every detector reports, so a clean history shows what was examined and found absent.
 *
 * @param severity      only for {@link Status#DETECTED}
 * @param score         0–1 strength of the signal, 0.5 at the detection threshold (a pattern short of it may show a
 *                      partial score); the risk score counts it only when detected
 * @param summary       one sentence with the numbers
 * @param metrics       the detector's measurements, in a fixed order
 * @param evidenceCount how many instances were found; {@code evidence} lists up to 25 of them, the most recent
 */
public record Finding(Pattern pattern, Status status, Severity severity, BigDecimal score, String summary,
                      Map<String, Object> metrics, int evidenceCount, List<Evidence> evidence) {

    public static final int MAX_EVIDENCE = 25;

    public Finding {
        metrics = metrics == null ? Map.of() : metrics;
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public boolean detected() {
        return status == Status.DETECTED;
    }
}
