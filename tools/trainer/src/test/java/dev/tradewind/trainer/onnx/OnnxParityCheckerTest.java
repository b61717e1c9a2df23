package dev.tradewind.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.trainer.testing.SyntheticData;
import dev.tradewind.trainer.calibration.PlattScaling;
import dev.tradewind.trainer.xgb.TrainedBooster;
import dev.tradewind.trainer.xgb.XgbTrainer;
import dev.tradewind.trainer.xgb.XgbTrainingParams;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A production-sized model: 300 trees of depth 4 over 20 features, 6,000 evaluation rows. */
class OnnxParityCheckerTest {

    private static final int FEATURES = 20;
    private static TrainedBooster booster;
    private static float[][] evaluationRows;
    private static PlattScaling calibration;

    @BeforeAll
    static void train() {
        SyntheticData train = SyntheticData.generate(10_000, FEATURES, 0.05, 101);
        SyntheticData calibrationSet = SyntheticData.generate(3_000, FEATURES, 0.05, 102);
        evaluationRows = SyntheticData.generate(6_000, FEATURES, 0.10, 103).features();
        XgbTrainingParams params = XgbTrainingParams.defaults().withRounds(300).withMaxDepth(4)
                .withThreads(2);
        booster = new XgbTrainer().train(train.features(), train.labels(), params);

        float[] margins = booster.predictMargins(calibrationSet.features());
        double[] asDouble = new double[margins.length];
        for (int i = 0; i < margins.length; i++) {
            asDouble[i] = margins[i];
        }
        calibration = PlattScaling.fit(asDouble, calibrationSet.labels());
    }

    @AfterAll
    static void release() {
        booster.close();
    }

    @Test
    void uncalibratedExportMatchesXgboost() {
        VerifiedOnnxExport.Result result = new VerifiedOnnxExport(new OnnxParityChecker())
                .export(booster, PlattScaling.IDENTITY, evaluationRows, Map.of());
        System.out.println("uncalibrated: " + result.parity());

        assertEquals(300, result.treeModel().trees().size());
        assertEquals(6_000, result.parity().rows());
        assertTrue(result.parity().rowsWithMissing() > 3_000);
        assertTrue(result.parity().passed());
    }

    @Test
    void calibratedExportMatchesCalibratedXgboost() {
        assertFalse(calibration.isIdentity());
        VerifiedOnnxExport.Result result = new VerifiedOnnxExport(new OnnxParityChecker())
                .export(booster, calibration, evaluationRows, Map.of());
        System.out.println("calibrated " + calibration + ": " + result.parity());

        assertTrue(result.parity().passed());
        assertEquals(0, result.parity().flippedDecisions());
    }

    @Test
    void failsTheExportWhenOnnxDisagrees() {
        byte[] onnx = new VerifiedOnnxExport(new OnnxParityChecker())
                .export(booster, PlattScaling.IDENTITY, evaluationRows, Map.of()).onnxModel();
        double[] reference = ReferenceProbabilities.of(booster, evaluationRows, PlattScaling.IDENTITY);
        // Pretend the reference is slightly different: large enough to exceed the tolerance.
        double[] drifted = reference.clone();
        drifted[17] += 2e-5;
        ParityReport small = new OnnxParityChecker().check(onnx, evaluationRows, drifted);
        assertFalse(small.passed());
        assertEquals(17, small.worstRow());
        assertThrows(ParityReport.ParityCheckFailedException.class, small::requirePassed);

        // A calibration applied on one side only flips decisions near 0.5.
        double[] calibratedReference =
                ReferenceProbabilities.of(booster, evaluationRows, new PlattScaling(1.0, 0.5));
        ParityReport flipped = new OnnxParityChecker().check(onnx, evaluationRows, calibratedReference);
        assertTrue(flipped.flippedDecisions() > 0, flipped.toString());
    }
}
