package dev.tradewind.trainer.xgb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tradewind.trainer.testing.SyntheticData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class XgbTrainerDeterminismTest {

    private static final SyntheticData DATA = SyntheticData.generate(3000, 12, 0.05, 7);
    // Sampling on, several threads: the settings most likely to expose non-determinism.
    private static final XgbTrainingParams PARAMS = XgbTrainingParams.defaults()
            .withRounds(60).withSampling(0.7, 0.8).withThreads(2).withSeed(1234);

    private final XgbTrainer trainer = new XgbTrainer();

    @Test
    void sameDataAndSettingsGiveByteIdenticalJsonAndUbj() {
        try (TrainedBooster first = trainer.train(DATA.features(), DATA.labels(), PARAMS);
                TrainedBooster second = trainer.train(DATA.features(), DATA.labels(), PARAMS)) {
            assertArrayEquals(first.toJson(), second.toJson());
            assertArrayEquals(first.toUbj(), second.toUbj());
        }
    }

    @Test
    void trainingRoundByRoundForAProgressBarGivesTheSameModelAsOneCall() throws Exception {
        XgbTrainingParams params = PARAMS.withThreads(1);
        java.util.List<Integer> rounds = new java.util.ArrayList<>();
        try (TrainedBooster stepwise = trainer.train(DATA.features(), DATA.labels(), params, rounds::add);
                TrainedBooster oneCall = oneCall(params)) {
            assertArrayEquals(oneCall.toJson(), stepwise.toJson());
        }
        assertEquals(params.rounds(), rounds.size());
        assertEquals(params.rounds(), rounds.getLast());
    }

    private static TrainedBooster oneCall(XgbTrainingParams params) throws Exception {
        float[] flat = new float[DATA.features().length * DATA.features()[0].length];
        for (int r = 0; r < DATA.features().length; r++) {
            System.arraycopy(DATA.features()[r], 0, flat, r * DATA.features()[0].length, DATA.features()[0].length);
        }
        ml.dmlc.xgboost4j.java.DMatrix matrix =
                new ml.dmlc.xgboost4j.java.DMatrix(flat, DATA.features().length, DATA.features()[0].length, Float.NaN);
        float[] labels = new float[DATA.labels().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = DATA.labels()[i];
        }
        matrix.setLabel(labels);
        try {
            return new TrainedBooster(ml.dmlc.xgboost4j.java.XGBoost.train(matrix, params.toBoosterParams(),
                    params.rounds(), java.util.Map.of(), null, null), DATA.features()[0].length);
        } finally {
            matrix.dispose();
        }
    }

    @Test
    void seedControlsSampling() {
        try (TrainedBooster first = trainer.train(DATA.features(), DATA.labels(), PARAMS);
                TrainedBooster other =
                        trainer.train(DATA.features(), DATA.labels(), PARAMS.withSeed(99))) {
            assertFalse(Arrays.equals(first.toJson(), other.toJson()));
        }
    }

    @Test
    void rejectsBadInput() {
        float[][] ragged = {{1f, 2f}, {1f}};
        assertThrows(IllegalArgumentException.class,
                () -> trainer.train(ragged, new int[] {0, 1}, PARAMS));
        float[][] infinite = {{Float.POSITIVE_INFINITY}};
        assertThrows(IllegalArgumentException.class,
                () -> trainer.train(infinite, new int[] {1}, PARAMS));
        float[][] ok = {{1f}, {2f}};
        assertThrows(IllegalArgumentException.class, () -> trainer.train(ok, new int[] {0, 2}, PARAMS));
        assertThrows(IllegalArgumentException.class, () -> trainer.train(ok, new int[] {0}, PARAMS));
    }
}
