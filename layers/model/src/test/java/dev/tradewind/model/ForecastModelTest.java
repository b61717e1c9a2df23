package dev.tradewind.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.model.features.FeatureSet;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.testing.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastModelTest {

    private static final BundledHistory HISTORY = BundledHistory.load(Repository.path("data/market"));

    @TempDir
    Path root;

    @Test
    void load_checksCardAgainstModel_andPredictsFromCandles() throws Exception {
        Path directory = TestModels.writeFamily(root, "crypto-1h", FeatureSet.HOURLY);
        try (ForecastModel model = ForecastModel.load(directory)) {
            ModelCard card = model.card();
            assertEquals(Interval.H1, card.interval());
            assertEquals(4, card.horizonBars());
            assertEquals(FeatureSet.HOURLY.names(), card.features());
            assertTrue(card.lowConfidence());
            assertTrue(model.version().startsWith("crypto-1h-"));
            List<Candle> window = HISTORY.candles("BTCUSDT").subList(1000, 1100);
            float[] row = model.features(window);
            assertEquals(TestModels.reference(row), model.predict(row), 1e-6);
            assertEquals(model.predict(row), model.predict(new float[][] {row})[0]);
        }
    }

    @Test
    void load_modelBytesChanged_isVersionMismatch() throws Exception {
        Path directory = TestModels.writeFamily(root, "crypto-1h", FeatureSet.HOURLY);
        byte[] other = TestModels.onnx(FeatureSet.HOURLY.size(), "changed");
        Files.write(directory.resolve(ModelContract.MODEL_FILE), other);
        assertEquals(ModelLoadException.Reason.VERSION_MISMATCH,
                assertThrows(ModelLoadException.class, () -> ForecastModel.load(directory)).reason());
    }

    @Test
    void load_cardListsOtherFeatures_isContractViolation() throws Exception {
        Path directory = TestModels.writeFamily(root, "crypto-1h", FeatureSet.HOURLY);
        ObjectNode card = (ObjectNode) Json.mapper().readTree(directory.resolve(ModelContract.CARD_FILE).toFile());
        ((ObjectNode) card.get("features")).putArray("names").add("log_return_1");
        Files.writeString(directory.resolve(ModelContract.CARD_FILE), Json.write(card));
        assertEquals(ModelLoadException.Reason.CONTRACT_VIOLATION,
                assertThrows(ModelLoadException.class, () -> ForecastModel.load(directory)).reason());
    }

    @Test
    void load_modelWithoutFeatureNames_isContractViolation() throws Exception {
        Path directory = Files.createDirectories(root.resolve("crypto-1h"));
        byte[] onnx = TestModels.onnx(FeatureSet.HOURLY.size(), null);
        Files.write(directory.resolve(ModelContract.MODEL_FILE), onnx);
        Files.writeString(directory.resolve(ModelContract.CARD_FILE),
                Json.write(TestModels.card("crypto-1h", FeatureSet.HOURLY, onnx, false)));
        assertEquals(ModelLoadException.Reason.CONTRACT_VIOLATION,
                assertThrows(ModelLoadException.class, () -> ForecastModel.load(directory)).reason());
    }

    @Test
    void load_brokenOrIncompleteCard_isInvalidCard() throws Exception {
        Path directory = TestModels.writeFamily(root, "crypto-1h", FeatureSet.HOURLY);
        Path cardFile = directory.resolve(ModelContract.CARD_FILE);
        Files.writeString(cardFile, "{not json");
        assertEquals(ModelLoadException.Reason.INVALID_CARD,
                assertThrows(ModelLoadException.class, () -> ForecastModel.load(directory)).reason());
        Files.writeString(cardFile, "{\"family\": \"crypto-1h\"}");
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> ForecastModel.load(directory));
        assertEquals(ModelLoadException.Reason.INVALID_CARD, error.reason());
        assertTrue(error.getMessage().contains("missing field"), error.getMessage());
        Files.delete(cardFile);
        assertEquals(ModelLoadException.Reason.NOT_FOUND,
                assertThrows(ModelLoadException.class, () -> ForecastModel.load(directory)).reason());
    }

    @Test
    void card_jsonIsACopy() throws Exception {
        Path directory = TestModels.writeFamily(root, "stocks-1d", FeatureSet.DAILY);
        try (ForecastModel model = ForecastModel.load(directory)) {
            model.card().json().put("family", "changed");
            assertEquals("stocks-1d", model.card().json().get("family").asText());
            assertFalse(model.card().json().has("unknown"));
        }
    }
}
