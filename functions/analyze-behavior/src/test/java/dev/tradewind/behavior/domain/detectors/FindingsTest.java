package dev.tradewind.behavior.domain.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Severity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingsTest {

    /** 0.59996 is shown as 0.6000, where medium begins: the severity follows the score the finding shows. */
    @Test
    void of_scoreShownAsTheMediumBoundary_isMediumSeverity() {
        Finding f = Findings.of(Pattern.TILT, true, 0.59996, "s", Map.of(), List.of());

        assertEquals(new BigDecimal("0.6000"), f.score());
        assertEquals(Severity.MEDIUM, f.severity());
    }

    @Test
    void of_scoreShownAsTheHighBoundary_isHighSeverity() {
        Finding f = Findings.of(Pattern.TILT, true, 0.79995, "s", Map.of(), List.of());

        assertEquals(new BigDecimal("0.8000"), f.score());
        assertEquals(Severity.HIGH, f.severity());
    }
}
