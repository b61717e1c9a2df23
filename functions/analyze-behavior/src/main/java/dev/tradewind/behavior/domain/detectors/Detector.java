package dev.tradewind.behavior.domain.detectors;

import dev.tradewind.behavior.domain.AnalysisContext;
import dev.tradewind.behavior.domain.CooldownAdvice;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Recommendation;
/** One behaviour's test. Implementations are stateless; the analyzer runs them in {@link Pattern} order. */
public interface Detector {

    Pattern pattern();

    Result detect(AnalysisContext context);

    /**
     * @param recommendation only when detected
     * @param cooldown       a cooldown rule the guardrail can enforce, only when detected and one fits
     */
    record Result(Finding finding, Recommendation recommendation, CooldownAdvice.Rule cooldown) {

        static Result of(Finding finding) {
            return new Result(finding, null, null);
        }
    }
}
