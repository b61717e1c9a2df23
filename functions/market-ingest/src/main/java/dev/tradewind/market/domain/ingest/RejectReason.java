package dev.tradewind.market.domain.ingest;

/** Why a bar from a venue was not stored; each is counted in the run summary. */
public enum RejectReason {
    /** A price or the volume is missing, NaN or not a number. */
    MISSING_VALUE,
    /** A price is zero or negative, or the volume is negative. */
    NON_POSITIVE,
    HIGH_BELOW_LOW,
    /**
     * A price or the volume is a number DynamoDB cannot hold (over 38 significant digits, or a magnitude outside
     * 1E-130 to 1E+126): stored with the other candles of its batch, it would fail them all, and its series every run.
     */
    UNSTORABLE,
    /** Open or close lies outside [low, high]. */
    OUTSIDE_RANGE,
    /** The same open time twice in one fetch. */
    DUPLICATE,
    /** An open time earlier than the bar before it. */
    OUT_OF_ORDER,
    /** The open time is not on the instrument's calendar grid (e.g. an hourly bar at 10:30). */
    OFF_CALENDAR,
    /** The bar has not closed yet (the venue's bar in progress). */
    NOT_CLOSED
}
