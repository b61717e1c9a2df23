package dev.tradewind.predict.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * How a prediction turned out, decided once the bar {@code horizonBars} after its candle exists.
 *
 * @param status     {@link Status#RESOLVED}, or {@link Status#UNRESOLVABLE} when that bar never arrived
 * @param resolvedAt when it was decided (the function's clock)
 * @param barOpen    open time of the bar that decided it; null when unresolvable
 * @param close      that bar's close; null when unresolvable
 * @param up         close &gt; the prediction's close (the model's label: a flat move is not up)
 * @param realisedReturn close / the prediction's close − 1
 */
public record Outcome(Status status, Instant resolvedAt, Instant barOpen, BigDecimal close, boolean up,
                      double realisedReturn) {

    public enum Status {
        RESOLVED,
        UNRESOLVABLE
    }

    public Outcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
    }

    public static Outcome resolved(Instant resolvedAt, Instant barOpen, BigDecimal close, BigDecimal from) {
        boolean up = close.compareTo(from) > 0;
        double realised = from.signum() > 0 ? close.doubleValue() / from.doubleValue() - 1 : 0;
        return new Outcome(Status.RESOLVED, resolvedAt, barOpen, close, up, realised);
    }

    public static Outcome unresolvable(Instant resolvedAt) {
        return new Outcome(Status.UNRESOLVABLE, resolvedAt, null, null, false, 0);
    }

    public boolean isResolved() {
        return status == Status.RESOLVED;
    }
}
