package dev.tradewind.local.clock;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * Market time for the local runtime: starts at a chosen instant inside the bundled history and runs {@code speed}
 * times faster than wall time, so schedules, staleness, forecasts, fills and prediction resolution all move
 * forward together. Every function instance gets this same object, so they agree on "now"; it can also be advanced
 * by hand to replay later candles at once. A clock made {@link #held} stands still until {@link #release}d: the
 * runtime catches market data up to it before time starts to move.
 */
public final class ReplayClock extends Clock {

    /** The latest instant the replay may reach: four-digit years, as every date the API prints has. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** How much replay time the clock counts from one anchor before it moves the anchor up (about 32 years). */
    private static final double REANCHOR_NANOS = 1e18;

    private final double speed;
    private final LongSupplier nanoTime;
    private Instant anchorInstant;
    private long anchorNanos;
    private boolean held;

    public ReplayClock(Instant start, double speed) {
        this(start, speed, System::nanoTime, false);
    }

    /** A clock standing at {@code start} until {@link #release()}. */
    public static ReplayClock held(Instant start, double speed) {
        return new ReplayClock(start, speed, System::nanoTime, true);
    }

    ReplayClock(Instant start, double speed, LongSupplier nanoTime, boolean held) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("replay speed must be a positive number, was " + speed);
        }
        this.speed = speed;
        this.nanoTime = nanoTime;
        this.anchorInstant = start;
        this.anchorNanos = nanoTime.getAsLong();
        this.held = held;
    }

    public double speed() {
        return speed;
    }

    public synchronized boolean isHeld() {
        return held;
    }

    /** Starts a held clock from where it stands; a running clock is left as it is. */
    public synchronized void release() {
        if (held) {
            anchorNanos = nanoTime.getAsLong();
            held = false;
        }
    }

    @Override
    public synchronized Instant instant() {
        if (held) {
            return anchorInstant;
        }
        long wallNow = nanoTime.getAsLong();
        double replayNanos = (wallNow - anchorNanos) * speed;
        Instant now = plus(anchorInstant, replayNanos);
        if (replayNanos >= REANCHOR_NANOS) {
            // A long holds 292 years of nanoseconds, which the highest speeds replay in hours: start counting anew.
            anchorInstant = now;
            anchorNanos = wallNow;
        }
        return now;
    }

    /** {@code from} plus {@code nanos} of replay, stopping at {@link #LATEST}. */
    private static Instant plus(Instant from, double nanos) {
        if (nanos >= Duration.between(from, LATEST).getSeconds() * 1e9) {
            return LATEST;
        }
        return nanos < Long.MAX_VALUE ? from.plusNanos((long) nanos) : from.plusSeconds((long) (nanos / 1e9));
    }

    /** Jumps forward, e.g. to make the next day's candles close now. */
    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the replay clock only moves forward");
        }
        Instant now = instant();
        if (!held) {
            anchorNanos = nanoTime.getAsLong();
        }
        anchorInstant = now.plus(by);
    }

    /** The speed as the banner tells it, e.g. {@code 720x (one hour of market time every 5 s)}. */
    public String pace() {
        return fourDigits(speed) + "x (one hour of market time every " + fourDigits(3600 / speed) + " s)";
    }

    /** A speed below 1 (or a wait below a second) keeps its digits: --replay-speed 0.25 is not "0x". */
    private static String fourDigits(double value) {
        return BigDecimal.valueOf(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** How long to wait on the wall for {@code replay} to pass on this clock. */
    public Duration wallDuration(Duration replay) {
        return Duration.ofNanos((long) (replay.toNanos() / speed));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        ReplayClock source = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return source.withZone(other);
            }

            @Override
            public Instant instant() {
                return source.instant();
            }
        };
    }
}
