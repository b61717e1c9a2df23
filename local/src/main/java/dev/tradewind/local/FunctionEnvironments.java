package dev.tradewind.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.local.dynamo.ExternalDynamoDb;
import dev.tradewind.local.events.PutEventsApi;
import dev.tradewind.local.lambda.FunctionArtifacts;
import dev.tradewind.local.template.FunctionDefinition;
import dev.tradewind.local.template.Intrinsics;
import dev.tradewind.local.websocket.ManagementApi;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds each function's environment the way Lambda would see it: the template's variables, then overrides from
 * env-vars files in {@code sam local}'s format ({@code {"Parameters": {...all functions...},
 * "FunctionId": {...}}}), each on top of the ones before it, then the variables the platform sets. Values under
 * {@code /opt} and {@code /var/task} point into the function's unpacked layers and code, as those paths do in Lambda.
 */
public final class FunctionEnvironments {

    private final List<Map<String, Map<String, String>>> overrides;
    private final URI dynamoDbEndpoint;
    private final Optional<Path> dataDirectory;
    private final Map<String, String> credentials;
    private final Map<String, String> runtimeEndpoints;

    private FunctionEnvironments(List<Map<String, Map<String, String>>> overrides, URI dynamoDbEndpoint,
                                 Optional<Path> dataDirectory, Map<String, String> credentials,
                                 Map<String, String> runtimeEndpoints) {
        this.overrides = overrides;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.dataDirectory = dataDirectory;
        this.credentials = credentials;
        this.runtimeEndpoints = runtimeEndpoints;
    }

    /**
     * The same environments with the AWS APIs the runtime serves on its own port: {@code LAMBDA_ENDPOINT} (its
     * Invoke API, {@code LambdaInvokeApi}) for the functions that invoke others, {@code EVENTS_ENDPOINT} (PutEvents,
     * {@code PutEventsApi}) for those that publish, and, when the template has a WebSocket API,
     * {@code WEBSOCKET_ENDPOINT} (its Management API, {@code ManagementApi}) in place of the template's value.
     */
    public FunctionEnvironments withRuntimeEndpoints(URI base, boolean webSocketApi) {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("LAMBDA_ENDPOINT", base.toString());
        endpoints.put("EVENTS_ENDPOINT", base + PutEventsApi.PATH);
        if (webSocketApi) {
            endpoints.put("WEBSOCKET_ENDPOINT", base + ManagementApi.PATH);
        }
        return new FunctionEnvironments(overrides, dynamoDbEndpoint, dataDirectory, credentials, Map.copyOf(endpoints));
    }

    public static FunctionEnvironments create(Optional<Path> envVarsFile, URI dynamoDbEndpoint,
                                              Optional<Path> dataDirectory) {
        return create(envVarsFile.stream().toList(), dynamoDbEndpoint, dataDirectory, Map.of());
    }

    /**
     * @param envVarsFiles       applied in order, each on top of the ones before it
     * @param processEnvironment where the credentials for an external DynamoDB endpoint are read from
     *                           ({@link ExternalDynamoDb#CREDENTIAL_VARIABLES}); empty for DynamoDB Local
     */
    public static FunctionEnvironments create(List<Path> envVarsFiles, URI dynamoDbEndpoint,
                                              Optional<Path> dataDirectory, Map<String, String> processEnvironment) {
        Map<String, String> credentials = new LinkedHashMap<>();
        for (String name : ExternalDynamoDb.CREDENTIAL_VARIABLES) {
            String value = processEnvironment.get(name);
            if (value != null && !value.isBlank()) {
                credentials.put(name, value);
            }
        }
        List<Map<String, Map<String, String>>> overrides = envVarsFiles.stream().map(FunctionEnvironments::read)
                .toList();
        return new FunctionEnvironments(overrides, dynamoDbEndpoint, dataDirectory, Map.copyOf(credentials),
                Map.of());
    }

    /** One {@code sam local} env-vars file: variables by section ({@code Parameters} or a function's logical id). */
    private static Map<String, Map<String, String>> read(Path envVarsFile) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(envVarsFile));
        } catch (IOException e) {
            throw new CliException("--env-vars file " + envVarsFile + " is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new CliException("--env-vars file " + envVarsFile + " must be a JSON object");
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        root.fields().forEachRemaining(section -> {
            Map<String, String> variables = new LinkedHashMap<>();
            section.getValue().fields().forEachRemaining(v -> variables.put(v.getKey(), v.getValue().asText()));
            sections.put(section.getKey(), variables);
        });
        return sections;
    }

    public Map<String, String> forFunction(FunctionDefinition function, FunctionArtifacts artifacts) {
        Map<String, String> environment = new LinkedHashMap<>(function.environment());
        for (Map<String, Map<String, String>> file : overrides) {
            environment.putAll(file.getOrDefault("Parameters", Map.of()));
            environment.putAll(file.getOrDefault(function.logicalId(), Map.of()));
        }
        environment.replaceAll((name, value) -> lambdaPath(value, artifacts));
        environment.put("AWS_REGION", Intrinsics.REGION);
        environment.put("AWS_DEFAULT_REGION", Intrinsics.REGION);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySize()));
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        environment.put("LAMBDA_TASK_ROOT", artifacts.taskDirectory().toString());
        environment.put("DYNAMODB_ENDPOINT", dynamoDbEndpoint.toString());
        environment.putAll(runtimeEndpoints);
        environment.putAll(credentials);
        dataDirectory.ifPresent(dir -> environment.put("TRADEWIND_LOCAL_DATA_DIR", dir.toAbsolutePath().toString()));
        return environment;
    }

    private static String lambdaPath(String value, FunctionArtifacts artifacts) {
        if (value.equals("/opt") || value.startsWith("/opt/")) {
            return artifacts.optDirectory() + value.substring("/opt".length());
        }
        if (value.equals("/var/task") || value.startsWith("/var/task/")) {
            return artifacts.taskDirectory() + value.substring("/var/task".length());
        }
        return value;
    }
}
