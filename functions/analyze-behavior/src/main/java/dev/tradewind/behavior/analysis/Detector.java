package dev.tradewind.behavior.analysis;

/** One behaviour's test. Implementations are stateless; the analyzer runs them in {@link Pattern} order. */
interface Detector {

    Pattern pattern();

    Result detect(AnalysisContext context);

    /**
     * @param recommendation only when detected
     * @param cooldown       a cooldown rule the guardrail can enforce, only when detected and one fits
     */
    record Result(Finding finding, Recommendation recommendation, Cooldown.Rule cooldown) {

        static Result of(Finding finding) {
            return new Result(finding, null, null);
        }
    }
}
