package dev.tradewind.predict.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tradewind.testing.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model loader's log lines are well-formed JSON events: log4j has nothing to complain about while it logs. */
class ModelRegistryLogTest {

    private static List<String> statusWarningsWhile(Runnable action) {
        List<String> warnings = new CopyOnWriteArrayList<>();
        StatusListener listener = new StatusListener() {
            @Override
            public void log(StatusData data) {
                warnings.add(data.getFormattedStatus());
            }

            @Override
            public Level getStatusLevel() {
                return Level.WARN;
            }

            @Override
            public void close() {
            }
        };
        StatusLogger.getLogger().registerListener(listener);
        try {
            action.run();
        } finally {
            StatusLogger.getLogger().removeListener(listener);
        }
        return warnings;
    }

    @Test
    void load_modelsLoaded_logsWithoutMalformedLines() {
        List<String> warnings = statusWarningsWhile(() ->
                assertFalse(ModelRegistry.load(Optional.of(Repository.path("models"))).models().isEmpty()));
        assertEquals(List.of(), warnings);
    }

    @Test
    void load_brokenModel_logsItsFailureWithoutMalformedLines(@TempDir Path models) throws Exception {
        Files.createDirectories(models.resolve("crypto-1h"));
        Files.writeString(models.resolve("crypto-1h/model-card.json"), "{not json");
        List<String> warnings = statusWarningsWhile(() -> ModelRegistry.load(Optional.of(models)));
        assertEquals(List.of(), warnings);
    }
}
