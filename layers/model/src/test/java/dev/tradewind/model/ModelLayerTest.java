package dev.tradewind.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.model.features.FeatureSet;
import dev.tradewind.model.volatility.VolatilityModelTest;
import dev.tradewind.shared.market.Interval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLayerTest {

    @TempDir
    Path root;

    @Test
    void load_findsOneModelPerInterval() throws Exception {
        TestModels.writeFamily(root, "crypto-1h", FeatureSet.HOURLY);
        TestModels.writeFamily(root, "stocks-1d", FeatureSet.DAILY);
        Files.createDirectories(root.resolve("not-a-model"));
        try (ModelLayer layer = ModelLayer.load(root)) {
            assertEquals(Set.of(), layer.failures().keySet());
            assertEquals(2, layer.models().size());
            assertEquals(FeatureSet.HOURLY, layer.model(Interval.H1).orElseThrow().features());
            assertEquals(FeatureSet.DAILY, layer.model(Interval.D1).orElseThrow().features());
        }
    }

    @Test
    void load_corruptModel_isAFailureAndTheOthersStillLoad() throws Exception {
        TestModels.writeFamily(root, "crypto-1h", FeatureSet.HOURLY);
        Path stocks = TestModels.writeFamily(root, "stocks-1d", FeatureSet.DAILY);
        Files.write(stocks.resolve(ModelContract.MODEL_FILE), new byte[] {1, 2, 3});
        try (ModelLayer layer = ModelLayer.load(root)) {
            assertTrue(layer.model(Interval.H1).isPresent());
            assertEquals(Optional.empty(), layer.model(Interval.D1));
            assertEquals(ModelLoadException.Reason.VERSION_MISMATCH, layer.failures().get("stocks-1d").reason());
        }
    }

    @Test
    void load_twoModelsForOneInterval_keepsTheFirstByName() throws Exception {
        TestModels.writeFamily(root, "a-1h", FeatureSet.HOURLY);
        TestModels.writeFamily(root, "b-1h", FeatureSet.HOURLY);
        try (ModelLayer layer = ModelLayer.load(root)) {
            assertTrue(layer.model(Interval.H1).orElseThrow().version().startsWith("a-1h"));
            assertEquals(ModelLoadException.Reason.CONTRACT_VIOLATION, layer.failures().get("b-1h").reason());
        }
    }

    @Test
    void load_volatilityFileBesideAModel_isServedByInterval_andABrokenOneIsItsOwnFailure() throws Exception {
        Path crypto = TestModels.writeFamily(root, "crypto-1h", FeatureSet.HOURLY);
        Path stocks = TestModels.writeFamily(root, "stocks-1d", FeatureSet.DAILY);
        Files.writeString(crypto.resolve(ModelContract.VOLATILITY_FILE), VolatilityModelTest.json("crypto-1h"));
        Files.writeString(stocks.resolve(ModelContract.VOLATILITY_FILE), "{}");
        try (ModelLayer layer = ModelLayer.load(root)) {
            assertEquals("crypto-1h", layer.volatility(Interval.H1).orElseThrow().family());
            assertEquals(Optional.empty(), layer.volatility(Interval.D1));
            assertTrue(layer.model(Interval.D1).isPresent(), "the direction model still loads");
            assertEquals(ModelLoadException.Reason.INVALID_CARD,
                    layer.failures().get("stocks-1d/" + ModelContract.VOLATILITY_FILE).reason());
        }
    }

    @Test
    void load_missingFolder_isOneFailure() {
        try (ModelLayer layer = ModelLayer.load(root.resolve("absent"))) {
            assertEquals(0, layer.models().size());
            assertEquals(ModelLoadException.Reason.NOT_FOUND, layer.failures().get("absent").reason());
        }
    }

    @Test
    void defaultDirectory_isEmptyOutsideALayer() {
        assertEquals(Optional.empty(), ModelLayer.defaultDirectory());
    }
}
