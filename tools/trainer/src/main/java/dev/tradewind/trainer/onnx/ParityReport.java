package dev.tradewind.trainer.onnx;

/**
 * Outcome of comparing ONNX Runtime against reference probabilities on one evaluation matrix.
 *
 * @param rows rows compared
 * @param rowsWithMissing rows that had at least one NaN feature
 * @param maxAbsDifference max |P_onnx(1) - P_ref(1)|
 * @param worstRow row index where that maximum occurred
 * @param meanAbsDifference mean |P_onnx(1) - P_ref(1)|
 * @param flippedDecisions rows where ONNX and reference disagree on P(1) &gt; 0.5
 * @param inconsistentOutputs rows where ORT's own outputs disagree: p0 + p1 != 1 (beyond the
 *     tolerance) or its label does not match its probability
 * @param tolerance the max |Δ| allowed
 */
public record ParityReport(
        int rows,
        int rowsWithMissing,
        double maxAbsDifference,
        int worstRow,
        double meanAbsDifference,
        int flippedDecisions,
        int inconsistentOutputs,
        double tolerance) {

    public boolean passed() {
        return maxAbsDifference <= tolerance && flippedDecisions == 0 && inconsistentOutputs == 0;
    }

    /** Fails the export: call this before publishing a model. */
    public ParityReport requirePassed() {
        if (!passed()) {
            throw new ParityCheckFailedException(this);
        }
        return this;
    }

    public static final class ParityCheckFailedException extends RuntimeException {
        private final ParityReport report;

        ParityCheckFailedException(ParityReport report) {
            super("ONNX model does not match the reference: " + report);
            this.report = report;
        }

        public ParityReport report() {
            return report;
        }
    }
}
