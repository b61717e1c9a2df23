package dev.tradewind.behavior.domain;

/** A detector's verdict. */
public enum Status {
    /** The pattern is there; the evidence shows where. */
    DETECTED,
    /** Enough data was examined and the pattern is not there. */
    NOT_DETECTED,
    /** The data needed to judge is missing (no market data, no journal, too few observations); never a finding. */
    INSUFFICIENT_DATA
}
