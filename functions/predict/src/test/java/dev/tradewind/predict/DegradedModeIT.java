package dev.tradewind.predict;

import static dev.tradewind.predict.PredictFixture.indexAt;
import static dev.tradewind.predict.PredictFixture.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.model.ModelContract;
import dev.tradewind.predict.service.ModelRegistry;
import dev.tradewind.testing.HttpEvent;
import dev.tradewind.testing.HttpResult;
import dev.tradewind.testing.LocalDynamoDb;
import dev.tradewind.testing.MutableClock;
import dev.tradewind.testing.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A missing or corrupt model: its forecasts answer 503 with the reason, the health route says why, and everything
 * else (the other model, accuracy, the model route) keeps working. Built through the production wiring
 * ({@code MODEL_DIRECTORY} pointing at a damaged copy of the models).
 */
class DegradedModeIT {

    private static final Instant NOW = Instant.parse("2022-01-05T12:00:00Z");

    @TempDir
    Path models;

    private final MutableClock clock = new MutableClock(NOW);
    private ModelRegistry registry;
    private PredictHandler handler;

    @BeforeEach
    void copyTheModels() throws IOException {
        LocalDynamoDb.truncateAll();
        try (Stream<Path> files = Files.walk(Repository.path("models"))) {
            for (Path file : files.toList()) {
                Path target = models.resolve(Repository.path("models").relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        for (String symbol : new String[] {"BTCUSDT", "AAPL"}) {
            int now = indexAt(symbol, NOW);
            seed(symbol, now - 105, now);
        }
    }

    @AfterEach
    void closeModels() {
        if (registry != null) {
            registry.close();
        }
    }

    private void start() {
        var services = PredictHandler.services(PredictFixture.environment(clock, models));
        registry = services.models();
        handler = new PredictHandler(services);
    }

    private HttpResult forecast(String symbol) {
        return HttpResult.invoke(handler, HttpEvent.load("predict/forecast.json").pathParameter("symbol", symbol)
                .query("interval", symbol.equals("AAPL") ? "1d" : "1h").bytes());
    }

    private HttpResult get(String event) {
        return HttpResult.invoke(handler, HttpEvent.load(event).bytes());
    }

    @Test
    void corruptModelFile_forecastsAt503_healthSaysWhy_andTheRestKeepsWorking() throws IOException {
        Path onnx = models.resolve("crypto-1h").resolve(ModelContract.MODEL_FILE);
        byte[] bytes = Files.readAllBytes(onnx);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(onnx, bytes);
        start();

        HttpResult crypto = forecast("BTCUSDT");
        assertEquals(503, crypto.status(), crypto.toString());
        assertEquals("MODEL_UNAVAILABLE", crypto.errorCode());
        String message = crypto.body().path("error").get("message").asText();
        assertTrue(message.contains("crypto-1h") && message.contains("SHA-256"), message);
        assertFalse(message.contains(models.toString()), "no file system paths in answers: " + message);

        assertEquals(200, forecast("AAPL").status(), "the other model still serves");

        HttpResult health = get("predict/health.json");
        assertEquals(503, health.status());
        assertEquals("degraded", health.body().get("status").asText());
        JsonNode failure = health.body().get("failures").get(0);
        assertEquals("crypto-1h", failure.get("family").asText());
        assertEquals("1h", failure.get("interval").asText());
        assertEquals("VERSION_MISMATCH", failure.get("reason").asText());
        assertEquals(1, health.body().get("models").size());

        HttpResult signals = get("predict/signals.json");
        assertEquals(200, signals.status(), signals.toString());
        assertEquals(1, signals.body().get("signals").size());
        assertEquals("AAPL", signals.body().get("signals").get(0).get("symbol").asText());
        assertEquals("1h", signals.body().get("unavailable").get(0).get("interval").asText());
        assertEquals(503, HttpResult.invoke(handler, HttpEvent.load("predict/signals.json")
                .query("class", "crypto").bytes()).status());
        assertEquals(503, HttpResult.invoke(handler, HttpEvent.load("predict/signals.json")
                .query("interval", "1h").bytes()).status());

        HttpResult model = get("predict/model.json");
        assertEquals(200, model.status());
        assertEquals(1, model.body().get("models").size());
        assertEquals("crypto-1h", model.body().get("failures").get(0).get("family").asText());
        assertEquals(200, get("predict/accuracy.json").status(), "accuracy reads the log, not the model");
    }

    @Test
    void corruptCryptoModel_aStockAt1h_isStillNoModel_notTheBrokenModels503() throws IOException {
        Path onnx = models.resolve("crypto-1h").resolve(ModelContract.MODEL_FILE);
        byte[] bytes = Files.readAllBytes(onnx);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(onnx, bytes);
        start();

        for (String event : new String[] {"predict/forecast.json", "predict/accuracy.json"}) {
            HttpResult stock = HttpResult.invoke(handler, HttpEvent.load(event).pathParameter("symbol", "AAPL")
                    .query("interval", "1h").bytes());
            assertEquals(400, stock.status(), "no model, loaded or not, forecasts stocks at 1h: " + stock);
            assertEquals("NO_MODEL", stock.errorCode());
        }
        assertEquals(503, forecast("BTCUSDT").status(), "the crypto model's own interval and class");
    }

    @Test
    void brokenOrMissingVolatilityJson_forecastsWithoutVolatility_healthSaysWhich_andTheDirectionKeepsServing()
            throws IOException {
        Files.writeString(models.resolve("crypto-1h").resolve(ModelContract.VOLATILITY_FILE), "{ not json");
        Files.delete(models.resolve("stocks-1d").resolve(ModelContract.VOLATILITY_FILE));
        start();

        for (String symbol : new String[] {"BTCUSDT", "AAPL"}) {
            HttpResult forecast = forecast(symbol);
            assertEquals(200, forecast.status(), forecast.toString());
            assertTrue(forecast.body().get("probabilityUp").isNumber());
            assertFalse(forecast.body().has("volatility"));
            assertFalse(forecast.body().has("range"));
            assertEquals("MODEL_UNAVAILABLE", forecast.body().path("volatilityUnavailable").get("code").asText());
            assertFalse(forecast.body().toString().contains(models.toString()), "no paths in answers");
        }

        HttpResult health = get("predict/health.json");
        assertEquals(503, health.status());
        assertEquals("degraded", health.body().get("status").asText());
        assertTrue(health.body().get("reason").asText().contains("without volatility"), health.toString());
        assertEquals(2, health.body().get("models").size(), "both direction models serve");
        JsonNode problems = health.body().get("volatility");
        assertEquals(2, problems.size(), health.toString());
        assertEquals("crypto-1h", problems.get(0).get("family").asText());
        assertEquals("volatility", problems.get(0).get("part").asText());
        assertEquals("INVALID_CARD", problems.get(0).get("reason").asText());
        assertEquals("stocks-1d", problems.get(1).get("family").asText());
        assertEquals("NOT_FOUND", problems.get(1).get("reason").asText());

        JsonNode model = get("predict/model.json").body();
        assertEquals(2, model.get("models").size());
        assertFalse(model.get("models").get(0).has("volatility"));
        assertEquals(2, model.get("volatilityUnavailable").size());
    }

    @Test
    void unreadableCard_makesEveryIntervalWithoutAModel503() throws IOException {
        Files.writeString(models.resolve("stocks-1d").resolve(ModelContract.CARD_FILE), "{ not json");
        start();

        HttpResult stock = forecast("AAPL");

        assertEquals(503, stock.status(), stock.toString());
        assertTrue(stock.body().path("error").get("message").asText().contains("stocks-1d"));
        assertEquals(200, forecast("BTCUSDT").status());
        assertEquals("INVALID_CARD", get("predict/health.json").body().get("failures").get(0).get("reason").asText());
    }

    @Test
    void noModelsAtAll_everyForecastIs503_andHealthIsDegraded() throws IOException {
        models = models.resolve("absent");
        start();

        assertEquals(503, forecast("BTCUSDT").status());
        assertEquals(503, forecast("AAPL").status());
        assertEquals(503, get("predict/signals.json").status());
        HttpResult health = get("predict/health.json");
        assertEquals(503, health.status());
        assertEquals("NOT_FOUND", health.body().get("failures").get(0).get("reason").asText());
        assertEquals(200, get("predict/model.json").status());
    }

    @Test
    void healthyModels_healthIsOk() {
        start();
        HttpResult health = get("predict/health.json");
        assertEquals(200, health.status(), health.toString());
        assertEquals("ok", health.body().get("status").asText());
        assertEquals(2, health.body().get("models").size());
        assertTrue(health.body().get("failures") == null);
        assertTrue(Optional.ofNullable(health.body().get("instance")).isPresent());

        HttpResult model = get("predict/model.json");
        assertEquals(200, model.status());
        assertEquals(List.of("crypto-1h", "stocks-1d"), List.of(model.body().get("models").get(0).get("family")
                .asText(), model.body().get("models").get(1).get("family").asText()));
        assertEquals(0, model.body().get("failures").size());
        assertEquals(0.05, model.body().path("signalPolicy").get("lowConfidenceCeiling").asDouble());
        assertEquals(401, HttpResult.invoke(handler, HttpEvent.load("predict/model.json").anonymous().bytes())
                .status());
    }
}
