package dev.tradewind.trainer.volatility;

import java.util.function.ToDoubleFunction;

/** Nelder–Mead simplex minimisation (standard coefficients 1, 2, ½, ½); deterministic. */
final class NelderMead {

    private NelderMead() {
    }

    static double[] minimize(ToDoubleFunction<double[]> f, double[] start, double step, int maxEvaluations,
                             double tolerance) {
        int n = start.length;
        double[][] simplex = new double[n + 1][];
        double[] values = new double[n + 1];
        simplex[0] = start.clone();
        for (int i = 0; i < n; i++) {
            simplex[i + 1] = start.clone();
            simplex[i + 1][i] += step;
        }
        int evaluations = 0;
        for (int i = 0; i <= n; i++) {
            values[i] = f.applyAsDouble(simplex[i]);
            evaluations++;
        }
        while (evaluations < maxEvaluations) {
            // order: insertion sort by value (stable, so ties keep their order)
            for (int i = 1; i <= n; i++) {
                double[] p = simplex[i];
                double v = values[i];
                int j = i - 1;
                while (j >= 0 && values[j] > v) {
                    simplex[j + 1] = simplex[j];
                    values[j + 1] = values[j];
                    j--;
                }
                simplex[j + 1] = p;
                values[j + 1] = v;
            }
            if (Math.abs(values[n] - values[0]) <= tolerance * (Math.abs(values[0]) + tolerance)) {
                break;
            }
            double[] centroid = new double[n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    centroid[k] += simplex[i][k] / n;
                }
            }
            double[] reflected = affine(centroid, simplex[n], -1);
            double fr = f.applyAsDouble(reflected);
            evaluations++;
            if (fr < values[0]) {
                double[] expanded = affine(centroid, simplex[n], -2);
                double fe = f.applyAsDouble(expanded);
                evaluations++;
                if (fe < fr) {
                    simplex[n] = expanded;
                    values[n] = fe;
                } else {
                    simplex[n] = reflected;
                    values[n] = fr;
                }
            } else if (fr < values[n - 1]) {
                simplex[n] = reflected;
                values[n] = fr;
            } else {
                boolean outside = fr < values[n];
                double[] contracted = affine(centroid, outside ? reflected : simplex[n], 0.5);
                double fc = f.applyAsDouble(contracted);
                evaluations++;
                if (fc < Math.min(fr, values[n])) {
                    simplex[n] = contracted;
                    values[n] = fc;
                } else {
                    for (int i = 1; i <= n; i++) {
                        simplex[i] = affine(simplex[0], simplex[i], 0.5);
                        values[i] = f.applyAsDouble(simplex[i]);
                        evaluations++;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) {
            if (values[i] < values[best]) {
                best = i;
            }
        }
        return simplex[best];
    }

    /** centroid + t · (point − centroid). */
    private static double[] affine(double[] centroid, double[] point, double t) {
        double[] out = new double[centroid.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = centroid[k] + t * (point[k] - centroid[k]);
        }
        return out;
    }
}
