package dev.tradewind.trainer.calibration;

import java.util.Objects;

/**
 * Platt scaling of a classifier's margin: {@code p = sigmoid(a * margin + b)}.
 *
 * <p>{@link #fit} minimises the cross-entropy against Platt's smoothed targets ({@code (N+ + 1) /
 * (N+ + 2)} for positives, {@code 1 / (N- + 2)} for negatives), which keeps the fit finite on
 * separable data, using Newton's method with a backtracking line search (Lin, Lin &amp; Weng 2007).
 * Everything is sequential double arithmetic, so a fit is deterministic for given inputs.
 */
public record PlattScaling(double a, double b) {

    /** a = 1, b = 0: probabilities unchanged. */
    public static final PlattScaling IDENTITY = new PlattScaling(1.0, 0.0);

    private static final int MAX_ITERATIONS = 100;
    // Stop once the predicted decrease (half the Newton decrement) is this small relative to the
    // loss: beyond it the loss is below double resolution and a line search can no longer judge a
    // step.
    private static final double RELATIVE_DECREASE_TOLERANCE = 1e-14;
    private static final double MIN_STEP = 1e-10;
    private static final double ARMIJO = 1e-4;
    // Keeps the Hessian invertible when all margins are (nearly) equal.
    private static final double RIDGE = 1e-12;

    public PlattScaling {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("a and b must be finite: a=" + a + ", b=" + b);
        }
    }

    public boolean isIdentity() {
        return a == 1.0 && b == 0.0;
    }

    /** The calibrated log-odds. */
    public double calibratedMargin(double margin) {
        return a * margin + b;
    }

    /** The calibrated P(class 1). */
    public double probability(double margin) {
        return sigmoid(calibratedMargin(margin));
    }

    /**
     * @param margins uncalibrated log-odds of a held-out set (not the training rows, whose margins are
     *     over-confident)
     * @param labels 0/1 per margin
     * @throws IllegalArgumentException on empty or mismatched input, non-finite margins or labels
     *     other than 0/1
     * @throws IllegalStateException if Newton's method fails to converge
     */
    public static PlattScaling fit(double[] margins, int[] labels) {
        return fit(margins, labels, true);
    }

    /**
     * Logistic regression of the 0/1 outcome on the margin by maximum likelihood, {@code P(y = 1) = sigmoid(a * margin
     * + b)}: the calibration slope and intercept, without Platt's smoothing of the targets. Used to calibrate on pooled
     * out-of-fold predictions (many rows, never separable in practice) and to measure a forecast's calibration slope
     * (margin = logit(p)).
     */
    public static PlattScaling fitMaximumLikelihood(double[] margins, int[] labels) {
        return fit(margins, labels, false);
    }

    private static PlattScaling fit(double[] margins, int[] labels, boolean smoothed) {
        Objects.requireNonNull(margins, "margins");
        Objects.requireNonNull(labels, "labels");
        if (margins.length == 0 || margins.length != labels.length) {
            throw new IllegalArgumentException(
                    "need equally many margins and labels, got " + margins.length + " and " + labels.length);
        }
        int positives = 0;
        for (int i = 0; i < margins.length; i++) {
            if (!Double.isFinite(margins[i])) {
                throw new IllegalArgumentException("margin " + i + " is not finite: " + margins[i]);
            }
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label " + i + " is not 0/1: " + labels[i]);
            }
            positives += labels[i];
        }
        int negatives = margins.length - positives;
        double positiveTarget = smoothed ? (positives + 1.0) / (positives + 2.0) : 1.0;
        double negativeTarget = smoothed ? 1.0 / (negatives + 2.0) : 0.0;
        double[] targets = new double[margins.length];
        for (int i = 0; i < margins.length; i++) {
            targets[i] = labels[i] == 1 ? positiveTarget : negativeTarget;
        }

        // Platt's starting point: no slope, intercept at the smoothed prior log-odds.
        double a = 0.0;
        double b = Math.log((positives + 1.0) / (negatives + 1.0));
        double loss = loss(margins, targets, a, b);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double gradA = 0;
            double gradB = 0;
            double hAA = RIDGE;
            double hAB = 0;
            double hBB = RIDGE;
            for (int i = 0; i < margins.length; i++) {
                double m = margins[i];
                double p = sigmoid(a * m + b);
                double residual = p - targets[i];
                double weight = p * (1 - p);
                gradA += residual * m;
                gradB += residual;
                hAA += weight * m * m;
                hAB += weight * m;
                hBB += weight;
            }
            double determinant = hAA * hBB - hAB * hAB;
            double stepA = -(hBB * gradA - hAB * gradB) / determinant;
            double stepB = -(-hAB * gradA + hAA * gradB) / determinant;
            double slope = gradA * stepA + gradB * stepB;
            if (-slope / 2 <= RELATIVE_DECREASE_TOLERANCE * Math.max(1.0, loss)) {
                return new PlattScaling(a, b);
            }

            double step = 1.0;
            while (true) {
                double candidateA = a + step * stepA;
                double candidateB = b + step * stepB;
                double candidateLoss = loss(margins, targets, candidateA, candidateB);
                if (candidateLoss <= loss + ARMIJO * step * slope) {
                    a = candidateA;
                    b = candidateB;
                    loss = candidateLoss;
                    break;
                }
                step /= 2;
                if (step < MIN_STEP) {
                    // No further decrease is representable: we are at the optimum up to rounding.
                    return new PlattScaling(a, b);
                }
            }
        }
        throw new IllegalStateException("Platt scaling did not converge in " + MAX_ITERATIONS
                + " Newton iterations");
    }

    /** Cross-entropy against soft targets, written as softplus(z) - t*z to stay finite for any z. */
    private static double loss(double[] margins, double[] targets, double a, double b) {
        double sum = 0;
        for (int i = 0; i < margins.length; i++) {
            double z = a * margins[i] + b;
            double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            sum += softplus - targets[i] * z;
        }
        return sum;
    }

    private static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }
}
