package dev.tradewind.trainer.xgb;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyper-parameters for a binary:logistic, hist-method booster.
 *
 * <p>Reproducibility: {@code seed} drives every random choice (row/column subsampling) and {@code
 * threads} is always passed explicitly, because XGBoost otherwise uses all cores and the thread
 * count can change floating-point reduction order between machines.
 */
public record XgbTrainingParams(
        int rounds,
        int maxDepth,
        double learningRate,
        double subsample,
        double columnSampleByTree,
        double minChildWeight,
        double l2Regularization,
        int maxBin,
        long seed,
        int threads) {

    public XgbTrainingParams {
        requireRange("rounds", rounds, 1, 100_000);
        requireRange("maxDepth", maxDepth, 1, 64);
        requireOpenClosed("learningRate", learningRate);
        requireOpenClosed("subsample", subsample);
        requireOpenClosed("columnSampleByTree", columnSampleByTree);
        if (!(minChildWeight >= 0) || !(l2Regularization >= 0)) {
            throw new IllegalArgumentException("minChildWeight and l2Regularization must be >= 0");
        }
        requireRange("maxBin", maxBin, 2, 65_536);
        requireRange("threads", threads, 1, 1024);
    }

    public static XgbTrainingParams defaults() {
        return new XgbTrainingParams(300, 4, 0.05, 0.8, 0.8, 1.0, 1.0, 256, 42L, 1);
    }

    public XgbTrainingParams withRounds(int value) {
        return new XgbTrainingParams(value, maxDepth, learningRate, subsample, columnSampleByTree,
                minChildWeight, l2Regularization, maxBin, seed, threads);
    }

    public XgbTrainingParams withMaxDepth(int value) {
        return new XgbTrainingParams(rounds, value, learningRate, subsample, columnSampleByTree,
                minChildWeight, l2Regularization, maxBin, seed, threads);
    }

    public XgbTrainingParams withSeed(long value) {
        return new XgbTrainingParams(rounds, maxDepth, learningRate, subsample, columnSampleByTree,
                minChildWeight, l2Regularization, maxBin, value, threads);
    }

    public XgbTrainingParams withThreads(int value) {
        return new XgbTrainingParams(rounds, maxDepth, learningRate, subsample, columnSampleByTree,
                minChildWeight, l2Regularization, maxBin, seed, value);
    }

    public XgbTrainingParams withSampling(double rowFraction, double columnFraction) {
        return new XgbTrainingParams(rounds, maxDepth, learningRate, rowFraction, columnFraction,
                minChildWeight, l2Regularization, maxBin, seed, threads);
    }

    /** Native parameter map; insertion-ordered so the booster is configured the same way each time. */
    Map<String, Object> toBoosterParams() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("tree_method", "hist");
        params.put("eval_metric", "logloss");
        params.put("max_depth", maxDepth);
        params.put("eta", learningRate);
        params.put("subsample", subsample);
        params.put("colsample_bytree", columnSampleByTree);
        params.put("min_child_weight", minChildWeight);
        params.put("lambda", l2Regularization);
        params.put("max_bin", maxBin);
        params.put("seed", seed);
        params.put("nthread", threads);
        params.put("verbosity", 0);
        return params;
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]: " + value);
        }
    }

    private static void requireOpenClosed(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1]: " + value);
        }
    }
}
