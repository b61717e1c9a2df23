package dev.tradewind.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.local.FunctionEnvironments;
import dev.tradewind.local.dynamo.DynamoDbLocalServer;
import dev.tradewind.local.lambda.FunctionArtifacts;
import dev.tradewind.local.lambda.FunctionPool;
import dev.tradewind.local.template.FunctionDefinition;
import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.testing.Repository;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every function of template.yaml loaded from its zip as the local runtime loads it, one instance each, all on one
 * clock, against a DynamoDB Local: for system tests that need the real artifacts without a runtime process.
 */
final class InProcessFunctions implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, FunctionPool> pools = new LinkedHashMap<>();

    /**
     * @param workDirectory where the zips are unpacked; its {@code data} folder is the runtime's data directory, so
     *                      that both auth functions use the same local signing keys, as under {@code ./tradewind start}
     */
    InProcessFunctions(SamTemplate template, DynamoDbLocalServer dynamoDb, Clock clock, Path workDirectory) {
        try {
            // The runtime's default variables (ingestion replays the bundled history), with the path made absolute
            // as the tests do not run from the root.
            ObjectNode variables = (ObjectNode) JSON.readTree(Repository.path("local/env.json").toFile());
            ((ObjectNode) variables.get("MarketIngestFunction"))
                    .put("MARKET_REPLAY_DIR", Repository.path("data/market").toString());
            Path envVars = workDirectory.resolve("env.json");
            JSON.writeValue(envVars.toFile(), variables);
            FunctionEnvironments environments = FunctionEnvironments.create(Optional.of(envVars), dynamoDb.endpoint(),
                    Optional.of(workDirectory.resolve("data")));
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            for (FunctionDefinition function : template.functions()) {
                FunctionArtifacts artifacts = FunctionArtifacts.unpack(function, workDirectory);
                pools.put(function.logicalId(), new FunctionPool(function, artifacts,
                        environments.forFunction(function, artifacts), clock, 1, quiet, invocation -> { }));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** The function's pool, or null when the template has no such function. */
    FunctionPool pool(String logicalId) {
        return pools.get(logicalId);
    }

    @Override
    public void close() {
        pools.values().forEach(FunctionPool::close);
    }
}
