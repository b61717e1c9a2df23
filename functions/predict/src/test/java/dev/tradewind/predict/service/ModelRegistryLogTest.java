package dev.tradewind.predict.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.testing.Repository;
import dev.tradewind.testing.StandardOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model loader's log lines are well-formed JSON events carrying their structured fields. */
class ModelRegistryLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> events(String output) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : output.lines().filter(l -> !l.isBlank()).toList()) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    @Test
    void load_modelsLoaded_logsOneJsonEventPerModel() throws Exception {
        String output = StandardOutput.capture(() ->
                assertFalse(ModelRegistry.load(Optional.of(Repository.path("models"))).models().isEmpty()));
        List<JsonNode> loaded = events(output).stream()
                .filter(e -> e.path("message").asText().equals("Model loaded")).toList();
        assertFalse(loaded.isEmpty(), output);
        for (JsonNode event : loaded) {
            assertEquals("INFO", event.path("level").asText());
            assertTrue(event.path("model").isTextual() && event.path("interval").isTextual()
                    && event.path("lowConfidence").isBoolean(), event.toString());
        }
    }

    @Test
    void load_brokenModel_logsItsFailureAsOneJsonEvent(@TempDir Path models) throws Exception {
        Files.createDirectories(models.resolve("crypto-1h"));
        Files.writeString(models.resolve("crypto-1h/model-card.json"), "{not json");
        String output = StandardOutput.capture(() -> ModelRegistry.load(Optional.of(models)));
        List<JsonNode> failed = events(output).stream()
                .filter(e -> e.path("message").asText().equals("Model failed to load")).toList();
        assertEquals(1, failed.size(), output);
        assertEquals("ERROR", failed.get(0).path("level").asText());
        assertEquals("crypto-1h", failed.get(0).path("model").asText());
    }
}
