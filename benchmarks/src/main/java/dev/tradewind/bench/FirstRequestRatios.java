package dev.tradewind.bench;

import java.util.Arrays;

/**
 * One route's first ÷ tenth request over its fresh JVMs: the median the target is judged on, and the spread that says
 * whether the verdict would survive another run. A median near 2× with runs on both sides is noise, not a finding.
 */
record FirstRequestRatios(double median, double lowest, double highest) {

    static final double TARGET = 2.0;

    enum Verdict { OVER_IN_EVERY_RUN, MIXED, WITHIN_IN_EVERY_RUN }

    /** Refuses no runs, as {@link Medians#of(double[])} does. */
    static FirstRequestRatios of(double[] perRun) {
        return new FirstRequestRatios(Medians.of(perRun), Arrays.stream(perRun).min().orElseThrow(),
                Arrays.stream(perRun).max().orElseThrow());
    }

    boolean missed() {
        return median > TARGET;
    }

    Verdict verdict() {
        return lowest > TARGET ? Verdict.OVER_IN_EVERY_RUN
                : highest <= TARGET ? Verdict.WITHIN_IN_EVERY_RUN : Verdict.MIXED;
    }
}
