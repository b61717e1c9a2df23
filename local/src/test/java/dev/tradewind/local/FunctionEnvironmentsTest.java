package dev.tradewind.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.local.lambda.FunctionArtifacts;
import dev.tradewind.local.template.EventInvokeConfig;
import dev.tradewind.local.template.FunctionDefinition;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionEnvironmentsTest {

    @TempDir
    Path temp;

    private FunctionDefinition function(String logicalId, Map<String, String> environment) throws IOException {
        Path code = temp.resolve(logicalId + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(code))) {
            out.putNextEntry(new ZipEntry("Handler.class"));
            out.closeEntry();
        }
        return new FunctionDefinition(logicalId, "Handler", "java21", code, List.of(), 512, 10, environment, List.of(),
                List.of(), List.of(), EventInvokeConfig.DEFAULT, Map.of());
    }

    @Test
    void forFunction_laterEnvVarsFiles_layerOnEarlierOnesPerVariable() throws Exception {
        Path base = Files.writeString(temp.resolve("env.json"), """
                {"MarketIngestFunction": {"MARKET_SOURCE": "replay", "MARKET_REPLAY_DIR": "data/market",
                                          "LOG_LEVEL": "INFO"},
                 "AuthFunction": {"REGISTRATIONS_PER_ADDRESS_PER_HOUR": "1000"}}""");
        Path stub = Files.writeString(temp.resolve("stub.json"), """
                {"Parameters": {"LOG_LEVEL": "DEBUG"},
                 "MarketIngestFunction": {"MARKET_SOURCE": "live", "BINANCE_BASE_URL": "http://127.0.0.1:3900"}}""");
        FunctionEnvironments environments = FunctionEnvironments.create(List.of(base, stub),
                URI.create("http://127.0.0.1:8000"), Optional.empty(), Map.of());

        FunctionDefinition ingest = function("MarketIngestFunction", Map.of("MARKET_SOURCE", "binance"));
        Map<String, String> ingestEnvironment = environments.forFunction(ingest,
                FunctionArtifacts.unpack(ingest, temp.resolve("work")));
        assertEquals("live", ingestEnvironment.get("MARKET_SOURCE"));
        assertEquals("data/market", ingestEnvironment.get("MARKET_REPLAY_DIR"), "the first file's other variables");
        assertEquals("http://127.0.0.1:3900", ingestEnvironment.get("BINANCE_BASE_URL"));
        assertEquals("DEBUG", ingestEnvironment.get("LOG_LEVEL"), "a later file's Parameters, over an earlier one");
        FunctionDefinition auth = function("AuthFunction", Map.of());
        assertEquals("1000", environments.forFunction(auth, FunctionArtifacts.unpack(auth, temp.resolve("work")))
                .get("REGISTRATIONS_PER_ADDRESS_PER_HOUR"), "a function the second file does not name");
    }
}
