package dev.tradewind.trainer.volatility;

/**
 * GARCH(1,1) (Bollerslev 1986), {@code σ²_t = ω + α r²_{t−1} + β σ²_{t−1}}, fitted by Gaussian quasi-maximum
 * likelihood, maximising {@code −½ Σ (ln σ²_t + r²_t / σ²_t)}, with Nelder–Mead from fixed starts (deterministic).
 * The constraints ω &gt; 0, α, β ≥ 0, α + β &lt; 1 hold by construction: the simplex moves in
 * (ln ω, logit(α + β), logit(α / (α + β))), with α + β capped at 0.9999. The filter starts at the fit sample's mean
 * squared return.
 *
 * @param omega ω
 * @param alpha α
 * @param beta  β
 * @param start σ² of the first return (the fit sample's mean r²)
 */
public record Garch11(double omega, double alpha, double beta, double start) {

    private static final double MAX_PERSISTENCE = 0.9999;
    private static final int MAX_EVALUATIONS = 1500;

    public double persistence() {
        return alpha + beta;
    }

    /** σ̄² = ω / (1 − α − β). */
    public double unconditionalVariance() {
        return omega / (1 - alpha - beta);
    }

    /** Fits on {@code returns[from..to)}. */
    public static Garch11 fit(double[] returns, int from, int to) {
        double mean = 0;
        for (int i = from; i < to; i++) {
            mean += returns[i] * returns[i];
        }
        mean /= to - from;
        double start = mean;
        double[][] starts = {{0.05, 0.90}, {0.10, 0.85}, {0.03, 0.96}};
        double[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (double[] s : starts) {
            double a = s[0];
            double b = s[1];
            double[] theta = {Math.log(mean * (1 - a - b)), logit((a + b) / MAX_PERSISTENCE), logit(a / (a + b))};
            double[] result = NelderMead.minimize(t -> negativeLogLikelihood(params(t, start), returns, from, to),
                    theta, 0.5, MAX_EVALUATIONS, 1e-10);
            double value = negativeLogLikelihood(params(result, start), returns, from, to);
            if (value < bestValue) {
                bestValue = value;
                best = result;
            }
        }
        return params(best, start);
    }

    private static Garch11 params(double[] t, double start) {
        double persistence = MAX_PERSISTENCE * sigmoid(t[1]);
        double share = sigmoid(t[2]);
        return new Garch11(Math.exp(t[0]), persistence * share, persistence * (1 - share), start);
    }

    /** ½ Σ (ln σ²_t + r²_t / σ²_t) over returns[from..to). */
    public static double negativeLogLikelihood(Garch11 g, double[] returns, int from, int to) {
        double variance = g.start;
        double sum = 0;
        for (int i = from; i < to; i++) {
            double r2 = returns[i] * returns[i];
            sum += Math.log(variance) + r2 / variance;
            variance = g.omega + g.alpha * r2 + g.beta * variance;
        }
        return Double.isFinite(sum) ? 0.5 * sum : Double.POSITIVE_INFINITY;
    }

    /**
     * σ²_{t+1} for every t: {@code next[t]} is the variance of {@code returns[t + 1]} given returns up to t
     * ({@code returns[0]} is ignored: it has no predecessor).
     */
    public double[] filter(double[] returns) {
        double[] next = new double[returns.length];
        double variance = start;
        for (int t = 1; t < returns.length; t++) {
            double r2 = returns[t] * returns[t];
            variance = omega + alpha * r2 + beta * variance;
            next[t] = variance;
        }
        return next;
    }

    /** Σ_{k=1..h} [σ̄² + (α + β)^{k−1} (σ²_{t+1} − σ̄²)]. */
    public double forecast(double nextVariance, int h) {
        double bar = unconditionalVariance();
        double p = persistence();
        double sum = 0;
        double power = 1;
        for (int k = 1; k <= h; k++) {
            sum += bar + power * (nextVariance - bar);
            power *= p;
        }
        return sum;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
