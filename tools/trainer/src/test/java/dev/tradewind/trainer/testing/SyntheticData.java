package dev.tradewind.trainer.testing;

import java.util.SplittableRandom;

/**
 * Seeded tabular data shaped like the trading features: continuous columns, some missing values, a
 * non-linear logistic ground truth and a minority positive class (so base_score != 0.5).
 */
public record SyntheticData(float[][] features, int[] labels) {

    public static SyntheticData generate(int rows, int columns, double missingRate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] features = new float[rows][columns];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            double logit = -0.9;
            for (int c = 0; c < columns; c++) {
                double value = random.nextGaussian();
                logit += signal(c, value);
                features[r][c] = random.nextDouble() < missingRate ? Float.NaN : (float) value;
            }
            // A handful of completely empty rows exercise the all-missing path of every tree.
            if (r % 97 == 0) {
                java.util.Arrays.fill(features[r], Float.NaN);
            }
            double probability = 1.0 / (1.0 + Math.exp(-logit));
            labels[r] = random.nextDouble() < probability ? 1 : 0;
        }
        return new SyntheticData(features, labels);
    }

    private static double signal(int column, double value) {
        return switch (column % 5) {
            case 0 -> 0.8 * value;
            case 1 -> -0.6 * value;
            case 2 -> 0.5 * value * value - 0.5;
            case 3 -> value > 0.3 ? 0.7 : -0.2;
            default -> 0.1 * value;
        };
    }

    public int positives() {
        int count = 0;
        for (int label : labels) {
            count += label;
        }
        return count;
    }
}
