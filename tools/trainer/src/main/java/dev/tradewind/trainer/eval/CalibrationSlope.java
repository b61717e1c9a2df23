package dev.tradewind.trainer.eval;

import dev.tradewind.trainer.calibration.PlattScaling;

/**
 * Calibration slope and intercept: logistic regression of the outcome on {@code logit(p)} (docs/model.md#direction).
 * Slope 1 is calibrated, below 1 overconfident (probabilities too extreme), above 1 underconfident. Undefined for a
 * constant forecast, and meaningless for a nearly constant one: {@link #nearConstant} says so, and then no target is
 * judged on the slope.
 *
 * @param slope             NaN when the forecast is exactly constant
 * @param intercept         NaN when the forecast is exactly constant
 * @param slopeStandardError from the inverse Hessian of the log-likelihood at the fit (rows taken as independent, so
 *                          optimistic for overlapping labels); NaN when constant
 * @param slopeInterval     the moving-block bootstrap's 95% interval of the slope, the uncertainty the reports
 *                          quote; null when the forecast is (near) constant
 * @param forecastSd        standard deviation of the forecast probabilities
 * @param nearConstant      forecastSd below {@value #NEAR_CONSTANT_SD}
 */
public record CalibrationSlope(double slope, double intercept, double slopeStandardError, Bootstrap slopeInterval,
                               double forecastSd, boolean nearConstant) {

    /** Half a percentage point: below it a forecast is (near) constant. */
    public static final double NEAR_CONSTANT_SD = 0.005;

    /** The fit without the slope's bootstrap interval ({@link #withInterval} adds it). */
    public static CalibrationSlope of(double[] p, int[] y) {
        double[] x = logits(p);
        double mean = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            mean += p[i];
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
        }
        mean /= p.length;
        double ss = 0;
        for (double v : p) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / p.length);
        if (!(max - min > 1e-9)) {
            return new CalibrationSlope(Double.NaN, Double.NaN, Double.NaN, null, sd, true);
        }
        PlattScaling fit = PlattScaling.fitMaximumLikelihood(x, y);
        double hAA = 0;
        double hAB = 0;
        double hBB = 0;
        for (double v : x) {
            double q = fit.probability(v);
            double w = q * (1 - q);
            hAA += w * v * v;
            hAB += w * v;
            hBB += w;
        }
        double se = Math.sqrt(hBB / (hAA * hBB - hAB * hAB));
        return new CalibrationSlope(fit.a(), fit.b(), se, null, sd, sd < NEAR_CONSTANT_SD);
    }

    /**
     * The same fit with the moving-block bootstrap's interval of the slope, blocks of {@code blockRows} rows (as for
     * the log-loss gain); a (near) constant forecast gets none.
     */
    public static CalibrationSlope withInterval(double[] p, int[] y, int blockRows) {
        CalibrationSlope fit = of(p, y);
        if (fit.nearConstant()) {
            return fit;
        }
        return new CalibrationSlope(fit.slope(), fit.intercept(), fit.slopeStandardError(),
                Bootstrap.calibrationSlope(logits(p), y, blockRows), fit.forecastSd(), false);
    }

    private static double[] logits(double[] p) {
        double[] x = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double clipped = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
            x[i] = Math.log(clipped / (1 - clipped));
        }
        return x;
    }

    /** Slope in [0.7, 1.3], the target; a (near) constant forecast is judged on log loss alone. */
    public boolean withinTarget() {
        return !nearConstant && slope >= 0.7 && slope <= 1.3;
    }
}
