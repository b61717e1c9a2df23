package dev.tradewind.predict.domain;

import java.util.List;

/**
 * The scoring rules of the volatility and range forecasts, the trainer's own (docs/model.md#volatility-and-price-ranges),
 * so the accuracy route's numbers read on the same scale as the model card's:
 * <ul>
 *   <li>QLIKE (Patton 2011) of a variance forecast f for a realised variance y: {@code y/f − ln(y/f) − 1}, 0 when
 *   exact, lower is better; undefined for y = 0 (such outcomes are counted, never scored);</li>
 *   <li>the interval score (Gneiting &amp; Raftery 2007) of a central (1 − α) interval [l, u] for y:
 *   {@code (u − l) + (2/α)(l − y)·1{y < l} + (2/α)(y − u)·1{y > u}}, in log-return units
 *   ({@code l = ln(low/C_t)}, {@code u = ln(high/C_t)}, {@code y = ln(C_{t+h}/C_t)}), lower is better;</li>
 *   <li>coverage: the share of outcomes inside [low, high], bounds included;</li>
 *   <li>the EWMA baseline (RiskMetrics, λ = 0.94): {@code σ²_{t+1} = λ σ²_t + (1 − λ) r²_t}, seeded with the mean
 *   of the first 24 squared returns, and {@code H · σ²_{t+1}} over H bars.</li>
 * </ul>
 */
public final class VolatilityScores {

    public static final double EWMA_LAMBDA = 0.94;
    static final int EWMA_SEED = 24;

    private VolatilityScores() {
    }

    public static double qlike(double forecast, double realised) {
        if (!(forecast > 0) || !(realised > 0)) {
            throw new IllegalArgumentException("QLIKE needs positive variances: " + forecast + ", " + realised);
        }
        double ratio = realised / forecast;
        return ratio - Math.log(ratio) - 1;
    }

    /** @param alpha 1 − the nominal level (0.2 for an 80% interval) */
    public static double intervalScore(double low, double high, double outcome, double alpha) {
        double score = high - low;
        if (outcome < low) {
            score += 2 / alpha * (low - outcome);
        } else if (outcome > high) {
            score += 2 / alpha * (outcome - high);
        }
        return score;
    }

    public static boolean covers(double low, double high, double outcome) {
        return outcome >= low && outcome <= high;
    }

    /**
     * The EWMA variance of the next bar after the last close, from closes oldest first.
     *
     * @throws IllegalArgumentException fewer than two closes
     */
    public static double ewmaNext(List<Double> closes) {
        int n = closes.size();
        if (n < 2) {
            throw new IllegalArgumentException("EWMA needs at least two closes");
        }
        double[] r2 = new double[n];
        for (int i = 1; i < n; i++) {
            double r = Math.log(closes.get(i) / closes.get(i - 1));
            r2[i] = r * r;
        }
        int seedCount = Math.min(EWMA_SEED, n - 1);
        double variance = 0;
        for (int i = 1; i <= seedCount; i++) {
            variance += r2[i];
        }
        variance /= seedCount;
        for (int i = 1; i < n; i++) {
            variance = EWMA_LAMBDA * variance + (1 - EWMA_LAMBDA) * r2[i];
        }
        return variance;
    }

    /** Σ r² of the log returns from {@code from} through {@code closes}, in order. */
    public static double realisedVariance(double from, List<Double> closes) {
        double sum = 0;
        double previous = from;
        for (double close : closes) {
            double r = Math.log(close / previous);
            sum += r * r;
            previous = close;
        }
        return sum;
    }
}
