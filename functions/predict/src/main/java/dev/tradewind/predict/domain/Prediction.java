package dev.tradewind.predict.domain;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One prediction, stored once: the forecast cache entry and the prediction log entry are the same item. It is
 * written when first computed and later completed with its {@link Outcome}.
 *
 * @param key            series, last closed candle (open time) and model version
 * @param assetClass     decides the trading calendar used to find when it resolves
 * @param createdAt      when it was computed (the function's clock)
 * @param probabilityUp  calibrated P(close[t + horizon] &gt; close[t]) from the model
 * @param features       the model's inputs in the card's order (NaN = missing); null when not read
 * @param close          close of the candle it was computed from
 * @param previousClose  close of the candle before (for the previous-bar baseline)
 * @param horizonBars    bars ahead it forecasts
 * @param dueAt          when the bar that resolves it closes, by the instrument's calendar
 * @param signal         the signal it gave when computed
 * @param confidence     the confidence it was served with when computed
 * @param lowConfidence  the model's card flags it as not beating its baseline
 * @param stale          the candle was already stale when it was computed
 * @param nextCheckAt    while unresolved: when the resolver looks at it next; null once it has an outcome
 * @param outcome        the direction's outcome; null while pending
 * @param expiresAt      TTL, epoch seconds
 * @param volatility     the volatility forecast and price ranges computed with it; null when the family has no
 *                       volatility model, its history was too short for it, or the item predates them
 */
public record Prediction(PredictionKey key, AssetClass assetClass, Instant createdAt, float probabilityUp,
                         float[] features, BigDecimal close, BigDecimal previousClose, int horizonBars, Instant dueAt,
                         Signal signal, double confidence, boolean lowConfidence, boolean stale, Instant nextCheckAt,
                         Outcome outcome, long expiresAt, VolatilityPrediction volatility) {

    /** A prediction without a volatility part. */
    public Prediction(PredictionKey key, AssetClass assetClass, Instant createdAt, float probabilityUp,
                      float[] features, BigDecimal close, BigDecimal previousClose, int horizonBars, Instant dueAt,
                      Signal signal, double confidence, boolean lowConfidence, boolean stale, Instant nextCheckAt,
                      Outcome outcome, long expiresAt) {
        this(key, assetClass, createdAt, probabilityUp, features, close, previousClose, horizonBars, dueAt, signal,
                confidence, lowConfidence, stale, nextCheckAt, outcome, expiresAt, null);
    }

    public Prediction {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(assetClass, "assetClass");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(close, "close");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(signal, "signal");
        if ((outcome == null || volatility != null && !volatility.isSettled()) && nextCheckAt == null) {
            throw new IllegalArgumentException("a pending prediction needs nextCheckAt");
        }
    }

    public String symbol() {
        return key.symbol();
    }

    public Interval interval() {
        return key.interval();
    }

    public Instant asOf() {
        return key.asOf();
    }

    public String modelVersion() {
        return key.modelVersion();
    }

    /**
     * Something in it still waits for an outcome (the direction, or the range or volatility part): it is in the
     * pending index. See {@link #isDirectionPending()} for the direction alone.
     */
    public boolean isPending() {
        return outcome == null || volatility != null && !volatility.isSettled();
    }

    /** The direction has no outcome yet. */
    public boolean isDirectionPending() {
        return outcome == null;
    }

    /** When the earliest part still waiting is due (its bar closes); null when nothing waits. */
    public Instant nextDue() {
        Instant next = outcome == null ? dueAt : null;
        Instant other = volatility == null ? null : volatility.nextDue();
        if (next == null || other != null && other.isBefore(next)) {
            return other;
        }
        return next;
    }

    /** The direction's outcome; while another part still waits, the next check moves to when that one is due. */
    public Prediction withOutcome(Outcome resolved) {
        Prediction done = new Prediction(key, assetClass, createdAt, probabilityUp, features, close, previousClose,
                horizonBars, dueAt, signal, confidence, lowConfidence, stale, nextCheckAt,
                Objects.requireNonNull(resolved), expiresAt, volatility);
        return done.settled();
    }

    /** The volatility part with a new outcome in it. */
    public Prediction withVolatility(VolatilityPrediction updated) {
        Prediction done = new Prediction(key, assetClass, createdAt, probabilityUp, features, close, previousClose,
                horizonBars, dueAt, signal, confidence, lowConfidence, stale, nextCheckAt, outcome, expiresAt,
                Objects.requireNonNull(updated));
        return done.settled();
    }

    /** No next check once nothing waits; else at the latest the next part's due time. */
    private Prediction settled() {
        Instant next = isPending() ? laterOf(nextCheckAt, nextDue()) : null;
        return new Prediction(key, assetClass, createdAt, probabilityUp, features, close, previousClose, horizonBars,
                dueAt, signal, confidence, lowConfidence, stale, next, outcome, expiresAt, volatility);
    }

    private static Instant laterOf(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    public Prediction withNextCheckAt(Instant next) {
        return new Prediction(key, assetClass, createdAt, probabilityUp, features, close, previousClose, horizonBars,
                dueAt, signal, confidence, lowConfidence, stale, Objects.requireNonNull(next), outcome, expiresAt,
                volatility);
    }
}
